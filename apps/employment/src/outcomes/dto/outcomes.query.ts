import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { REGION_PATTERN } from '../../learners/dto/enrol-learner.dto';

export const GROUP_BY = ['school', 'region', 'specialty', 'cohortYear'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Filters combine; the caller must be entitled to the scope (own school, a cluster it belongs to, a followed region). */
export class OutcomesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'a school (schools: their own, the default)' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'every school of a cluster the caller is a member of' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @ApiPropertyOptional({ example: 'UZ-TK', description: 'graduates of a region (employment centres: a region they follow)' })
  @IsOptional()
  @Matches(REGION_PATTERN, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiPropertyOptional({ example: 'mechatronics' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string;

  @ApiPropertyOptional({ example: 2024 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  cohortYear?: number;

  @ApiPropertyOptional({ enum: GROUP_BY, description: 'also break the figures down by this attribute' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;
}
