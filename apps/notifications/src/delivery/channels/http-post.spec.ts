import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpPostError, postJson } from './http-post';

/** The webhook HTTP client against real local HTTP servers. */
describe('postJson', () => {
  const servers: Server[] = [];
  const serve = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('POSTs the exact body with its headers to the path and query, and answers the status', async () => {
    const seen: Array<{ req: IncomingMessage; body: string }> = [];
    const base = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        seen.push({ req, body });
        res.writeHead(202).end('a body nobody reads');
      });
    });
    const body = JSON.stringify({ type: 'x', data: { name: 'Ойбек "O\'g\'li"' } });
    expect(await postJson(`${base}/hooks/in?tenant=7`, { 'webhook-id': 'msg_1' }, body, 2000)).toBe(202);
    expect(await postJson(`${base}/hooks/in?tenant=7`, { 'webhook-id': 'msg_2' }, body, 2000)).toBe(202);
    expect(seen.map((s) => [s.req.method, s.req.url, s.req.headers['webhook-id'], s.req.headers['content-type'], s.body])).toEqual([
      ['POST', '/hooks/in?tenant=7', 'msg_1', 'application/json', body],
      ['POST', '/hooks/in?tenant=7', 'msg_2', 'application/json', body],
    ]);
    expect(Number(seen[0].req.headers['content-length'])).toBe(Buffer.byteLength(body));
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    let hitsElsewhere = 0;
    const elsewhere = await serve((_req, res) => {
      hitsElsewhere++;
      res.end();
    });
    const base = await serve((_req, res) => res.writeHead(307, { location: `${elsewhere}/` }).end());
    expect(await postJson(`${base}/`, {}, '{}', 2000)).toBe(307);
    expect(hitsElsewhere).toBe(0);
  });

  it('fails as timed out when the endpoint does not answer in time', async () => {
    const base = await serve(() => undefined); // reads the request, never answers
    const started = Date.now();
    const err = await postJson(`${base}/`, {}, '{}', 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpPostError);
    expect(err).toMatchObject({ message: 'timed out', timedOut: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails with the network error when nothing listens', async () => {
    const base = await serve(() => undefined);
    const closed = servers.pop()!;
    await new Promise((r) => closed.close(r));
    const err = await postJson(`${base}/`, {}, '{}', 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpPostError);
    expect(err).toMatchObject({ message: 'ECONNREFUSED', timedOut: false });
  });
});
