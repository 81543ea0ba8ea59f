import { mintDevToken } from '@hamkor/auth';
import { HamkorConfig } from '@hamkor/config';
import { OrganisationType, Role } from '@hamkor/contracts';
import { logger } from '@hamkor/observability';

/**
 * Demo data for `npm start`: a small educational cluster in Tashkent, registered and verified through the
 * public API (so every event flows as in real use), plus a dev token per organisation, printed for trying
 * the API. Idempotent: fixed ids, and an already-registered organisation is left as it is.
 */
export const DEMO_ORGANISATIONS: Array<{ id: string; type: OrganisationType; name: string; region: string; contactEmail: string }> = [
  { id: '00000000-0000-4000-8000-000000000001', type: 'school', name: 'Tashkent Vocational College No. 3', region: 'UZ-TK', contactEmail: 'office@college3.example.uz' },
  { id: '00000000-0000-4000-8000-000000000002', type: 'university', name: 'Tashkent State Technical University', region: 'UZ-TK', contactEmail: 'partners@tstu.example.uz' },
  { id: '00000000-0000-4000-8000-000000000003', type: 'enterprise', name: 'Uzbek Machine-Building Plant', region: 'UZ-TK', contactEmail: 'hr@umbp.example.uz' },
  { id: '00000000-0000-4000-8000-000000000004', type: 'employment_centre', name: 'Tashkent City Employment Centre', region: 'UZ-TK', contactEmail: 'centre@employment.example.uz' },
  { id: '00000000-0000-4000-8000-000000000005', type: 'training_centre', name: 'Yunusobod Youth Training Centre', region: 'UZ-TK', contactEmail: 'info@ytc.example.uz' },
];

const DAY = 86_400_000;
const dateFromToday = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const [SCHOOL, UNIVERSITY, ENTERPRISE] = DEMO_ORGANISATIONS.map((o) => o.id);

type Call = (method: string, path: string, token: string, body?: unknown) => Promise<any>;

/**
 * The cluster at work, through the public API: an internships and equipment agreement between the
 * college and the plant, signed by both; a cluster anchored by the university with the college and the
 * plant; four learners enrolled by the college; a university lab shared with the cluster; and the plant's
 * placements (one public, one for partners, one for the cluster). Loaded once: the plant's placements are
 * made last and mark it as loaded.
 */
async function loadScenario(call: Call, token: (orgId: string) => string): Promise<boolean> {
  const [school, university, enterprise] = [SCHOOL, UNIVERSITY, ENTERPRISE].map(token);
  const posted = await call('GET', `/internships/placements?enterpriseId=${ENTERPRISE}&openOnly=false&limit=1`, enterprise);
  if (posted.items.length > 0) return false;

  const agreement = await call('POST', '/partnerships/agreements', enterprise, {
    title: 'Dual training memorandum: CNC and mechatronics', parties: [SCHOOL], scopes: ['internships', 'equipment'], startsOn: dateFromToday(0), endsOn: dateFromToday(365),
  });
  await call('POST', `/partnerships/agreements/${agreement.id}/propose`, enterprise);
  for (const party of [enterprise, school]) await call('POST', `/partnerships/agreements/${agreement.id}/sign`, party);

  const cluster = await call('POST', '/partnerships/clusters', school, { name: 'Tashkent mechatronics cluster', anchorUniversityId: UNIVERSITY });
  await call('POST', `/partnerships/clusters/${cluster.id}/invitation/accept`, university);
  await call('POST', `/partnerships/clusters/${cluster.id}/invitations`, school, { organisationId: ENTERPRISE });
  await call('POST', `/partnerships/clusters/${cluster.id}/invitation/accept`, enterprise);

  const learner = (ref: string, fullName: string, dateOfBirth: string, consent: boolean) => ({
    schoolRef: ref, fullName, dateOfBirth, specialty: 'mechatronics', cohortYear: 2024, expectedGraduation: dateFromToday(200), region: 'UZ-TK',
    consentFollowUpContact: consent, consentShareWithCentre: consent,
  });
  await call('POST', '/employment/learners/bulk', school, {
    learners: [
      learner('TVC3-001', 'Dilnoza Karimova', '2008-03-14', true),
      learner('TVC3-002', 'Jasur Toshmatov', '2008-07-02', true),
      learner('TVC3-003', 'Madina Yusupova', '2007-11-21', false),
      learner('TVC3-004', 'Otabek Rahimov', '2008-01-30', true),
    ],
  });

  await call('POST', '/equipment/resources', university, {
    kind: 'lab', name: 'Robotics and PLC lab', description: 'Six FANUC training cells and Siemens S7 PLC stands.', region: 'UZ-TK', capacity: 16, timeZone: 'Asia/Tashkent',
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })), sharingScope: 'cluster', approvalRequired: true, reminderMinutes: 60,
  });

  const placement = (visibility: 'public' | 'partners' | 'cluster', title: string, capacity: number) => ({
    title, description: 'Set up and run 3-axis CNC mills under a mentor on the plant floor.', competencies: ['cnc-setup', 'technical-drawing'], specialty: 'mechatronics',
    region: 'UZ-TK', location: 'Workshop 2, Chilonzor industrial zone', capacity, startsOn: dateFromToday(60), endsOn: dateFromToday(120),
    applicationDeadline: new Date(Date.now() + 45 * DAY).toISOString(), paid: true, visibility,
  });
  await call('POST', '/internships/placements', enterprise, placement('public', 'CNC machining assistant', 4));
  await call('POST', '/internships/placements', enterprise, placement('partners', 'Mechatronics maintenance trainee (partner colleges)', 2));
  await call('POST', '/internships/placements', enterprise, placement('cluster', 'PLC programming intern (cluster members)', 2));
  return true;
}

export async function loadDemoData(config: HamkorConfig, baseUrl: string): Promise<void> {
  const log = logger('demo');
  const mint = (roles: Role[], organisationId?: string, organisationType?: OrganisationType) =>
    mintDevToken({ roles, organisationId, organisationType, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '30d' });
  const operator = await mint(['platform_admin']);
  const call: Call = async (method, path, token, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const tokens: Record<string, string> = { operator };
  const byOrg = new Map<string, string>();
  for (const org of DEMO_ORGANISATIONS) {
    await call('POST', '/partnerships/organisations', operator, org);
    await call('POST', `/partnerships/organisations/${org.id}/verify`, operator);
    const token = await mint(['org_admin', 'coordinator'], org.id, org.type);
    tokens[`${org.type} (${org.name})`] = token;
    byOrg.set(org.id, token);
  }
  // The whole stack is in this process only with every service; with some of them, organisations only.
  const everything = ['internships', 'equipment', 'employment'].every((s) => config.HAMKOR_SERVICES.includes(s as never));
  const scenario = everything ? await loadScenario(call, (id) => byOrg.get(id)!) : false;
  log.info({ organisations: DEMO_ORGANISATIONS.length, scenario }, 'demo data loaded');
  const lines = Object.entries(tokens).map(([who, t]) => `  ${who}:\n    ${t}`);
  process.stdout.write(
    `\nhamkor is running at ${baseUrl}  (API docs: ${baseUrl}/partnerships/docs, /internships/docs, /equipment/docs, /employment/docs, /notifications/docs)\n` +
      `Demo: an agreement (college and plant), a cluster (university, college, plant), 4 learners, a shared lab and 3 placements.\n` +
      `Demo tokens (valid 30 days; mint others with \`npm run token\`):\n${lines.join('\n')}\n\n`,
  );
}
