import { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './standard-webhooks';

describe('Standard Webhooks signing', () => {
  it('matches the reference vector of the specification', () => {
    // From the standard-webhooks reference libraries' tests.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies what it signs, and rejects a changed body, another secret or an old timestamp', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'x', data: { a: 1 } });
    const h = webhookHeaders(secret, 'd1', body);
    expect(verifyWebhook(secret, h, body)).toBe(true);
    expect(verifyWebhook(secret, h, body + ' ')).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), h, body)).toBe(false);
    expect(verifyWebhook(secret, webhookHeaders(secret, 'd1', body, Date.now() - 3_600_000), body)).toBe(false);
  });
});
