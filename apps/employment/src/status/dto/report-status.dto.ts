import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { GRADUATE_STATUSES, GraduateStatus } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';

export class ReportStatusDto {
  @ApiProperty({ enum: GRADUATE_STATUSES, example: 'employed' })
  @IsIn(GRADUATE_STATUSES)
  status!: GraduateStatus;

  @ApiProperty({ example: '2027-09-01', format: 'date', description: 'the day the status began (not in the future)' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveOn must be a date like 2027-09-01' })
  effectiveOn!: string;

  @ApiPropertyOptional({ example: 'manufacturing', description: 'economic sector of the job or study' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sector?: string;

  @ApiPropertyOptional({ format: 'uuid', example: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', description: 'the employer organisation, where it is on the platform (an enterprise reporting a hire is the employer)' })
  @IsOptional()
  @IsUUID()
  employerId?: string;
}

export class StatusHistoryQuery extends PageQueryDto {}
