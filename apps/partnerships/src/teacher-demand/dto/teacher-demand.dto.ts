import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';
import { MAX_HORIZON } from '../forecast';

const SUBJECT = /^[a-z][a-z0-9_-]{1,49}$/;
const SUBJECT_MESSAGE = 'subject must be a lower-case code like mathematics or computer_science';

export class FileStaffingReturnDto {
  @ApiProperty({ example: 2026, description: 'the school year the figures are for (its first calendar year)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: 'mathematics' })
  @Matches(SUBJECT, { message: SUBJECT_MESSAGE })
  subject!: string;

  @ApiProperty({ example: 10, description: 'teachers of the subject now' })
  @IsInt()
  @Min(0)
  @Max(100000)
  teachersNow!: number;

  @ApiProperty({ example: [1, 0, 2, 1, 0], description: 'teachers retiring in each of the next 5 years' })
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(100000, { each: true })
  retiring!: number[];

  @ApiProperty({ example: 20, description: 'classes now' })
  @IsInt()
  @Min(0)
  @Max(100000)
  classesNow!: number;

  @ApiProperty({ example: [22, 24, 25, 27, 30], description: 'classes projected for each of the next 5 years' })
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(100000, { each: true })
  classesProjected!: number[];

  @ApiProperty({ example: 5, description: 'weekly hours of the subject per class' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.5)
  @Max(60)
  weeklyHoursPerClass!: number;

  @ApiProperty({ example: 18, description: 'weekly teaching hours of one full-time teacher' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(1)
  @Max(60)
  weeklyHoursPerTeacher!: number;
}

export class ListStaffingReturnsQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'the operator only: whose returns' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class ForecastQuery {
  @ApiProperty({ example: 'mathematics' })
  @Matches(SUBJECT, { message: SUBJECT_MESSAGE })
  subject!: string;

  @ApiProperty({ example: 2026, description: 'the year of the staffing returns to forecast from' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ example: 5, minimum: 3, maximum: MAX_HORIZON, default: MAX_HORIZON, description: 'years ahead' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(3)
  @Max(MAX_HORIZON)
  horizon?: number;

  @ApiPropertyOptional({ example: 'UZ-TK', description: 'the schools of a region (universities and the operator)' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the member schools of a cluster (universities and the operator)' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one school: a school itself, or the operator' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
