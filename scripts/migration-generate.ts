/**
 * Writes a migration with the SQL that brings a service's schema in line with its entities:
 *   npm run migration:generate -- <service> <Name>
 * Review the file before committing: generated SQL is a starting point, not a verdict.
 */
import { writeFileSync } from 'node:fs';
import { serviceDataSource } from '@hamkor/bootstrap';
import { parseConfig } from '@hamkor/config';
import { ALL_SERVICES } from '../apps/platform/src/services';

async function main() {
  const [service, name] = process.argv.slice(2);
  const def = ALL_SERVICES.find((s) => s.name === service);
  if (!def || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    process.stderr.write(`usage: npm run migration:generate -- <${ALL_SERVICES.map((s) => s.name).join('|')}> <PascalCaseName>\n`);
    process.exit(2);
  }
  const ds = await serviceDataSource(parseConfig(), def).initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write(`${service}: entities and schema agree; nothing to generate\n`);
      return;
    }
    const ts = Date.now();
    const q = (list: typeof sql.upQueries) => list.map((x) => `    await db.query(${JSON.stringify(x.query)});`).join('\n');
    const file = `apps/${service}/src/migrations/${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(db: QueryRunner): Promise<void> {\n${q(sql.upQueries)}\n  }\n\n  async down(db: QueryRunner): Promise<void> {\n${q(sql.downQueries.reverse())}\n  }\n}\n`,
    );
    process.stdout.write(`${file} written; add it to ${service}'s service definition\n`);
  } finally {
    await ds.destroy();
  }
}

void main();
