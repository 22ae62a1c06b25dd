import { ArgumentError, AxisError, ShapeError, Tensor, arange, defaultRng, indexSelect, tensor, zeros } from '@tapegrad/core';
import { DataLoader, type Dataset, Linear, SGD, TensorDataset, manualSeed, mseLoss, setDefaultGenerator } from '@tapegrad/nn';
import { describe, expect, it, vi } from 'vitest';

/** n examples: X[i] = [i, 10 i + 1, 100 i + 2] (shape [n, 3]) and ids[i] = i (shape [n]). */
function numbered(n: number): TensorDataset<[Tensor, Tensor]> {
  const X = new Tensor(
    Float64Array.from({ length: 3 * n }, (_, k) => [1, 10, 100][k % 3]! * Math.floor(k / 3) + (k % 3)),
    [n, 3],
  );
  return new TensorDataset(X, arange(n));
}

/** The example ids of each batch of one epoch (the second tensor of each batch). */
const epochIds = (loader: Iterable<Tensor[]>) => [...loader].map((b) => Array.from(b[1]!.data));

/** A seeded default generator for the duration of `f`, restored afterwards. */
function withDefault<R>(seed: number, f: () => R): R {
  const before = setDefaultGenerator(null);
  try {
    manualSeed(seed);
    return f();
  } finally {
    setDefaultGenerator(before);
  }
}

describe('TensorDataset', () => {
  it('holds tensors sharing their first dimension: length, at(i) as each tensor’s row i, tensors frozen', () => {
    const data = numbered(4);
    expect(data.length).toBe(4);
    const [x, id] = data.at(2);
    expect(x.shape).toEqual([3]);
    expect(x.toArray()).toEqual([2, 21, 202]);
    expect(id.shape).toEqual([]);
    expect(id.item()).toBe(2);
    expect(data.at(-1)[0].toArray()).toEqual([3, 31, 302]);
    expect(Object.isFrozen(data.tensors)).toBe(true);
    expect(data.tensors.length).toBe(2);
    expect(String(data)).toBe('TensorDataset(length=4, shapes=[[4,3], [4]])');
  });

  it('at(i) keeps the row on the tape: its gradient reaches the dataset tensor', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const [row] = new TensorDataset(w).at(1);
    row.sum().backward();
    expect(w.grad!.toArray()).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('may be empty (first dimension 0), as PyTorch', () => {
    const data = new TensorDataset(zeros([0, 2]));
    expect(data.length).toBe(0);
    expect([...new DataLoader(data, { batchSize: 3 })]).toEqual([]);
    expect(() => data.at(0)).toThrow('the dataset is empty');
  });

  it('rejects tensors of different first dimensions with a ShapeError naming the shapes', () => {
    expect(() => new TensorDataset(zeros([3, 2]), zeros([4]))).toThrow(ShapeError);
    expect(() => new TensorDataset(zeros([3, 2]), zeros([4]))).toThrow(
      'TensorDataset: all tensors must have the same first dimension, got shapes [3,2], [4]',
    );
  });
});

describe('DataLoader', () => {
  it('without shuffle: the rows in order, in batches of batchSize, the last one shorter; length = ⌈n / batchSize⌉', () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.length).toBe(loader.length);
    expect(batches.map(([x, id]) => [x.shape, id.shape])).toEqual([
      [[3, 3], [3]],
      [[3, 3], [3]],
      [[1, 3], [1]],
    ]);
    expect(epochIds(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    // Each batch's rows are the dataset's rows at the batch's ids, in every tensor.
    for (const [x, id] of loader) expect(x.toArray()).toEqual(indexSelect(numbered(7).tensors[0], 0, id).toArray());
    expect(new DataLoader(numbered(7)).length).toBe(7); // batchSize 1 by default
  });

  it('dropLast leaves out the short last batch, as PyTorch; length = ⌊n / batchSize⌋', () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epochIds(loader)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(new DataLoader(numbered(6), { batchSize: 3, dropLast: true }).length).toBe(2); // nothing to drop
    expect(new DataLoader(numbered(2), { batchSize: 3, dropLast: true }).length).toBe(0);
    expect([...new DataLoader(numbered(2), { batchSize: 3, dropLast: true })]).toEqual([]);
  });

  it('with shuffle: every row exactly once per epoch, in generator.permutation(n) order, fresh each epoch', () => {
    const n = 23;
    const loader = new DataLoader(numbered(n), { batchSize: 5, shuffle: true, generator: defaultRng(7) });
    const reference = defaultRng(7);
    const epochs: number[][] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      const ids = epochIds(loader);
      expect(ids.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
      const flat = ids.flat();
      expect([...flat].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(flat).toEqual(reference.permutation(n));
      epochs.push(flat);
    }
    // Different epochs differ (23! orders: equal ones would be a bug, not chance).
    expect(new Set(epochs.map(String)).size).toBe(4);
  });

  it('with shuffle and dropLast: each epoch’s batches are the permutation’s first ⌊n / b⌋·b entries', () => {
    const n = 11;
    const loader = new DataLoader(numbered(n), { batchSize: 4, shuffle: true, dropLast: true, generator: defaultRng(3) });
    const reference = defaultRng(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const ids = epochIds(loader);
      expect(ids.length).toBe(loader.length);
      expect(loader.length).toBe(2);
      expect(ids.flat()).toEqual(reference.permutation(n).slice(0, 8));
      expect(new Set(ids.flat()).size).toBe(8); // no row twice
    }
  });

  it('two loaders with equally seeded generators give equal batches; the default generator repeats after manualSeed', () => {
    const a = new DataLoader(numbered(10), { batchSize: 3, shuffle: true, generator: defaultRng(5) });
    const b = new DataLoader(numbered(10), { batchSize: 3, shuffle: true, generator: defaultRng(5) });
    for (let epoch = 0; epoch < 3; epoch++) {
      const [ba, bb] = [[...a], [...b]];
      expect(ba.map((batch) => batch.map((t) => t.toArray()))).toEqual(bb.map((batch) => batch.map((t) => t.toArray())));
    }
    const run = () =>
      withDefault(12, () => {
        const loader = new DataLoader(numbered(10), { batchSize: 4, shuffle: true });
        return [epochIds(loader), epochIds(loader)];
      });
    const first = run();
    expect(run()).toEqual(first);
    const reference = defaultRng(12);
    expect(first.map((ids) => ids.flat())).toEqual([reference.permutation(10), reference.permutation(10)]);
  });

  it('draws the order when an epoch starts: one permutation per [Symbol.iterator]() call, none without shuffle', () => {
    const rng = defaultRng(1);
    const spy = vi.spyOn(rng, 'permutation');
    const loader = new DataLoader(numbered(6), { batchSize: 2, shuffle: true, generator: rng });
    expect(spy).not.toHaveBeenCalled();
    const it1 = loader[Symbol.iterator]();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenLastCalledWith(6);
    it1.next();
    it1.next();
    expect(spy).toHaveBeenCalledTimes(1);
    [...loader];
    expect(spy).toHaveBeenCalledTimes(2);
    const plain = defaultRng(1);
    const plainSpy = vi.spyOn(plain, 'permutation');
    [...new DataLoader(numbered(6), { batchSize: 2, generator: plain })];
    expect(plainSpy).not.toHaveBeenCalled();
  });

  it('takes each batch with one indexSelect per tensor, not row by row', () => {
    const data = numbered(9);
    const ops: string[] = [];
    const [X, ids] = data.tensors.map((t) => new Tensor(t.data, t.shape, { requiresGrad: true })) as [Tensor, Tensor];
    const loader = new DataLoader(new TensorDataset(X, ids), { batchSize: 4 });
    const batches = [...loader];
    for (const batch of batches) for (const t of batch) ops.push(t.entry?.op ?? 'none');
    expect(ops).toEqual(Array(6).fill('indexSelect'));
    expect(batches.map(([x]) => x.entry!.inputs.length)).toEqual([2, 2, 2]); // x and the index: one entry per batch
  });

  it('accepts any Dataset-shaped object (length and tensors)', () => {
    const data: Dataset<[Tensor]> = { length: 3, tensors: [tensor([[1], [2], [3]])] };
    expect([...new DataLoader(data, { batchSize: 2 })].map(([x]) => x.toArray())).toEqual([[[1], [2]], [[3]]]);
  });

  it('trains: two epochs of a Linear on shuffled batches give the weights of SGD on the independently drawn permutation', () => {
    // y = 2 x0 − x1 + 0.5 plus a little noise, 20 examples.
    const n = 20;
    const rng = defaultRng(100);
    const X = rng.uniform(-1, 1, [n, 2]);
    const Y = new Tensor(
      Float64Array.from({ length: n }, (_, i) => 2 * X.data[2 * i]! - X.data[2 * i + 1]! + 0.5 + 0.01 * Math.sin(i)),
      [n, 1],
    );
    const model = new Linear(2, 1, { generator: defaultRng(4) });
    const w = Array.from(model.weight.data);
    let b = model.bias!.data[0]!;
    const lr = 0.1;
    const batchSize = 6;
    const opt = new SGD(model.parameters(), { lr });
    const fullLoss = () => mseLoss(model.forward(X), Y).item();
    const lossBefore = fullLoss();
    const loader = new DataLoader(new TensorDataset(X, Y), { batchSize, shuffle: true, generator: defaultRng(9) });
    const reference = defaultRng(9);
    let batchCount = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = reference.permutation(n);
      let start = 0;
      for (const [x, y] of loader) {
        const rows = order.slice(start, start + batchSize);
        start += batchSize;
        expect(Array.from(x.data)).toEqual(rows.flatMap((r) => [X.data[2 * r]!, X.data[2 * r + 1]!]));
        opt.zeroGrad();
        const loss = mseLoss(model.forward(x), y);
        loss.backward();
        batchCount++;
        // The same step by hand: dL/dw = (2/B) Σ (ŷ − y) x, dL/db = (2/B) Σ (ŷ − y).
        const gw = [0, 0];
        let gb = 0;
        for (const r of rows) {
          const err = w[0]! * X.data[2 * r]! + w[1]! * X.data[2 * r + 1]! + b - Y.data[r]!;
          gw[0]! += (2 / rows.length) * err * X.data[2 * r]!;
          gw[1]! += (2 / rows.length) * err * X.data[2 * r + 1]!;
          gb += (2 / rows.length) * err;
        }
        expect(Array.from(model.weight.grad!.data)[0]).toBeCloseTo(gw[0]!, 12);
        expect(Array.from(model.weight.grad!.data)[1]).toBeCloseTo(gw[1]!, 12);
        expect(model.bias!.grad!.data[0]).toBeCloseTo(gb, 12);
        opt.step();
        w[0]! -= lr * gw[0]!;
        w[1]! -= lr * gw[1]!;
        b -= lr * gb;
      }
      expect(start).toBeGreaterThanOrEqual(n);
    }
    expect(batchCount).toBe(2 * 4);
    expect(model.weight.data[0]).toBeCloseTo(w[0]!, 12);
    expect(model.weight.data[1]).toBeCloseTo(w[1]!, 12);
    expect(model.bias!.data[0]).toBeCloseTo(b, 12);
    // And it learns (not the point of this test, which is the batches): the loss on all the data falls.
    expect(fullLoss()).toBeLessThan(lossBefore / 2);
  });

  it('rejects bad options and datasets with named errors', () => {
    const data = numbered(4);
    expect(() => new DataLoader(data, { batchSize: 0 })).toThrow(ArgumentError);
    expect(() => new DataLoader(data, { batch_size: 2 } as never)).toThrow(
      'DataLoader: unknown option "batch_size"; the options are "batchSize", "shuffle", "generator", "dropLast"',
    );
    expect(() => new DataLoader({ length: 5, tensors: data.tensors } as Dataset)).toThrow(ShapeError);
    expect(() => data.at(4)).toThrow(AxisError);
    const noPermutation = { uniform: () => zeros([1]), normal: () => zeros([1]) };
    const before = setDefaultGenerator(noPermutation);
    try {
      const loader = new DataLoader(data, { shuffle: true });
      expect(() => [...loader]).toThrow('DataLoader: the default generator (set by setDefaultGenerator) has no permutation(n) method');
      expect([...new DataLoader(data)].length).toBe(4); // no shuffle: no generator needed
    } finally {
      setDefaultGenerator(before);
    }
    const liar = { permutation: (k: number) => Array(k).fill(0) };
    expect(() => [...new DataLoader(data, { shuffle: true, generator: liar })]).toThrow(
      'DataLoader: generator.permutation(4) must return the integers 0..3 in some order',
    );
  });
});
