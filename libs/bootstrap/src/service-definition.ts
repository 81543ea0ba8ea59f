import { Type } from '@nestjs/common';
import { ServiceName } from '@hamkor/config';
import { ServicePersistence } from '@hamkor/persistence';

/** What a service app hands to the bootstrap: its root module, its schema and migrations, its docs. */
export interface ServiceDefinition {
  name: ServiceName;
  title: string;
  description: string;
  module: Type<unknown>;
  persistence: Omit<ServicePersistence, 'schema'>;
}
