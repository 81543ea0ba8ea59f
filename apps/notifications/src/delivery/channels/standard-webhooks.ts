import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The Standard Webhooks convention (standardwebhooks.com): a `whsec_<base64>` secret, and for each call
 * the headers webhook-id (stable across retries, for the receiver's de-duplication), webhook-timestamp
 * (seconds) and webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function signWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const ts = Math.floor(now / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) };
}

/** What a receiver does: any of the space-separated v1 signatures matches, and the timestamp is recent. */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, toleranceSec = 300, now = Date.now()): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = Number(headers['webhook-timestamp']);
  const sigs = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, id, ts, body));
  return sigs.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
