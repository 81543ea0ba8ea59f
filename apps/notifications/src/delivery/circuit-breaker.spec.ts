import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let t = 1000;
  const breaker = () => new CircuitBreaker(3, 10_000, () => t);

  it('opens after consecutive failures, lets one probe through after the cooldown, closes on success', () => {
    t = 1000;
    const b = breaker();
    for (let i = 0; i < 3; i++) {
      expect(b.acquire('a')).toBe(0);
      b.failure('a');
    }
    expect(b.acquire('a')).toBe(11_000);
    expect(b.acquire('b')).toBe(0); // another endpoint is not affected
    t = 11_000;
    expect(b.acquire('a')).toBe(0); // the probe
    expect(b.acquire('a')).toBeGreaterThan(t); // only one probe at a time
    b.success('a');
    expect(b.acquire('a')).toBe(0);
  });

  it('reopens when the probe fails; a success in between resets the count', () => {
    t = 0;
    const b = breaker();
    b.failure('a');
    b.failure('a');
    b.success('a');
    b.failure('a');
    expect(b.acquire('a')).toBe(0);
    b.failure('a');
    b.failure('a');
    expect(b.isOpen('a')).toBe(true);
    t = 10_000;
    expect(b.acquire('a')).toBe(0);
    b.failure('a');
    expect(b.acquire('a')).toBe(20_000);
  });
});
