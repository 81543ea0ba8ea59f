import { applyDecorators, SetMetadata } from '@nestjs/common';
import { EventContract } from '@hamkor/contracts';

export const EVENT_CONSUMER = 'hamkor:event-consumer';
export const EVENT_HANDLER = 'hamkor:event-handler';
export const EVENT_BATCH_HANDLER = 'hamkor:event-batch-handler';

/**
 * Marks a provider whose methods handle events for one service. The service name is the consumer
 * group (`<prefix>.<service>`) and picks the DataSource whose inbox records what was handled.
 */
export const EventConsumer = (service: string) => SetMetadata(EVENT_CONSUMER, service);

/**
 * Marks a method as the handler of one event contract. It is called as `(event, tx)`: `event.data` is
 * already validated against the contract, and `tx` is the transaction in which the inbox row is written,
 * so the handler's effect and "this event was handled" commit together.
 */
export const HandleEvent = (contract: EventContract) => SetMetadata(EVENT_HANDLER, contract);

/**
 * Like HandleEvent, for a handler that does its work for many events at once (one query for all of
 * them rather than one each). It is called as `(events, tx)` with consecutive events of its contract
 * from one transaction of the consumer's fast path, in their order, and with a single event when a
 * message is retried on its own. It runs under the first event's correlation id; each envelope carries
 * its own.
 */
export const HandleEvents = (contract: EventContract) => applyDecorators(SetMetadata(EVENT_HANDLER, contract), SetMetadata(EVENT_BATCH_HANDLER, true));
