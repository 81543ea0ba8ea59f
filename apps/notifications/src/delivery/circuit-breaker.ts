interface State {
  failures: number;
  openUntil: number;
  probing: boolean;
}

/**
 * One circuit per endpoint: after `threshold` consecutive failures it opens for `cooldownMs`, during
 * which calls are not made (the jobs are deferred, not failed); then one probe call is let through,
 * whose success closes the circuit and whose failure opens it again. A dead endpoint then costs one
 * call per cooldown instead of tying up workers that other endpoints need.
 */
export class CircuitBreaker {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when a call may go ahead now, otherwise the time (ms epoch) to try again. */
  acquire(key: string): number {
    const s = this.states.get(key);
    if (!s || s.failures < this.threshold) return 0;
    const t = this.now();
    if (t < s.openUntil) return s.openUntil;
    if (s.probing) return t + Math.max(100, this.cooldownMs / 10);
    s.probing = true;
    return 0;
  }

  success(key: string): void {
    this.states.delete(key);
  }

  failure(key: string): void {
    const s = this.states.get(key) ?? { failures: 0, openUntil: 0, probing: false };
    s.failures++;
    s.probing = false;
    if (s.failures >= this.threshold) s.openUntil = this.now() + this.cooldownMs;
    this.states.set(key, s);
  }

  isOpen(key: string): boolean {
    const s = this.states.get(key);
    return !!s && s.failures >= this.threshold && this.now() < s.openUntil;
  }

  openCount(): number {
    return [...this.states.keys()].filter((k) => this.isOpen(k)).length;
  }
}
