import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { AGREEMENT_SCOPES, AgreementScope } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';
import { AgreementStatus } from '../agreement.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const AGREEMENT_STATUSES: AgreementStatus[] = ['draft', 'proposed', 'signed', 'active', 'expired', 'terminated'];

export class CreateAgreementDto {
  @ApiProperty({ example: 'Memorandum on internships and shared workshops', maxLength: 300 })
  @IsString()
  @Length(2, 300)
  title!: string;

  @ApiProperty({
    description: "the parties' organisation ids (2 to 50); the caller's organisation is always a party and is added when absent",
    example: ['5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  parties!: string[];

  @ApiProperty({ enum: AGREEMENT_SCOPES, isArray: true, example: ['internships', 'equipment'] })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AGREEMENT_SCOPES, { each: true })
  scopes!: AgreementScope[];

  @ApiProperty({ example: '2026-09-01', description: 'first day in force' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startsOn!: string;

  @ApiProperty({ example: '2027-08-31', description: 'last day in force; it expires the day after' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endsOn!: string;

  @ApiPropertyOptional({ example: 'MoC-2026/114 (signed scan in the ministry registry)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  documentRef?: string;
}

export class TerminateAgreementDto {
  @ApiProperty({ example: 'the workshop closed', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ListAgreementsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;

  @ApiPropertyOptional({ enum: AGREEMENT_SCOPES })
  @IsOptional()
  @IsIn(AGREEMENT_SCOPES)
  scope?: AgreementScope;
}
