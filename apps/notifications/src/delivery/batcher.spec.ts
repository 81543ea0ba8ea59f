import { Batcher } from './batcher';

describe('Batcher', () => {
  it('runs calls of the same tick as one batch and answers each with its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => k * 10);
    });
    expect(await Promise.all([b.call(1), b.call(2), b.call(3)])).toEqual([10, 20, 30]);
    expect(await b.call(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at the maximum batch size and fails every caller of a failed batch', async () => {
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (keys) => {
      sizes.push(keys.length);
      if (keys.includes(99)) throw new Error('boom');
      return keys;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((k) => b.call(k)));
    expect(sizes).toEqual([2, 2, 1]);
    await expect(Promise.all([b.call(7), b.call(99)])).rejects.toThrow('boom');
  });

  it('gathers the calls made while a batch is in flight into the next one, one batch at a time', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const b = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return keys;
    });
    const first = b.call(1);
    await new Promise((r) => setImmediate(r));
    // The first batch is in flight: these arrive at different moments and wait for it together.
    const later: Promise<number>[] = [];
    for (let k = 2; k <= 6; k++) {
      later.push(b.call(k));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(most).toBe(1);
  });

  it('answers every caller when batches arrive faster than they run, and splits at the maximum size', async () => {
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (keys) => {
      sizes.push(keys.length);
      await new Promise((r) => setTimeout(r, 2));
      return keys.map((k) => k + 1);
    }, 50);
    const keys = Array.from({ length: 500 }, (_, i) => i);
    expect(await Promise.all(keys.map((k) => b.call(k)))).toEqual(keys.map((k) => k + 1));
    expect(sizes.every((n) => n <= 50)).toBe(true);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(500);
  });
});
