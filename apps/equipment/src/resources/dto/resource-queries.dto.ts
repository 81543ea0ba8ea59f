import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { RESOURCE_KINDS, ResourceKind } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';

/** An instant with an explicit offset, so "10:00" is never read in the server's zone. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
export const INSTANT_MESSAGE = 'must be an ISO 8601 date-time with an offset, like 2026-10-05T09:00:00+05:00';

export class SearchResourcesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: RESOURCE_KINDS })
  @IsOptional()
  @IsIn(RESOURCE_KINDS)
  kind?: ResourceKind;

  @ApiPropertyOptional({ example: 'UZ-TK' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiPropertyOptional({ description: 'part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '2026-10-05T09:00:00+05:00', description: 'with `to`: only resources free and open for this whole window' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-05T12:00:00+05:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;

  @ApiPropertyOptional({ description: 'only my own resources', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}

export class AvailabilityQuery {
  @ApiProperty({ example: '2026-10-05T00:00:00+05:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: '2026-10-12T00:00:00+05:00', description: 'at most 62 days after from' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to!: string;
}

export class CreateBlackoutDto {
  @ApiProperty({ example: '2026-12-28T00:00:00+05:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `startsAt ${INSTANT_MESSAGE}` })
  startsAt!: string;

  @ApiProperty({ example: '2027-01-04T00:00:00+05:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `endsAt ${INSTANT_MESSAGE}` })
  endsAt!: string;

  @ApiPropertyOptional({ example: 'winter maintenance', maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  reason?: string;
}
