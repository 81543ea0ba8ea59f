import { BadRequestException } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';
import { createValidationPipe, PageQueryDto } from '@hamkor/http';

class Tags {
  @IsArray()
  @ArrayMaxSize(3)
  tags!: string[];

  @IsString()
  @MinLength(2)
  @MaxLength(5)
  name!: string;
}

/** The problem's `errors` for a value the request validation refuses. */
async function refusal(value: object, metatype: new () => object, type: 'query' | 'body' = 'query') {
  try {
    await createValidationPipe().transform(value, { type, metatype });
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: Array<{ field: string; message: string }> }).errors;
  }
  throw new Error('accepted');
}

describe('request validation: one message per field when its value is of the wrong kind', () => {
  it('a page size that is not a number is only "must be an integer"', async () => {
    expect(await refusal({ limit: 'abc' }, PageQueryDto)).toEqual([{ field: 'limit', message: 'limit must be an integer number' }]);
  });

  it('a number out of range still says which bound', async () => {
    expect(await refusal({ limit: '500' }, PageQueryDto)).toEqual([{ field: 'limit', message: 'limit must not be greater than 100' }]);
    expect(await refusal({ limit: '0' }, PageQueryDto)).toEqual([{ field: 'limit', message: 'limit must not be less than 1' }]);
  });

  it('every failure of a value of the right kind is listed', async () => {
    const errors = await refusal({ tags: ['a', 'b', 'c', 'd'], name: 'x' }, Tags, 'body');
    expect(errors).toEqual([
      { field: 'tags', message: 'tags must contain no more than 3 elements' },
      { field: 'name', message: 'name must be longer than or equal to 2 characters' },
    ]);
    expect(await refusal({ tags: 'a', name: 7 }, Tags, 'body')).toEqual([
      { field: 'tags', message: 'tags must be an array' },
      { field: 'name', message: 'name must be a string' },
    ]);
  });
});
