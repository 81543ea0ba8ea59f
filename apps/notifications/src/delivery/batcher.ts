/**
 * Collects concurrent calls and runs them as batches (one SQL round trip for many jobs), resolving each
 * caller with its own result once its batch is done. A caller is never answered before its batch
 * completed, so "recorded" still means recorded.
 *
 * Group-commit style: at most `maxRunning` batches run at once. A call waits for the current tick when
 * nothing is running (no added latency when idle); under load, calls gather while a batch is in flight
 * and go together as soon as it returns, so batches grow with the load instead of the number of
 * round trips. A batch never holds more than `maxBatch` calls; a full one goes at once.
 */
export class Batcher<K, V> {
  private pending: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 200,
    private readonly maxRunning = 1,
  ) {}

  call(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.running < this.maxRunning) this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.running++;
    this.run(batch.map((b) => b.key))
      .then(
        (values) => batch.forEach((b, i) => b.resolve(values[i])),
        (err) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.running--;
        if (this.running < this.maxRunning && !this.scheduled) this.flush();
      });
  }
}
