import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { HamkorExpressAdapter } from '../src/express-adapter';

/** What a request and its response are the moment node's HTTP server hands them over, before Express runs. */
async function objectsOnArrival(adapter: HamkorExpressAdapter): Promise<{ req: object; res: object; body: string; status: number }> {
  const app = adapter.getInstance<express.Express>();
  app.get('/hello', (req, res) => {
    res.status(201).json({ hello: req.query.name, json: typeof res.json });
  });
  adapter.initHttpServer({});
  const server = adapter.getHttpServer() as http.Server;
  let seen: { req: object; res: object } | undefined;
  server.prependListener('request', (req, res) => {
    seen = { req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res) };
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hello?name=hamkor`);
    return { ...seen!, body: await answer.text(), status: answer.status };
  } finally {
    await new Promise((closed) => server.close(closed));
  }
}

describe('HamkorExpressAdapter', () => {
  it("builds each request and response with Express's prototypes, so Express never changes a live object's prototype", async () => {
    const adapter = new HamkorExpressAdapter();
    const app = adapter.getInstance<express.Express>();
    const seen = await objectsOnArrival(adapter);
    expect(seen.req).toBe(app.request);
    expect(seen.res).toBe(app.response);
  });

  it('serves Express as usual: routes, query parsing, status and JSON', async () => {
    const seen = await objectsOnArrival(new HamkorExpressAdapter());
    expect(seen.status).toBe(201);
    expect(JSON.parse(seen.body)).toEqual({ hello: 'hamkor', json: 'function' });
  });

  it('is still an http.IncomingMessage and http.ServerResponse underneath', () => {
    const app = new HamkorExpressAdapter().getInstance<express.Express>();
    expect(Object.prototype.isPrototypeOf.call(http.IncomingMessage.prototype, app.request)).toBe(true);
    expect(Object.prototype.isPrototypeOf.call(http.ServerResponse.prototype, app.response)).toBe(true);
  });
});
