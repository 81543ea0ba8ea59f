import { Agent, request } from 'node:http';
import { encodeComponent } from './openapi-walker';

/**
 * A bare HTTP client for tests that send what a well-behaved client never would (no content type,
 * malformed bodies, odd headers) and many requests at once: node:http with a keep-alive pool, no
 * defaults added to the request, the raw answer returned.
 */

export interface RawRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

export class RawHttpClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets = 16) {
    this.base = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * Sends once more on a fresh connection when a reused keep-alive connection turns out to have been
   * closed by the server (it closes one after refusing an oversized body it did not read).
   */
  async send(req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
    try {
      return await this.sendOnce(req, timeoutMs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET' && !/socket hang up/.test((err as Error).message)) throw err;
      return this.sendOnce(req, timeoutMs);
    }
  }

  private sendOnce(req: RawRequest, timeoutMs: number): Promise<RawResponse> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      if (body) headers['Content-Length'] = body.length;
      // The server stops reading an oversized body and closes the connection: never reuse it.
      if (body && body.length > 64 * 1024) headers.Connection = 'close';
      const r = request(
        { host: this.base.hostname, port: this.base.port, method: req.method, path: safePath(req.url), headers, agent: this.agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer in ${timeoutMs} ms: ${req.method} ${req.url.slice(0, 200)}`)));
      r.on('error', reject);
      r.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Percent-encodes what node:http refuses in a request line (spaces, non-ASCII, control characters). */
function safePath(url: string): string {
  return url.replace(/[^\x21-\x7e]/gu, (ch) => encodeComponent(ch));
}

/** Runs `work` over `items` with at most `concurrency` in flight; results keep the order of items. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Why an answer is not an acceptable error answer, or null: every 4xx is RFC 9457 problem+json with
 * `type`, `title` and a `status` equal to the HTTP status; no 5xx at all.
 */
export function problemViolation(res: { status: number; contentType: string; text: string }): string | null {
  if (res.status >= 500) return `server error ${res.status}`;
  if (res.status < 400) return null;
  if (!res.contentType.toLowerCase().startsWith('application/problem+json')) return `${res.status} with content-type "${res.contentType}"`;
  let p: { type?: unknown; title?: unknown; status?: unknown };
  try {
    p = JSON.parse(res.text);
  } catch {
    return `${res.status} problem body is not JSON`;
  }
  if (typeof p.type !== 'string' || !p.type) return `${res.status} problem without type`;
  if (typeof p.title !== 'string' || !p.title) return `${res.status} problem without title`;
  if (p.status !== res.status) return `${res.status} problem with status ${JSON.stringify(p.status)}`;
  if (/\bat \S+ \(|node_modules|\.ts:\d+/.test(res.text)) return `${res.status} problem reveals a stack trace`;
  return null;
}
