import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { InboxQuery } from './dto/inbox.query';
import { InboxRepository } from './inbox.repository';

/** A person's own in-app messages; nobody else's are reachable through it, not even the operator's view. */
@Injectable()
export class InboxService {
  constructor(private readonly inbox: InboxRepository) {}

  list(caller: Principal, q: InboxQuery) {
    return this.inbox.list(this.personOf(caller), q.limit ?? DEFAULT_PAGE_SIZE, q.cursor, q.unread === 'true');
  }

  async unreadCount(caller: Principal) {
    return { unread: await this.inbox.unreadCount(this.personOf(caller)) };
  }

  async markRead(caller: Principal, id: string): Promise<void> {
    if (!(await this.inbox.markRead(this.personOf(caller), id))) throw new NotFoundException('no such message in your inbox');
  }

  async markAllRead(caller: Principal) {
    return { marked: await this.inbox.markAllRead(this.personOf(caller)) };
  }

  private personOf(caller: Principal): string {
    if (!caller.organisationId) throw new ForbiddenException('the inbox belongs to people acting for an organisation');
    return caller.userId;
  }
}
