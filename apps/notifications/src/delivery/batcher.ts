/**
 * Collects calls made in the same moment and runs them as one batch (one SQL round trip for many
 * jobs), resolving each caller with its own result once the batch is done. A caller is never answered
 * before its batch completed, so "recorded" still means recorded.
 */
export class Batcher<K, V> {
  private pending: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 200,
  ) {}

  call(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.key)).then(
      (values) => batch.forEach((b, i) => b.resolve(values[i])),
      (err) => batch.forEach((b) => b.reject(err)),
    );
  }
}
