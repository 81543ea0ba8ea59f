import { SetMetadata } from '@nestjs/common';
import { EventContract } from '@hamkor/contracts';

export const EVENT_CONSUMER = 'hamkor:event-consumer';
export const EVENT_HANDLER = 'hamkor:event-handler';

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
