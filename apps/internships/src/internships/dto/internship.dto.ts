import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@hamkor/http';
import { InternshipStatus } from '../internship.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class GuardianConsentDto {
  @ApiProperty({ example: '2027-01-20', format: 'date', description: 'when the guardian signed' })
  @Matches(DATE, { message: 'obtainedOn must be a date like 2027-01-20' })
  @IsISO8601({ strict: true })
  obtainedOn!: string;

  @ApiProperty({ example: 'CONSENT-2027-0142', description: "the school's own reference to the signed form (no names)", maxLength: 100 })
  @IsString()
  @Length(1, 100)
  documentRef!: string;
}

export class ConfirmNominationDto {
  @ApiPropertyOptional({ type: GuardianConsentDto, description: 'required when the learner is a minor' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianConsentDto)
  guardianConsent?: GuardianConsentDto;
}

export class ReasonDto {
  @ApiProperty({ example: 'the family moved to another region', maxLength: 1000 })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class RecordStartDto {
  @ApiPropertyOptional({ example: '2027-01-29', format: 'date', description: 'when it really started (default today); not in the future' })
  @IsOptional()
  @Matches(DATE, { message: 'startedOn must be a date like 2027-01-29' })
  @IsISO8601({ strict: true })
  startedOn?: string;
}

export class RecordCompletionDto {
  @ApiPropertyOptional({ example: '2027-05-28', format: 'date', description: 'when it really ended (default today); not in the future' })
  @IsOptional()
  @Matches(DATE, { message: 'completedOn must be a date like 2027-05-28' })
  @IsISO8601({ strict: true })
  completedOn?: string;

  @ApiPropertyOptional({ example: 320, description: 'hours worked (default: the hours of the evaluation, if any)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  hours?: number;
}

export class CompetencyScoreDto {
  @ApiProperty({ example: 'cnc-setup', description: 'one of the placement’s competencies' })
  @IsString()
  @Length(1, 100)
  competency!: string;

  @ApiProperty({ example: 4, minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;
}

export class EvaluateDto {
  @ApiProperty({ type: [CompetencyScoreDto], description: 'one score per competency of the placement' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CompetencyScoreDto)
  scores!: CompetencyScoreDto[];

  @ApiProperty({ example: 320, minimum: 0, maximum: 5000 })
  @IsInt()
  @Min(0)
  @Max(5000)
  hours!: number;

  @ApiPropertyOptional({ example: 'Careful and quick to learn; ready for unsupervised setup.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export class SchoolAssessmentDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  grade!: number;

  @ApiPropertyOptional({ example: 'Report defended with distinction.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

const STATUSES: InternshipStatus[] = ['confirmed', 'started', 'completed', 'withdrawn', 'cancelled'];

export class ListInternshipsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: InternshipStatus;
}

export class SummaryQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}
