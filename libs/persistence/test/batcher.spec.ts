import { StatementBatcher } from '../src/batcher';

/** A `run` that records each batch it gets and answers it when told to. */
function recorder() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      pending.push(() => (items.includes(-1) ? reject(new Error('bad item -1')) : resolve(items.map((i) => `done ${i}`))));
    });
  const answerAll = () => pending.splice(0).forEach((answer) => answer());
  return { batches, run, answerAll };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
/** Lets the event loop turn until `count` batches were sent (or 20 turns passed). */
async function batchesSent(r: { batches: unknown[] }, count: number): Promise<void> {
  for (let i = 0; i < 20 && r.batches.length < count; i++) await turn();
}

describe('StatementBatcher', () => {
  it('writes what arrives in one turn of the event loop in one batch, and answers each item with its own result', async () => {
    const r = recorder();
    const batcher = new StatementBatcher(r.run, { maxBatch: 10, maxInFlight: 2 });
    const answers = Promise.all([1, 2, 3].map((i) => batcher.submit(i)));
    await turn();
    expect(r.batches).toEqual([[1, 2, 3]]);
    r.answerAll();
    expect(await answers).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('sends a lone item at once, without waiting for company', async () => {
    const r = recorder();
    const batcher = new StatementBatcher(r.run, { maxBatch: 10, maxInFlight: 2 });
    const answer = batcher.submit(7);
    await turn();
    expect(r.batches).toEqual([[7]]);
    r.answerAll();
    expect(await answer).toBe('done 7');
  });

  it('keeps at most maxInFlight batches running; what arrives meanwhile goes out together, maxBatch at a time', async () => {
    const r = recorder();
    const batcher = new StatementBatcher(r.run, { maxBatch: 3, maxInFlight: 1 });
    const first = batcher.submit(1);
    await turn();
    const rest = [2, 3, 4, 5, 6].map((i) => batcher.submit(i));
    await turn();
    expect(r.batches).toEqual([[1]]);
    r.answerAll();
    await first;
    await batchesSent(r, 2);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.answerAll();
    await Promise.all(rest.slice(0, 3));
    await batchesSent(r, 3);
    expect(r.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    r.answerAll();
    expect(await Promise.all(rest)).toEqual(['done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
  });

  it('when a batch fails, runs its items again one by one, so only the failing item gets the error', async () => {
    const r = recorder();
    const batcher = new StatementBatcher(r.run, { maxBatch: 10, maxInFlight: 2 });
    const answers = [1, -1, 2].map((i) => batcher.submit(i).then(String, (err: Error) => `error: ${err.message}`));
    await turn();
    r.answerAll();
    await batchesSent(r, 4);
    expect(r.batches).toEqual([[1, -1, 2], [1], [-1], [2]]);
    r.answerAll();
    expect(await Promise.all(answers)).toEqual(['done 1', 'error: bad item -1', 'done 2']);
  });

  it('refuses an answer with the wrong number of results', async () => {
    const batcher = new StatementBatcher(async (items: number[]) => items.slice(1), { maxBatch: 10, maxInFlight: 1 });
    await expect(batcher.submit(1)).rejects.toThrow('a batch of 1 was answered with 0 results');
  });

  it('gathers the calls made while a batch is in flight into the next one, one batch at a time', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const batcher = new StatementBatcher(
      async (keys: number[]) => {
        batches.push(keys);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return keys;
      },
      { maxBatch: 200, maxInFlight: 1 },
    );
    const first = batcher.submit(1);
    await turn();
    // The first batch is in flight: these arrive at different moments and wait for it together.
    const later: Array<Promise<number>> = [];
    for (let k = 2; k <= 6; k++) {
      later.push(batcher.submit(k));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(most).toBe(1);
  });

  it('answers every caller when calls arrive faster than batches run, never more than maxBatch or maxInFlight at once', async () => {
    const sizes: number[] = [];
    let running = 0;
    let most = 0;
    const batcher = new StatementBatcher(
      async (keys: number[]) => {
        sizes.push(keys.length);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        return keys.map((k) => k + 1);
      },
      { maxBatch: 50, maxInFlight: 2 },
    );
    const keys = Array.from({ length: 500 }, (_, i) => i);
    expect(await Promise.all(keys.map((k) => batcher.submit(k)))).toEqual(keys.map((k) => k + 1));
    expect(sizes.every((n) => n <= 50)).toBe(true);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(500);
    expect(most).toBe(2);
  });
});
