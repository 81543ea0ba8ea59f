import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ORGANISATION_TYPES, OrganisationType } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';

export class ListOrganisationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ example: 'UZ-TK' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)
  region?: string;

  @ApiPropertyOptional({ description: 'part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}
