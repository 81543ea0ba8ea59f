/**
 * Group commit for a hot statement: requests that arrive together are served by one statement, so one
 * round trip, one transaction and one WAL flush carry many of them instead of one each (bookings in
 * equipment; the delivery worker's reads and "delivered" writes in notifications).
 *
 * No timer waits for company. What was submitted during one turn of the event loop (the requests read
 * off the sockets in that turn) goes out together right after it (setImmediate); while `maxInFlight`
 * statements are running, what arrives meanwhile waits for the first of them to finish and then goes out
 * in one batch of up to `maxBatch`. A lone request is therefore written at once, as before, and under
 * load the batches grow by themselves with the load.
 *
 * `run` writes a batch and answers each item in order (the same number of results). When it fails, the
 * items of a batch of several are run again each on its own, so one item's error (or a deadlock a batch
 * met) is only that item's answer; a batch of one fails with its error.
 */
export class StatementBatcher<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (err: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async write(batch: StatementBatcher<I, O>['queue']): Promise<void> {
    try {
      const results = await this.run(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} was answered with ${results.length} results`);
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((b) => this.write([b])));
    }
  }
}
