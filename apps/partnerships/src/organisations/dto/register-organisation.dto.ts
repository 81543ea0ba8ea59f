import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ORGANISATION_TYPES, OrganisationType } from '@hamkor/contracts';

export class RegisterOrganisationDto {
  @ApiPropertyOptional({ description: "the organisation's id as issued by the identity provider; generated when absent (platform admins only)", format: 'uuid' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, example: 'school' })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiProperty({ example: 'Tashkent Vocational College No. 3', maxLength: 300 })
  @IsString()
  @Length(2, 300)
  name!: string;

  @ApiProperty({ example: 'UZ-TK', description: 'ISO 3166-2 region code' })
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region!: string;

  @ApiPropertyOptional({ example: 'Chilonzor district, 12' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ example: 'office@college3.uz' })
  @IsEmail()
  @MaxLength(254)
  contactEmail!: string;
}
