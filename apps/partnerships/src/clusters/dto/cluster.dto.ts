import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export class CreateClusterDto {
  @ApiProperty({ example: 'Chilonzor engineering cluster', maxLength: 300 })
  @IsString()
  @Length(2, 300)
  name!: string;

  @ApiPropertyOptional({ example: 'UZ-TK', description: "ISO 3166-2 region code; the coordinator's region when absent" })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region?: string;

  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', description: 'the anchor university, which must accept' })
  @IsUUID()
  anchorUniversityId!: string;
}

export class InviteMemberDto {
  @ApiProperty({ format: 'uuid', example: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', description: 'the organisation invited (of any type)' })
  @IsUUID()
  organisationId!: string;
}

export class ListClustersQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'UZ-TK' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only clusters this organisation is an active member of' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ description: 'part of the name, case-insensitive', example: 'engineering' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}
