import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logPrivacyScan } from './log-privacy-scan';
import { LearnerPersonalData } from './privacy-scan';

const dilnoza: LearnerPersonalData = {
  learnerId: 'l-1',
  fullName: 'Dilnoza Karimova',
  dateOfBirth: '2008-03-14',
  email: 'dilnoza.k@example.uz',
  phone: '+998 90 123 45 67',
};
const other: LearnerPersonalData = { learnerId: 'l-2', fullName: 'Learner abc12345 Number2', dateOfBirth: '2001-02-12' };
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', time: '2026-03-14T08:00:00.000Z', service: 'hamkor', pid: 4242, component: 'learners', ...fields });
const found = (lines: string[], learners = [dilnoza, other]) => logPrivacyScan(lines, learners).findings.map((f) => [f.line, f.learnerId, f.what]);

describe('logPrivacyScan', () => {
  it('finds a planted name, e-mail, phone and birth date in JSON log lines, however they are written', () => {
    expect(
      found([
        line({ msg: 'enrolled KARIMOVA,  dilnoza?' }),
        line({ msg: 'enrolled', learner: { name: 'dilnoza   karimova' } }),
        line({ err: { message: 'duplicate key (email)=(Dilnoza.K@Example.uz) already exists' } }),
        line({ msg: 'sms to 998901234567 failed' }),
        line({ msg: 'sms to (90) 123-45-67 failed' }),
        line({ msg: 'row 3: born 14.03.2008' }),
        line({ row: ['x', '14/03/2008'] }),
        line({ msg: 'born 2008-03-14' }),
        line({ msg: 'first line\nDilnoza Karimova on the next' }),
      ]),
    ).toEqual([
      [1, 'l-1', 'name'],
      [2, 'l-1', 'name'],
      [3, 'l-1', 'e-mail'],
      [4, 'l-1', 'phone'],
      [5, 'l-1', 'phone'],
      [6, 'l-1', 'date of birth'],
      [7, 'l-1', 'date of birth'],
      [8, 'l-1', 'date of birth'],
      [9, 'l-1', 'name'],
    ]);
  });

  it('finds a name written surname first, and the output of a crashed process that is not JSON', () => {
    expect(found([line({ msg: 'Karimova Dilnoza' }), 'TypeError: cannot enrol Dilnoza Karimova\n    at enrol (learners.service.ts:12)'])).toEqual([
      [1, 'l-1', 'name'],
      [2, 'l-1', 'name'],
    ]);
  });

  it('does not mistake the ordinary content of a log line for personal data', () => {
    expect(
      found([
        // words of names, a timestamp on the birth date, numbers in separate fields, a longer address
        line({ msg: 'learner enrolled: Dilnoza from the Number2 cohort', learnerId: 'l-2', number: 2, ms: 9989012, port: 34567 }),
        line({ msg: 'graduation', graduatedOn: '2026-03-14', code: 99890, seq: 1234567 }),
        line({ msg: 'dilnoza.k@example.uz.invalid is not an address of hers', email: undefined }),
      ]),
    ).toEqual([]);
  });

  it('counts lines and the processes that wrote them', () => {
    const report = logPrivacyScan([line({ msg: 'a' }), line({ msg: 'b', pid: 7 }), 'not json', ''], [dilnoza]);
    expect(report).toEqual({ lines: 4, processes: 2, findings: [] });
  });

  it("reads what the platform's logger writes to LOG_TEE_FILE: a name in a message is found, redacted fields are not", () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-privacy-'));
    const file = join(dir, 'run.jsonl');
    const env = { LOG_TEE_FILE: file, LOG_TEE_LEVEL: 'debug', LOG_LEVEL: 'silent' };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    try {
      Object.assign(process.env, env);
      jest.isolateModules(() => {
        const { logger } = require('@hamkor/observability') as typeof import('@hamkor/observability');
        const log = logger('learners');
        log.info({ learner: { fullName: dilnoza.fullName, email: dilnoza.email, phone: dilnoza.phone, dateOfBirth: dilnoza.dateOfBirth } }, 'enrolled');
        log.debug(`could not reach ${dilnoza.fullName}`);
      });
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['enrolled', 'could not reach Dilnoza Karimova']);
      expect(logPrivacyScan(lines, [dilnoza]).findings).toEqual([{ line: 2, pid: process.pid, component: 'learners', learnerId: 'l-1', what: 'name' }]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
