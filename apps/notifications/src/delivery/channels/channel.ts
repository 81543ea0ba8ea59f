import { LoadedDelivery } from '../delivery.repository';

/** How one kind of message leaves the platform. */
export interface DeliveryChannel {
  /** Resolves when the other side accepted the message; throws DeliveryFailed or SkipDelivery. */
  send(d: LoadedDelivery): Promise<{ statusCode?: number }>;
}

/** The recipient is gone (person removed, endpoint deleted or disabled): nothing to retry. */
export class SkipDelivery extends Error {}

/** The other side refused or did not answer; retried with backoff. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}
