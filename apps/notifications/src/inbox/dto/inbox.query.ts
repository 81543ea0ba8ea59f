import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

export class InboxQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'only unread messages' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}
