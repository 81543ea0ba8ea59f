#!/usr/bin/env node
// A local mail sink for `npm start`: accepts every message the notifications service sends over SMTP and
// keeps it as an .eml file under .cache/dev-mail/, so the demo's e-mails can be read instead of failing
// against a mail server that a development machine does not have. It prints no addresses or subjects
// (they can be personal data); open the files to read the mail.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { SMTPServer } = require('smtp-server');

const port = Number(process.env.DEV_MAIL_PORT ?? 2525);
const dir = resolve(__dirname, '..', '.cache', 'dev-mail');
mkdirSync(dir, { recursive: true });
let received = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      received += 1;
      writeFileSync(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${received}.eml`), Buffer.concat(chunks));
      done();
    });
  },
});
server.on('error', (err) => {
  process.stderr.write(`[dev-mail] ${err.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => process.stderr.write(`[dev-mail] e-mail sent by the platform is kept in ${dir} (SMTP on 127.0.0.1:${port})\n`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
