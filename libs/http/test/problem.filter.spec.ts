import { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from '@hamkor/http';

/** What a client receives for errors that are not its own: never a stack, and a 503 it may retry for contention. */
describe('ProblemFilter', () => {
  function answer(exception: unknown) {
    const sent: { status?: number; type?: string; body?: any; headers: Record<string, string> } = { headers: {} };
    const res = {
      headersSent: false,
      setHeader: (k: string, v: string) => (sent.headers[k.toLowerCase()] = v),
      status(s: number) {
        sent.status = s;
        return this;
      },
      type(t: string) {
        sent.type = t;
        return this;
      },
      send(b: string) {
        sent.body = JSON.parse(b);
        return this;
      },
    };
    const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: '/employment/self-report', path: '/employment/self-report' }) }) };
    new ProblemFilter().catch(exception, host as unknown as ArgumentsHost);
    return sent;
  }

  it('answers a deadlock that outlived the retries with 503 and Retry-After, not a 500', () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });
    const res = answer(deadlock);
    expect(res.status).toBe(503);
    expect(res.type).toBe('application/problem+json');
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ status: 503, title: 'Service unavailable' });
    expect(JSON.stringify(res.body)).not.toContain('deadlock');
  });

  it('answers anything unexpected with a bare 500 that reveals nothing', () => {
    const res = answer(new Error('relation "employment.secret" does not exist'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
