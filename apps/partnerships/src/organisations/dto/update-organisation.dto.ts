import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';

// IsOptional lets null through too; these columns cannot be emptied, so only an absent field is skipped.
const unlessAbsent = () => ValidateIf((_, v) => v !== undefined);

/** A partial profile change; the type and the verification are not the organisation's to change. */
export class UpdateOrganisationDto {
  @ApiPropertyOptional({ example: 'Tashkent Vocational College No. 3 named after A. Navoi', maxLength: 300 })
  @unlessAbsent()
  @IsString()
  @Length(2, 300)
  name?: string;

  @ApiPropertyOptional({ example: 'UZ-TK', description: 'ISO 3166-2 region code' })
  @unlessAbsent()
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiPropertyOptional({ example: 'Chilonzor district, 14' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ example: 'partners@college3.uz' })
  @unlessAbsent()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;
}
