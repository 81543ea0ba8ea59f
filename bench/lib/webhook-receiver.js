// A local webhook receiver for the notifications bench, run as its own process so it does not share
// the event loop being measured. It verifies Standard Webhooks signatures when a secret is set,
// counts unique webhook-ids, and answers counts over IPC.
const { createServer } = require('node:http');
const { createHmac } = require('node:crypto');

let key = null;
const seen = new Set();
let requests = 0;
let badSignatures = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    const id = req.headers['webhook-id'];
    if (id && key) {
      const body = Buffer.concat(chunks).toString('utf8');
      const expected = 'v1,' + createHmac('sha256', key).update(`${id}.${req.headers['webhook-timestamp']}.${body}`).digest('base64');
      if (!String(req.headers['webhook-signature']).split(' ').includes(expected)) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
    }
    if (id) seen.add(id);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', (m) => {
  if (m.secret) key = Buffer.from(m.secret.replace(/^whsec_/, ''), 'base64');
  if (m.reset) {
    seen.clear();
    requests = 0;
    badSignatures = 0;
  }
  if (m.count) process.send({ unique: seen.size, requests, badSignatures });
  if (m.exit) process.exit(0);
});
