import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsDateString, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export const MAX_LISTED_GRADUATES = 20_000;

/** Either the listed learners, or a whole cohort (optionally one specialty of it). */
export class GraduateDto {
  @ApiProperty({ example: '2027-06-30', format: 'date' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'graduatedOn must be a date like 2027-06-30' })
  graduatedOn!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: `up to ${MAX_LISTED_GRADUATES} learners of your school; or use cohortYear`, example: ['9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d'] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTED_GRADUATES)
  @IsUUID('all', { each: true })
  learnerIds?: string[];

  @ApiPropertyOptional({ example: 2024, description: 'graduate every not yet graduated learner of this cohort' })
  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  cohortYear?: number;

  @ApiPropertyOptional({ example: 'mechatronics', description: 'with cohortYear: only this specialty' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string;
}

export class GraduationResult {
  @ApiProperty({ example: 2400 }) graduated!: number;
  @ApiProperty({ example: 3, description: 'selected learners who had graduated before (left as they were)' }) alreadyGraduated!: number;
  @ApiProperty({ example: 7200 }) followUpsScheduled!: number;
}
