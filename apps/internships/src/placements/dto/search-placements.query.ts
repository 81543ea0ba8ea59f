import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export const PLACEMENT_SORTS = ['startsOn', 'deadline'] as const;
export type PlacementSort = (typeof PLACEMENT_SORTS)[number];

export class SearchPlacementsQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'UZ-TK' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiPropertyOptional({ example: 'mechatronics' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string;

  @ApiPropertyOptional({ example: 'cnc-setup', description: 'placements that train this competency' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  competency?: string;

  @ApiPropertyOptional({ example: '2027-02-01', description: 'starting on or after this date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  startsFrom?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'ending on or before this date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  endsBy?: string;

  @ApiPropertyOptional({ example: 'cnc milling', description: 'words in the title, description, location or specialty' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  text?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "one enterprise's placements" })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @ApiPropertyOptional({ default: true, description: 'only placements still taking nominations' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  openOnly?: boolean;

  @ApiPropertyOptional({ enum: PLACEMENT_SORTS, default: 'startsOn' })
  @IsOptional()
  @IsIn(PLACEMENT_SORTS)
  sort?: PlacementSort;
}
