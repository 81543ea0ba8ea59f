// A local webhook receiver for the notifications and e2e benches, run as its own process so it does not
// share the event loop being measured. It verifies Standard Webhooks signatures when a secret is set
// (one for every path, or one per path: { secrets: { '/hooks/3': 'whsec_...' } }), counts unique
// webhook-ids, and answers counts over IPC. With { track: true } it also reports every verified call
// as { arrived: [[at, body], ...] } (at: epoch ms, sub-millisecond, taken when the body was read), a
// batch every few milliseconds.
const { createServer } = require('node:http');
const { createHmac } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const toKey = (secret) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
let key = null;
const keysByPath = new Map();
const seen = new Set();
let requests = 0;
let badSignatures = 0;
let track = false;
let arrived = [];
let flush = null;

function report(at, body) {
  arrived.push([at, body]);
  flush ??= setTimeout(() => {
    process.send({ arrived });
    arrived = [];
    flush = null;
  }, 5);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    requests++;
    const id = req.headers['webhook-id'];
    const body = Buffer.concat(chunks).toString('utf8');
    const secret = keysByPath.get(req.url) ?? key;
    if (id && secret) {
      const expected = 'v1,' + createHmac('sha256', secret).update(`${id}.${req.headers['webhook-timestamp']}.${body}`).digest('base64');
      if (!String(req.headers['webhook-signature']).split(' ').includes(expected)) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
    }
    if (id) seen.add(id);
    if (track) report(at, body);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', (m) => {
  if (m.secret) key = toKey(m.secret);
  if (m.secrets) for (const [path, secret] of Object.entries(m.secrets)) keysByPath.set(path, toKey(secret));
  if (m.track !== undefined) track = !!m.track;
  if (m.reset) {
    seen.clear();
    requests = 0;
    badSignatures = 0;
  }
  if (m.count) process.send({ unique: seen.size, requests, badSignatures });
  if (m.exit) process.exit(0);
});
