import { spawnSync } from 'node:child_process';
import { ConfigError, parseConfig } from './load-config';

describe('configuration', () => {
  it('has defaults for a local machine', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, HAMKOR_SERVICES: ['partnerships', 'internships', 'equipment', 'employment', 'notifications'], KAFKA_BROKERS: 'localhost:9092' });
  });

  it('selects services by a comma list', () => {
    expect(parseConfig({ HAMKOR_SERVICES: 'employment, notifications' }).HAMKOR_SERVICES).toEqual(['employment', 'notifications']);
  });

  it('names every bad variable', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', HAMKOR_SERVICES: 'payroll', KAFKA_TOPIC_PARTITIONS: 'a=0' });
      fail('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'HAMKOR_SERVICES', 'KAFKA_TOPIC_PARTITIONS']) expect(text).toContain(name);
    }
  });

  it('stops a process with a bad variable, naming it', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', "require('./libs/config/src/load-config').loadConfigOrExit()"],
      { env: { ...process.env, PORT: '-5' }, encoding: 'utf8' },
    );
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('PORT');
  });
});
