import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Role } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';

/** platform_admin is the operator's, granted by the identity provider, never by an organisation. */
export const ORGANISATION_ROLES = ['org_admin', 'coordinator', 'mentor', 'viewer'] as const;

export class AddPersonDto {
  @ApiPropertyOptional({ description: "the person's user id at the identity provider (the `sub` of their token); generated when absent", format: 'uuid' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'Dilnoza Karimova', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'coordinator@college3.uz', description: 'work e-mail; the notifications service sends to it' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, example: ['coordinator'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ORGANISATION_ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ enum: ['uz', 'ru', 'en'], default: 'uz', example: 'uz' })
  @IsOptional()
  @IsIn(['uz', 'ru', 'en'])
  language?: 'uz' | 'ru' | 'en';
}

export class UpdatePersonDto extends PartialType(OmitType(AddPersonDto, ['id'] as const)) {}

export class ListPeopleQuery extends PageQueryDto {}
