import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@hamkor/contracts';
import { EventConsumer, HandleEvents } from '@hamkor/messaging';
import { NotificationDispatcher } from './dispatcher.service';
import { ROUTING_TABLE } from './routing-table';

/**
 * Consumes every event type of the routing table. The handlers are generated from the table (one
 * @HandleEvents method per line, taking consecutive events of its type together), so adding a line is all it takes to route a new event.
 */
@Injectable()
@EventConsumer('notifications')
export class RoutedEventsConsumer {
  constructor(readonly dispatcher: NotificationDispatcher) {}
}

for (const rule of ROUTING_TABLE) {
  const name = `on ${rule.contract.type}`;
  const handler = function (this: RoutedEventsConsumer, events: Array<EventEnvelope<unknown>>, tx: EntityManager): Promise<number> {
    return this.dispatcher.dispatch(rule, events, tx);
  };
  Object.defineProperty(RoutedEventsConsumer.prototype, name, { value: handler, writable: false, enumerable: false, configurable: false });
  HandleEvents(rule.contract)(RoutedEventsConsumer.prototype, name, Object.getOwnPropertyDescriptor(RoutedEventsConsumer.prototype, name)!);
}
