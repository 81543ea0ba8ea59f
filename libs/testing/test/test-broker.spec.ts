/**
 * Tests publish on the platform's real topics (the fuzz tests poison messages too), so they run on a
 * broker of their own: the platform of `npm start`, whose new consumer groups read every topic from its
 * beginning, would otherwise apply all of it (scripts/kafka.js, instances `dev` and `test`).
 */
describe('the broker of the test run', () => {
  const kafka = require('../../../scripts/kafka.js') as { ensureKafka(o: object): Promise<{ brokers: string }> };

  it('is the test instance, not the one of npm start', async () => {
    const testBroker = `localhost:${process.env.TEST_KAFKA_PORT ?? 9192}`;
    expect(process.env.KAFKA_BROKERS).toBe(testBroker);
    expect(testBroker).not.toBe(`localhost:${process.env.KAFKA_PORT ?? 9092}`);
    expect((await kafka.ensureKafka({ instance: 'test', quiet: true })).brokers).toBe(testBroker);
  });

  it('refuses an instance it does not know', async () => {
    await expect(kafka.ensureKafka({ instance: 'staging', quiet: true })).rejects.toThrow(/unknown broker instance "staging"/);
  });
});
