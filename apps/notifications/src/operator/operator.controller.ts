import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hamkor/auth';
import { DeadLettersQuery } from './dto/dead-letters.query';
import { OperatorService } from './operator.service';

/** The platform operator's view of delivery: dead letters, replay, queue depth. */
@ApiTags('operator')
@Controller('operator')
@Roles('platform_admin')
export class OperatorController {
  constructor(private readonly operator: OperatorService) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'Messages that used up their attempts, newest first (paginated)' })
  deadLetters(@Query() q: DeadLettersQuery) {
    return this.operator.deadLetters(q);
  }

  @Post('dead-letters/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a dead letter again with fresh attempts' })
  @ApiOkResponse({ schema: { example: { id: '5f0c...', status: 'queued', replays: 1 } } })
  replay(@Param('deliveryId', new ParseUUIDPipe()) id: string) {
    return this.operator.replay(id);
  }

  @Get('queue')
  @ApiOperation({ summary: 'Job counts of the notifications queue (also on /metrics as hamkor_notifications_queue_jobs)' })
  @ApiOkResponse({ schema: { example: { queue: 'notifications', counts: { waiting: 0, active: 2, delayed: 5, failed: 1, completed: 0, prioritized: 0 } } } })
  queue() {
    return this.operator.queueOverview();
  }
}
