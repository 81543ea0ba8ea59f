import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@hamkor/auth';
import { InboxQuery } from './dto/inbox.query';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@Controller('me/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'My in-app messages, newest first (paginated; ?unread=true for unread only)' })
  @ApiOkResponse({ schema: { example: { items: [{ id: '5f0c...', eventType: 'employment.graduate.follow_up_due', subject: 'Graduate follow-up due: 6 months', text: '...', critical: false, createdAt: '2027-12-30T09:00:00.000Z', readAt: null }] } } })
  list(@CurrentPrincipal() caller: Principal, @Query() q: InboxQuery) {
    return this.inbox.list(caller, q);
  }

  @Get('unread-count')
  @ApiOkResponse({ schema: { example: { unread: 3 } } })
  unreadCount(@CurrentPrincipal() caller: Principal) {
    return this.inbox.unreadCount(caller);
  }

  @Post(':messageId/read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'marked read (again is fine)' })
  markRead(@CurrentPrincipal() caller: Principal, @Param('messageId', new ParseUUIDPipe()) id: string) {
    return this.inbox.markRead(caller, id);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ schema: { example: { marked: 3 } } })
  markAllRead(@CurrentPrincipal() caller: Principal) {
    return this.inbox.markAllRead(caller);
  }
}
