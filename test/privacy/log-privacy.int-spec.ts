import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { employmentService } from '@hamkor/employment';
import { as, LearnerPersonalData, logPrivacyScan, PlatformProcess, startConsumerGroupsAtEnd, TestPlatform } from '@hamkor/testing';

/**
 * The privacy rule over the log of the whole run (issues 4 and 9): no log line, at any level, from any process
 * of this jest run carries a learner's name, date of birth, e-mail or phone. Every test process and every
 * platform process they start append to the run's LOG_TEE_FILE (set by global-setup); this file runs last
 * (libs/testing/src/log-privacy-last.sequencer.js) and looks there for every learner the run's database holds.
 * It first enrols learners of its own in both running modes (in this process and in a child process),
 * through the paths that see personal data (enrolment, bulk CSV, refused rows, a conflict, a correction,
 * erasure), so the scan means something when it runs alone too.
 */
describe('log privacy: the log of the whole run', () => {
  const logFile = process.env.LOG_TEE_FILE;
  const tag = randomUUID().slice(0, 8);
  const inProcess = new TestPlatform([employmentService]);
  let child: PlatformProcess;
  const own: LearnerPersonalData[] = [];

  beforeAll(async () => {
    if (!logFile) throw new Error('LOG_TEE_FILE is not set: run this through jest, whose global-setup gives the run its log file');
    await inProcess.start();
    const groupPrefix = `${inProcess.groupPrefix}-child`;
    await startConsumerGroupsAtEnd([`${groupPrefix}.employment`]);
    child = await PlatformProcess.start('log-privacy-employment', { HAMKOR_SERVICES: 'employment', KAFKA_GROUP_PREFIX: groupPrefix, DEMO_DATA: 'false' });
    await child.ready(120_000);
  }, 180_000);

  afterAll(async () => {
    await child?.stop();
    await inProcess.stop();
  });

  it('enrols, refuses, corrects and erases learners with personal data in both running modes', async () => {
    for (const [mode, url] of [['in-process', inProcess.url], ['child', child.url]] as const) {
      const token = await inProcess.token(as.orgAdmin('school'));
      const call = (method: string, path: string, body?: unknown, type = 'application/json') =>
        fetch(`${url}/employment${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': type, 'idempotency-key': randomUUID() },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      const person = (i: number) => ({
        schoolRef: `${tag}-${mode}-${i}`,
        fullName: `Dilnoza ${mode === 'child' ? 'Yusupova' : 'Karimova'} Privacy${tag}x${i}`,
        dateOfBirth: `2007-0${i}-2${i}`,
        email: `dilnoza.${i}.${mode}.${tag}@example.uz`,
        phone: `+998 9${i} 4${i}${i} ${i}${i} 0${i}`,
        specialty: 'mechatronics',
        cohortYear: 2024,
        expectedGraduation: '2027-06-30',
        region: 'UZ-TK',
        consentFollowUpContact: i % 2 === 0,
        consentShareWithCentre: i % 2 === 1,
      });
      const remember = (id: string, p: ReturnType<typeof person>) =>
        own.push({ learnerId: id, fullName: p.fullName, dateOfBirth: p.dateOfBirth, email: p.email, phone: p.phone });

      const one = person(1);
      const enrolled = await call('POST', '/learners', one);
      expect(enrolled.status).toBe(201);
      const { id } = (await enrolled.json()) as { id: string };
      remember(id, one);
      // The same school reference again: a conflict; a malformed date and phone: a refused request.
      expect((await call('POST', '/learners', one)).status).toBe(409);
      expect((await call('POST', '/learners', { ...person(2), dateOfBirth: '2007-02-31x', phone: 'call me' })).status).toBe(400);
      // Broken JSON that carries a name, and a CSV upload with one bad row (nothing enrolled), then a good one.
      expect((await call('POST', '/learners', `{"fullName": "${person(2).fullName}", `)).status).toBe(400);
      const csvRow = (p: ReturnType<typeof person>, dateOfBirth = p.dateOfBirth) =>
        [p.schoolRef, p.fullName, dateOfBirth, p.specialty, p.cohortYear, p.expectedGraduation, p.region, p.email, p.phone, 'yes', 'no'].join(',');
      const header = 'schoolRef,fullName,dateOfBirth,specialty,cohortYear,expectedGraduation,region,email,phone,consentFollowUpContact,consentShareWithCentre';
      const [two, three] = [person(2), person(3)];
      expect((await call('POST', '/learners/bulk', `${header}\n${csvRow(two)}\n${csvRow(three, '14.03.2008')}\n`, 'text/csv')).status).toBe(422);
      const bulk = await call('POST', '/learners/bulk', `${header}\n${csvRow(two)}\n${csvRow(three)}\n`, 'text/csv');
      expect(bulk.status).toBe(201);
      const { learnerIds: ids } = (await bulk.json()) as { learnerIds: string[] };
      remember(ids[0], two);
      remember(ids[1], three);
      // A correction, a read, and an erasure (whose data this file still knows, unlike the database).
      expect((await call('PATCH', `/learners/${ids[0]}`, { phone: '+998 97 555 44 33' })).status).toBe(200);
      own.push({ learnerId: ids[0], fullName: two.fullName, dateOfBirth: two.dateOfBirth, phone: '+998 97 555 44 33' });
      expect((await call('GET', `/learners/${id}`)).status).toBe(200);
      expect((await call('POST', `/learners/${ids[1]}/erasure`)).status).toBe(200);
    }
  });

  it('has no name, date of birth, e-mail or phone of any learner in any line of the log', async () => {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    let stored: LearnerPersonalData[];
    let erased: number;
    try {
      const { rows } = await db.query(
        `SELECT id, full_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, email, phone FROM employment.learner
          WHERE full_name IS NOT NULL AND date_of_birth IS NOT NULL`,
      );
      stored = rows.map((r) => ({ learnerId: r.id, fullName: r.full_name, dateOfBirth: r.date_of_birth, email: r.email ?? undefined, phone: r.phone ?? undefined }));
      erased = (await db.query(`SELECT count(*)::int AS n FROM employment.learner WHERE erased_at IS NOT NULL`)).rows[0].n;
    } finally {
      await db.end();
    }
    const ownIds = new Set(own.map((l) => l.learnerId));
    const others = stored.filter((l) => !ownIds.has(l.learnerId));
    const lines = readFileSync(logFile!, 'utf8').split('\n');
    const report = logPrivacyScan(lines, [...others, ...own]);

    const scope = others.length === 0 ? 'only this file ran: the scan covers what it logged itself' : `the learners of every test file of the run`;
    console.log(
      `log privacy scan of run ${process.env.HAMKOR_TEST_RUN} (${logFile}): ${report.lines} lines from ${report.processes} processes; ` +
        `${others.length + own.length} learners (${others.length} enrolled by other test files, ${own.length} by this one), ${scope}; ` +
        `${erased} erased learners whose data the database no longer holds were looked for only if this file enrolled them; ` +
        `${report.findings.length} findings` +
        report.findings.slice(0, 20).map((f) => `\n  line ${f.line} (pid ${f.pid ?? '?'}, ${f.component ?? 'no component'}): learner ${f.learnerId}'s ${f.what}`).join(''),
    );

    // The log is real: this file's own two processes wrote to it, and the rest of the run did too.
    const pids = new Set(lines.map((l) => /"pid":(\d+)/.exec(l)?.[1]));
    expect(pids.has(String(process.pid))).toBe(true);
    expect(pids.has(String(child.pid))).toBe(true);
    expect(report.processes).toBeGreaterThan(1);
    expect(report.lines).toBeGreaterThan(others.length === 0 ? 50 : 1000);
    expect(report.findings).toEqual([]);
  });
});
