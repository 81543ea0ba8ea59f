/** Kafka topic names: `<service>.<aggregate>.v<major>`. WIRE CONTRACT: renaming one orphans its consumers. */
export interface TopicDefinition {
  readonly name: string;
  readonly service: string;
  readonly aggregate: string;
  readonly major: number;
  readonly description: string;
}

export function defineTopic(service: string, aggregate: string, major: number, description: string): TopicDefinition {
  return { name: `${service}.${aggregate}.v${major}`, service, aggregate, major, description };
}

/** Messages a consumer gave up on go to `<topic>.dlq`, with the error in headers. */
export function dlqTopicName(topic: string): string {
  return `${topic}.dlq`;
}
