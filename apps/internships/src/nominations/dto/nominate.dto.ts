import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';
import { NominationStatus } from '../nomination.entity';

export class NominateDto {
  @ApiProperty({ format: 'uuid', example: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d' })
  @IsUUID()
  placementId!: string;

  @ApiProperty({ format: 'uuid', example: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d', description: 'a learner your school enrolled' })
  @IsUUID()
  learnerId!: string;

  @ApiProperty({ example: 'Top of the CNC class; built the school robot arm.', minLength: 10, maxLength: 1000 })
  @IsString()
  @Length(10, 1000)
  motivation!: string;
}

export class RejectNominationDto {
  @ApiProperty({ example: 'the placement needs welding experience', maxLength: 1000 })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

const STATUSES: NominationStatus[] = ['pending', 'accepted', 'rejected', 'confirmed'];

export class ListNominationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: NominationStatus;
}
