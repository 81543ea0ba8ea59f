import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { waitFor } from './messaging-harness';

/**
 * Verifies a Standard Webhooks call (standardwebhooks.com) as an organisation's own system would, written
 * here from the specification rather than imported from the notifications service, so a test checks the
 * service against the standard and not against itself: the secret is `whsec_<base64 key>`, the signed
 * content is `<webhook-id>.<webhook-timestamp>.<raw body>`, and `webhook-signature` holds one or more
 * space-separated `v1,<base64 HMAC-SHA256>` values; the timestamp must be within the tolerance.
 */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, toleranceSec = 300, now = Date.now()): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSec) return false;
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface WebhookCall {
  /** The `webhook-id` header: stable across retries of one message. */
  id: string;
  /** The event type of the body (`type`). */
  type: string;
  body: any;
  raw: string;
  headers: IncomingHttpHeaders;
  validSignature: boolean;
  receivedAt: Date;
}

/**
 * An organisation's webhook endpoint on a real local HTTP port. It answers 2xx only to calls whose
 * signature verifies with the secret it was given (401 otherwise, as a careful receiver does) and
 * de-duplicates by `webhook-id`: `calls` is every request, `accepted` one entry per message.
 */
export class WebhookReceiver {
  /** Set from the answer that registered the endpoint (its secret is shown once). */
  secret = '';
  url = '';
  readonly calls: WebhookCall[] = [];
  readonly accepted = new Map<string, WebhookCall>();
  private server?: Server;

  constructor(private readonly path = '/hooks') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: any = undefined;
        try {
          body = JSON.parse(raw);
        } catch {
          /* a body that is not JSON is recorded as such and refused */
        }
        const call: WebhookCall = {
          id: String(req.headers['webhook-id'] ?? ''),
          type: String(body?.type ?? ''),
          body,
          raw,
          headers: req.headers,
          validSignature: req.method === 'POST' && body !== undefined && verifyStandardWebhook(this.secret, req.headers, raw),
          receivedAt: new Date(),
        };
        this.calls.push(call);
        if (call.validSignature && !this.accepted.has(call.id)) this.accepted.set(call.id, call);
        res.writeHead(call.validSignature ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
    return this;
  }

  /** Messages accepted (valid signature, once per webhook-id) of one event type. */
  ofType(type: string): WebhookCall[] {
    return [...this.accepted.values()].filter((c) => c.type === type);
  }

  /** Waits for an accepted message of this type whose body matches, and returns it. */
  async waitFor(type: string, match: (body: any) => boolean = () => true, timeoutMs = 20_000): Promise<WebhookCall> {
    let found: WebhookCall | undefined;
    await waitFor(() => !!(found = this.ofType(type).find((c) => match(c.body))), timeoutMs, `a signed ${type} webhook at ${this.url}`);
    return found!;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = undefined;
  }
}
