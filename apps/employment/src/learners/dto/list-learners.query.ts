import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export class ListLearnersQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 2024 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  cohortYear?: number;

  @ApiPropertyOptional({ example: 'mechatronics' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string;

  @ApiPropertyOptional({ enum: ['enrolled', 'graduated'] })
  @IsOptional()
  @IsIn(['enrolled', 'graduated'])
  stage?: 'enrolled' | 'graduated';
}
