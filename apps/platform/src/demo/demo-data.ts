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

export async function loadDemoData(config: HamkorConfig, baseUrl: string): Promise<void> {
  const log = logger('demo');
  const mint = (roles: Role[], organisationId?: string, organisationType?: OrganisationType) =>
    mintDevToken({ roles, organisationId, organisationType, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '30d' });
  const operator = await mint(['platform_admin']);
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const tokens: Record<string, string> = { operator };
  for (const org of DEMO_ORGANISATIONS) {
    await call('POST', '/partnerships/organisations', operator, org);
    await call('POST', `/partnerships/organisations/${org.id}/verify`, operator);
    tokens[`${org.type} (${org.name})`] = await mint(['org_admin', 'coordinator'], org.id, org.type);
  }
  log.info({ organisations: DEMO_ORGANISATIONS.length }, 'demo data loaded');
  const lines = Object.entries(tokens).map(([who, t]) => `  ${who}:\n    ${t}`);
  process.stdout.write(
    `\nhamkor is running at ${baseUrl}  (API docs: ${baseUrl}/partnerships/docs, /internships/docs, /equipment/docs, /employment/docs, /notifications/docs)\n` +
      `Demo tokens (valid 30 days; mint others with \`npm run token\`):\n${lines.join('\n')}\n\n`,
  );
}
