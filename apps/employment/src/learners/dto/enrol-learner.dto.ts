import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export const REGION_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,28}$/;

/** One learner as a school enrols them (also one row of a bulk JSON or CSV upload). */
export class EnrolLearnerDto {
  @ApiProperty({ example: 'TVC3-2024-0117', description: "the school's own reference for the learner, unique within the school" })
  @IsString()
  @Length(1, 64)
  schoolRef!: string;

  @ApiProperty({ example: 'Dilnoza Karimova' })
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ example: '2008-03-14', format: 'date' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date like 2008-03-14' })
  dateOfBirth!: string;

  @ApiProperty({ example: 'mechatronics' })
  @IsString()
  @Length(1, 100)
  specialty!: string;

  @ApiProperty({ example: 2024, description: 'year the cohort started' })
  @IsInt()
  @Min(1990)
  @Max(2100)
  cohortYear!: number;

  @ApiProperty({ example: '2027-06-30', format: 'date' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expectedGraduation must be a date like 2027-06-30' })
  expectedGraduation!: string;

  @ApiProperty({ example: 'UZ-TK', description: 'ISO 3166-2 region code' })
  @Matches(REGION_PATTERN, { message: 'region must be a region code like UZ-TK' })
  region!: string;

  @ApiPropertyOptional({ example: 'dilnoza.k@example.uz' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+998 90 123 45 67' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number like +998 90 123 45 67' })
  phone?: string;

  @ApiPropertyOptional({ example: true, default: false, description: 'the learner agrees to be contacted for follow-ups after graduation' })
  @IsOptional()
  @IsBoolean()
  consentFollowUpContact?: boolean;

  @ApiPropertyOptional({ example: false, default: false, description: 'the learner agrees that an employment centre may receive their contact details' })
  @IsOptional()
  @IsBoolean()
  consentShareWithCentre?: boolean;
}

export class BulkEnrolResult {
  @ApiProperty({ example: 2500 }) enrolled!: number;
  @ApiProperty({ example: ['9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d'], description: 'learner ids in the order of the rows' }) learnerIds!: string[];
}
