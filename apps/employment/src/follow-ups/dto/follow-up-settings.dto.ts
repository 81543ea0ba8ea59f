import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, Max, Min } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export class FollowUpSettingsDto {
  @ApiProperty({ example: [6, 12, 36], description: 'months after graduation at which graduates are followed up (applies to graduations from now on)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(120, { each: true })
  followUpMonths!: number[];

  @ApiProperty({ example: 30, description: 'days after a follow-up is due before it counts as unanswered and is escalated' })
  @IsInt()
  @Min(1)
  @Max(365)
  overdueAfterDays!: number;
}

export class ListFollowUpsQuery extends PageQueryDto {}
