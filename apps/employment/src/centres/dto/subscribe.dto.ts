import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';
import { REGION_PATTERN } from '../../learners/dto/enrol-learner.dto';

export class SubscribeDto {
  @ApiProperty({ example: 'UZ-TK', description: 'the region whose graduates the centre wants to hear of' })
  @Matches(REGION_PATTERN, { message: 'region must be a region code like UZ-TK' })
  region!: string;
}

export class ListSubscriptionsQuery extends PageQueryDto {}
