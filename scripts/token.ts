/**
 * Mints a development token signed with the local dev key (.cache/dev-keys), for trying the API:
 *   npm run token -- --operator
 *   npm run token -- --type school --org <uuid> --roles org_admin,coordinator [--user <id>] [--exp 8h]
 * Prints the token alone on stdout, so `TOKEN=$(npm run -s token -- --operator)` works.
 */
import { parseArgs } from 'node:util';
import { mintDevToken } from '@hamkor/auth';
import { parseConfig } from '@hamkor/config';
import { ORGANISATION_TYPES, OrganisationType, Role, ROLES } from '@hamkor/contracts';

const { values } = parseArgs({
  options: {
    operator: { type: 'boolean', default: false },
    type: { type: 'string' },
    org: { type: 'string' },
    roles: { type: 'string', default: 'org_admin' },
    user: { type: 'string' },
    exp: { type: 'string', default: '8h' },
  },
});

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main() {
  const config = parseConfig();
  const roles = (values.operator ? ['platform_admin'] : values.roles!.split(',').map((r) => r.trim())) as Role[];
  for (const r of roles) if (!ROLES.includes(r)) fail(`unknown role "${r}" (known: ${ROLES.join(', ')})`);
  if (!values.operator) {
    if (!values.type || !ORGANISATION_TYPES.includes(values.type as OrganisationType)) fail(`--type must be one of ${ORGANISATION_TYPES.join(', ')}`);
    if (!values.org || !/^[0-9a-f-]{36}$/i.test(values.org)) fail('--org must be the organisation uuid');
  }
  const token = await mintDevToken({
    userId: values.user,
    organisationId: values.operator ? undefined : values.org,
    organisationType: values.operator ? undefined : (values.type as OrganisationType),
    roles,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    devKeyDir: config.AUTH_DEV_KEY_DIR,
    expiresIn: values.exp,
  });
  process.stdout.write(`${token}\n`);
}

void main();
