/**
 * A school's outcome report over a large population, next to a plain SQL baseline in the same run:
 *
 *   platform: GET /employment/outcomes as the school itself (token check, validation, authorisation, the
 *             aggregate, the figures, JSON) over keep-alive HTTP, the service in a process of its own;
 *   baseline: the same aggregate statement for the same school and filters, straight to PostgreSQL over a
 *             pg pool (the repository's own SQL, so both sides always ask the same question).
 *
 * The seed (BENCH_LEARNERS learners, default 1,000,000, and BENCH_STATUS_ROWS status reports, default
 * 3,000,000) goes into a dedicated database (BENCH_DATABASE_URL, default .../hamkor_bench_outcomes) in a
 * few set-based statements, with each learner's current state derived from its status history the way
 * status reports keep it. It is kept between runs when its counts match (BENCH_RESEED=1 seeds again).
 * Requests are sent one at a time (BENCH_REQUESTS, default 400, each side), interleaved platform/baseline,
 * rotating schools of every size and the report variants: whole school, one cohort, grouped by cohort,
 * grouped by specialty. Target: every school's report under 200 ms (p99). Results: bench/results/outcomes.json.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { mintDevToken } from '@hamkor/auth';
import { parseConfig } from '@hamkor/config';
import { setLogLevel } from '@hamkor/observability';
import { ensureDatabase } from '@hamkor/persistence';
import { ServiceProcesses } from '@hamkor/testing';
import { toOutcome } from '../apps/employment/src/outcomes/outcome-math';
import { OutcomeScope, OutcomesRepository } from '../apps/employment/src/outcomes/outcomes.repository';
import { GroupBy } from '../apps/employment/src/outcomes/dto/outcomes.query';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { benchBrokers, intEnv, runBench } from './lib/run';
import { LatencySummary, round, summarize } from './lib/stats';

const TARGET_MS = 200;
const REGIONS = ['UZ-TK', 'UZ-TO', 'UZ-SA', 'UZ-BU', 'UZ-AN', 'UZ-FA', 'UZ-NG', 'UZ-NW', 'UZ-QA', 'UZ-SU', 'UZ-SI', 'UZ-JI', 'UZ-XO', 'UZ-QR'];
const SPECIALTIES = Array.from({ length: 40 }, (_, i) => `specialty-${String(i).padStart(2, '0')}`);
/** Cohorts 2018–2027; every cohort up to 2026 graduated on 30 June of its year, 2027 is still studying. */
const FIRST_COHORT = 2018;
const COHORTS = 10;
const LAST_GRADUATED = 2026;

const schoolId = (k: number) => `00000000-0000-4000-a000-${k.toString(16).padStart(12, '0')}`;

interface Seed {
  learners: number;
  statusRows: number;
  schools: number;
}

async function seeded(db: Client, s: Seed): Promise<boolean> {
  const [row] = (
    await db.query(
      `SELECT (SELECT count(*) FROM employment.learner)::int AS learners, (SELECT count(*) FROM employment.status_report)::int AS status_rows,
              (SELECT count(DISTINCT school_id) FROM employment.learner)::int AS schools`,
    )
  ).rows;
  return row.learners === s.learners && row.status_rows === s.statusRows && row.schools === s.schools;
}

/**
 * Set-based seed, in one session (temporary tables). Schools have skewed sizes (u^1.5: the largest has
 * about 2% of all learners, the smallest about 1,600), a region each and eight of the forty specialties.
 * Each learner row is stored where its last update put it: graduation and every status report rewrite
 * the row, so a live table holds rows in the order of their last change, a school's graduates spread over
 * the whole table (not in the enrolment batches bulk enrolment first wrote). 80% of graduates have reports, spread at random over them (so some have one, some eight), dated
 * from graduation to today; 30% did an internship, and some were hired by their host afterwards.
 */
async function seed(db: Client, s: Seed): Promise<void> {
  await db.query('TRUNCATE employment.learner, employment.status_report, employment.internship_record, employment.follow_up, employment.self_report_link CASCADE');
  await db.query(`SET work_mem = '256MB'`);
  await db.query(
    `CREATE TEMP TABLE seed_learner AS
     SELECT g, gen_random_uuid() AS id, school,
            ($2::text[])[1 + school % 14] AS region,
            ($3::text[])[1 + (school * 7 + abs(hashint4(g + 1)) % 8) % 40] AS specialty,
            cohort,
            CASE WHEN cohort <= $5 THEN make_date(cohort, 6, 30) END AS graduated_on,
            abs(hashint4(g + 2)) % 100 < 30 AND cohort <= $5 AS had_internship,
            ('00000000-0000-4000-b000-' || lpad(to_hex(abs(hashint4(g + 3)) % 5000), 12, '0'))::uuid AS host
       FROM (SELECT g, floor($6::int * power((abs(hashint4(g)) % 1000000) / 1000000.0, 1.5))::int AS school,
                    $4::int + abs(hashint4(g + 4)) % $7::int AS cohort
               FROM generate_series(1, $1::int) g) x`,
    [s.learners, REGIONS, SPECIALTIES, FIRST_COHORT, LAST_GRADUATED, s.schools, COHORTS],
  );
  // Graduates with reports, numbered, so status row j can pick one of them at random.
  await db.query(
    `CREATE TEMP TABLE seed_reported AS
     SELECT row_number() OVER (ORDER BY g) AS rn, id, school, graduated_on, host, had_internship
       FROM seed_learner WHERE graduated_on IS NOT NULL AND abs(hashint4(g + 5)) % 100 < 80`,
  );
  const reported: number = (await db.query(`SELECT count(*)::int AS n FROM seed_reported`)).rows[0].n;
  // reported_at follows the effective date (a later row wins a tie), so "latest" is well defined.
  await db.query(
    `CREATE TEMP TABLE seed_status AS
     SELECT x.*, x.effective_on + interval '9 hours' + (x.j % 86400) * interval '1 second' AS reported_at FROM (
     SELECT gen_random_uuid() AS id, r.id AS learner_id, r.school, st.status,
            LEAST(current_date, r.graduated_on + abs(hashint4(j + 1)) % 1200) AS effective_on,
            CASE WHEN st.status IN ('employed', 'self_employed') THEN ($3::text[])[1 + abs(hashint4(j + 2)) % 8] END AS sector,
            CASE WHEN st.status = 'employed' THEN
                   CASE WHEN r.had_internship AND abs(hashint4(j + 3)) % 100 < 40 THEN r.host
                        ELSE ('00000000-0000-4000-b000-' || lpad(to_hex(abs(hashint4(j + 4)) % 5000), 12, '0'))::uuid END END AS employer_id,
            (ARRAY['school', 'enterprise', 'employment_centre', 'graduate'])[1 + abs(hashint4(j + 5)) % 4] AS source,
            j
       FROM generate_series(1, $1::int) j
       JOIN seed_reported r ON r.rn = 1 + abs(hashint4(j)) % $2::int
      CROSS JOIN LATERAL (SELECT CASE WHEN p < 45 THEN 'employed' WHEN p < 55 THEN 'self_employed' WHEN p < 70 THEN 'further_study'
                                      WHEN p < 85 THEN 'unemployed_seeking' WHEN p < 92 THEN 'inactive' ELSE 'unknown' END AS status
                            FROM (SELECT abs(hashint4(j + 6)) % 100 AS p) q) st) x`,
    [s.statusRows, reported, ['manufacturing', 'construction', 'it', 'trade', 'agriculture', 'transport', 'health', 'education']],
  );
  // Each learner's current state as status reports keep it on the learner row: the latest report by
  // effective date (then by when it was reported), the first job, and a hire by an internship host.
  await db.query(
    `INSERT INTO employment.learner (id, school_id, school_ref, full_name, date_of_birth, specialty, cohort_year, expected_graduation, region,
                                     consent_follow_up, consent_centre, graduated_on, current_status, current_effective_on, current_reported_at,
                                     first_job_on, had_internship, hired_by_host, created_at, updated_at)
     SELECT l.id, ('00000000-0000-4000-a000-' || lpad(to_hex(l.school), 12, '0'))::uuid, 'S-' || l.g, 'Learner ' || l.g,
            make_date(l.cohort - 19, 1 + l.g % 12, 1 + l.g % 28), l.specialty, l.cohort, make_date(l.cohort, 6, 30), l.region,
            l.g % 3 > 0, l.g % 3 = 2, l.graduated_on, c.status, c.effective_on, c.reported_at,
            a.first_job_on, l.had_internship, COALESCE(a.hired_by_host, false), make_date(l.cohort - 3, 9, 1), now()
       FROM seed_learner l
       LEFT JOIN (SELECT DISTINCT ON (learner_id) learner_id, status, effective_on, reported_at
                    FROM seed_status ORDER BY learner_id, effective_on DESC, reported_at DESC) c ON c.learner_id = l.id
       LEFT JOIN (SELECT s.learner_id,
                         min(s.effective_on) FILTER (WHERE s.status IN ('employed', 'self_employed')) AS first_job_on,
                         bool_or(s.status = 'employed' AND s.employer_id = r.host AND r.had_internship) AS hired_by_host
                    FROM seed_status s JOIN seed_reported r ON r.id = s.learner_id GROUP BY s.learner_id) a ON a.learner_id = l.id
      ORDER BY COALESCE(c.reported_at, l.graduated_on + interval '9 hours', make_date(l.cohort - 3, 9, 1)), l.g`,
  );
  await db.query(
    `INSERT INTO employment.status_report (id, learner_id, school_id, status, effective_on, sector, employer_id, source, reported_at)
     SELECT id, learner_id, ('00000000-0000-4000-a000-' || lpad(to_hex(school), 12, '0'))::uuid, status, effective_on, sector, employer_id, source, reported_at
       FROM seed_status ORDER BY reported_at`,
  );
  await db.query(
    `INSERT INTO employment.internship_record (internship_id, learner_id, school_id, enterprise_id, specialty, completed_on, hours)
     SELECT gen_random_uuid(), id, ('00000000-0000-4000-a000-' || lpad(to_hex(school), 12, '0'))::uuid, host, specialty, graduated_on - 30, 240
       FROM seed_learner WHERE had_internship`,
  );
  await db.query('DROP TABLE seed_status, seed_reported, seed_learner');
  await db.query('VACUUM ANALYZE employment.learner');
  await db.query('VACUUM ANALYZE employment.status_report');
  await db.query('VACUUM ANALYZE employment.internship_record');
}

/** The report variants a school asks for. */
interface Ask {
  school: number;
  scope: OutcomeScope;
  groupBy?: GroupBy;
}

function asks(schools: Array<{ school: number; learners: number }>, n: number): Ask[] {
  const out: Ask[] = [];
  for (let k = 0; k < n; k++) {
    const { school } = schools[(k * 7) % schools.length];
    const id = schoolId(school);
    const cohortYear = FIRST_COHORT + (k % (LAST_GRADUATED - FIRST_COHORT + 1));
    const variant = k % 4;
    if (variant === 0) out.push({ school, scope: { schoolId: id } });
    else if (variant === 1) out.push({ school, scope: { schoolId: id, cohortYear } });
    else if (variant === 2) out.push({ school, scope: { schoolId: id }, groupBy: 'cohortYear' });
    else out.push({ school, scope: { schoolId: id, cohortYear }, groupBy: 'specialty' });
  }
  return out;
}

const queryString = (a: Ask) =>
  new URLSearchParams({ ...(a.scope.cohortYear ? { cohortYear: String(a.scope.cohortYear) } : {}), ...(a.groupBy ? { groupBy: a.groupBy } : {}) }).toString();

function get(agent: http.Agent, port: number, pathAndQuery: string, token: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(JSON.parse(body));
        else reject(new Error(`HTTP ${res.statusCode}: ${body}`));
      });
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench_outcomes';
  const brokers = await benchBrokers();
  const s: Seed = { learners: intEnv('BENCH_LEARNERS', 1_000_000), statusRows: intEnv('BENCH_STATUS_ROWS', 3_000_000), schools: intEnv('BENCH_SCHOOLS', 400) };
  const requests = intEnv('BENCH_REQUESTS', 400);
  await ensureDatabase(databaseUrl);
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, PORT: '0', LOG_LEVEL: 'warn' });

  // The service runs in a process of its own, as deployed; its start-up runs the migrations.
  const service = await new ServiceProcesses(['employment'], { env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' }, fromTopicsEnd: true }).start();
  const port = Number(new URL(service.urlOf('employment')).port);
  const db = new Client({ connectionString: databaseUrl });
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    await db.connect();
    if (process.env.BENCH_RESEED === '1' || !(await seeded(db, s))) {
      const t0 = performance.now();
      await seed(db, s);
      process.stdout.write(`seeded ${fmt(s.learners)} learners, ${fmt(s.statusRows)} status rows, ${fmt(s.schools)} schools in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
    } else {
      process.stdout.write(`seed kept: ${fmt(s.learners)} learners, ${fmt(s.statusRows)} status rows, ${fmt(s.schools)} schools (BENCH_RESEED=1 to seed again)\n`);
    }
    const sizes: Array<{ school: number; learners: number }> = (
      await db.query(
        `SELECT ('x' || right(school_id::text, 12))::bit(48)::bigint::int AS school, count(*)::int AS learners
           FROM employment.learner GROUP BY school_id ORDER BY learners DESC`,
      )
    ).rows;
    const largest = sizes[0];
    // Schools of every size: the largest few, then an even spread over the rest.
    const picked = [...sizes.slice(0, 5), ...sizes.filter((_, i) => i >= 5 && i % Math.max(1, Math.floor(sizes.length / 60)) === 0)];
    const tokens = new Map<number, string>();
    for (const p of picked) {
      tokens.set(p.school, await mintDevToken({ organisationId: schoolId(p.school), organisationType: 'school', roles: ['viewer'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '1h' }));
    }
    // The baseline runs the repository's own statement over a plain pg pool: no Nest, no HTTP, no auth.
    const raw = new OutcomesRepository({ query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows } as unknown as DataSource);
    const mix = asks(picked, requests);

    const viaPlatform = (a: Ask) => get(agent, port, `/employment/outcomes?${queryString(a)}`, tokens.get(a.school)!);
    const viaSql = (a: Ask) => raw.aggregate(a.scope, a.groupBy);
    // Warm-up: every school once on each side (caches, prepared plans, the token cache).
    for (const a of mix.slice(0, Math.min(mix.length, picked.length * 2))) {
      await viaSql(a);
      await viaPlatform(a);
    }

    const samples = { platform: [] as number[], baseline: [] as number[], platformLargest: [] as number[] };
    let mismatches = 0;
    for (const a of mix) {
      let t = performance.now();
      const rows = await viaSql(a);
      samples.baseline.push(performance.now() - t);
      t = performance.now();
      const body = await viaPlatform(a);
      const ms = performance.now() - t;
      samples.platform.push(ms);
      if (a.school === largest.school) samples.platformLargest.push(ms);
      // The API must give exactly the figures of the bare aggregate.
      const total = rows.find((r) => r.is_total);
      if (total && JSON.stringify(body.total) !== JSON.stringify(toOutcome(total))) mismatches++;
    }
    const platform = summarize(samples.platform);
    const baseline = summarize(samples.baseline);
    const largestSummary = summarize(samples.platformLargest);
    const ratio = { p50: round(platform.p50 / baseline.p50, 2), p99: round(platform.p99 / baseline.p99, 2) };
    const met = platform.p99 < TARGET_MS;
    const load = os.loadavg().map((v) => round(v, 2));
    const row = (name: string, r: LatencySummary) => [name, String(r.count), fmt(r.p50, 2), fmt(r.p90, 2), fmt(r.p99, 2), fmt(r.max, 2)];
    process.stdout.write(
      `\noutcome reports: ${fmt(s.learners)} learners, ${fmt(s.statusRows)} status rows, ${fmt(s.schools)} schools; ${fmt(requests)} requests per side, ` +
        `one at a time, over ${picked.length} schools (${fmt(picked[picked.length - 1].learners)}–${fmt(largest.learners)} learners), 4 report variants\n\n` +
        formatTable(
          ['path', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
          [row('platform (HTTP report)', platform), row(`  largest school only`, largestSummary), row('baseline (plain SQL)', baseline)],
        ) +
        `\n\nratio platform/baseline: p50 ${ratio.p50}x, p99 ${ratio.p99}x; figures differing from the bare aggregate: ${mismatches}` +
        `\ntarget p99 < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'}; load average ${load.join(', ')} (${os.cpus().length} cores)\n`,
    );
    const rawLabel = 'the same aggregate over plain pg';
    const out = writeResults(
      'outcomes',
      {
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), loadAverage: load },
        settings: { ...s, requests, schoolsAsked: picked.length, largestSchoolLearners: largest.learners },
        platform,
        platformLargestSchool: largestSummary,
        baseline,
        ratio,
        mismatches,
        target: { p99Ms: TARGET_MS, met },
      },
      [
        figure('outcome report p50', 'ms', platform.p50, { baseline: baseline.p50, baselineLabel: rawLabel }),
        figure('outcome report p99', 'ms', platform.p99, { baseline: baseline.p99, baselineLabel: rawLabel, target: { max: TARGET_MS } }),
      ],
    );
    process.stdout.write(`results: ${path.relative(process.cwd(), out)}\n`);
    if (mismatches > 0) throw new Error(`${mismatches} reports differ from the bare aggregate`);
  } finally {
    agent.destroy();
    await pool.end();
    await db.end().catch(() => undefined);
    await service.stop();
  }
}

runBench('outcomes', main);
