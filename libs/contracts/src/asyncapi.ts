import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { EVENT_CONTRACTS, TOPICS } from './catalog';
import { dlqTopicName } from './topic';

/** Builds the AsyncAPI 3.0 document of every topic and event, from the contracts themselves. */
export function buildAsyncApiDocument(version = '1.0.0'): Record<string, unknown> {
  const envelopeJson = z.toJSONSchema(envelopeSchema.omit({ data: true }), { target: 'draft-07' }) as Record<string, any>;
  delete envelopeJson.$schema;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const topic of TOPICS) {
    const channelId = topic.name.replace(/\./g, '_');
    const contracts = EVENT_CONTRACTS.filter((c) => c.topic.name === topic.name);
    const channelMessages: Record<string, unknown> = {};
    for (const c of contracts) {
      const messageId = c.type.replace(/\./g, '_');
      const dataJson = z.toJSONSchema(c.data, { target: 'draft-07', io: 'input' }) as Record<string, any>;
      delete dataJson.$schema;
      messages[messageId] = {
        name: c.type,
        title: c.type,
        summary: c.description,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            'ce-type': { type: 'string', const: c.type },
            'ce-id': { type: 'string', description: 'the envelope id' },
          },
        },
        payload: {
          ...envelopeJson,
          properties: {
            ...envelopeJson.properties,
            type: { type: 'string', const: c.type },
            schemaversion: { type: 'integer', const: c.schemaversion },
            data: dataJson,
          },
          required: [...(envelopeJson.required ?? []), 'data'],
        },
        bindings: { kafka: { key: { type: 'string', description: 'the aggregate id (= subject)' }, bindingVersion: '0.5.0' } },
        examples: [{ name: 'example', payload: { ...exampleEnvelope(c.type, c.topic.service, c.schemaversion), data: c.example } }],
      };
      channelMessages[messageId] = { $ref: `#/components/messages/${messageId}` };
    }
    channels[channelId] = {
      address: topic.name,
      title: topic.name,
      description: `${topic.description} Undeliverable messages of consumers go to ${dlqTopicName(topic.name)}.`,
      messages: channelMessages,
      bindings: { kafka: { topic: topic.name, bindingVersion: '0.5.0' } },
    };
    operations[`publish_${channelId}`] = {
      action: 'send',
      title: `${topic.service} publishes ${topic.name}`,
      channel: { $ref: `#/channels/${channelId}` },
      messages: Object.keys(channelMessages).map((m) => ({ $ref: `#/channels/${channelId}/messages/${m}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'hamkor events',
      version,
      description:
        'Events between the hamkor services (partnerships, internships, equipment, employment, notifications). ' +
        'Every message is a CloudEvents-style JSON envelope; the Kafka key is the envelope subject (the aggregate id).',
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: 'localhost:9092', protocol: 'kafka', description: 'the development broker started by npm start' },
    },
    channels,
    operations,
    components: { messages },
  };
}

function exampleEnvelope(type: string, service: string, schemaversion: number) {
  return {
    id: '9a1f7c52-2c1e-4f57-9f0e-3b7e1d2c4a10',
    type,
    source: `/${service}`,
    subject: 'the aggregate id',
    time: '2026-09-01T09:00:00.000Z',
    specversion: '1.0',
    datacontenttype: 'application/json',
    schemaversion,
    correlationid: 'c0ffee00-1234-4567-89ab-cdef01234567',
  };
}
