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
});
