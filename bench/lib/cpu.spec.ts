import { cpuCeilingPerSec } from './cpu';

describe('cpuCeilingPerSec', () => {
  const perBooking = { bench: 0.2, service: 1, postgres: 0.6, kafka: 0.2 };

  it('is the cores divided by the CPU one operation costs over every group', () => {
    expect(cpuCeilingPerSec(2, perBooking)).toEqual({ cpuMs: 2, perSec: 1000 });
  });

  it('leaves out the groups asked to cost nothing', () => {
    expect(cpuCeilingPerSec(2, perBooking, ['service'])).toEqual({ cpuMs: 1, perSec: 2000 });
  });

  it('has no ceiling when nothing was spent', () => {
    expect(cpuCeilingPerSec(2, { service: 0 }).perSec).toBe(Infinity);
  });
});
