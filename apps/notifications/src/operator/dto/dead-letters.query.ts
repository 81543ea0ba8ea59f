import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export class DeadLettersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['email', 'webhook'], example: 'webhook' })
  @IsOptional()
  @IsIn(['email', 'webhook'])
  channel?: 'email' | 'webhook';
}
