import { tensor } from '@tapegrad/core';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  ReduceLROnPlateau,
  SGD,
  StateDictError,
  StepLR,
  type LRScheduler,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';

interface SchedulerCase {
  op: 'StepLR' | 'MultiStepLR' | 'ExponentialLR' | 'CosineAnnealingLR' | 'LinearLR' | 'ReduceLROnPlateau';
  name: string;
  lrs: number[];
  options: Record<string, unknown>;
  sequence: number[][];
  metrics?: number[];
}
const cases = fixture<{ cases: (SchedulerCase | { op: string })[] }>('schedulers.json').cases.filter(
  (c): c is SchedulerCase => !c.op.startsWith('clip'),
);

const optimizer = (lrs: number[]) =>
  new SGD(
    lrs.map((lr) => ({ params: [tensor([0], { requiresGrad: true })], lr })),
    { lr: lrs[0]! },
  );

const EPOCH_DRIVEN = { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR } as const;
/** The case's scheduler over `opt` (the fixture's options are checked by the constructors). */
const make = (c: SchedulerCase, opt: SGD): LRScheduler | ReduceLROnPlateau =>
  c.op === 'ReduceLROnPlateau' ? new ReduceLROnPlateau(opt, c.options) : new EPOCH_DRIVEN[c.op](opt, c.options as never);

/** Runs a case: the lrs after construction, then after each step. */
function run(c: SchedulerCase): number[][] {
  const opt = optimizer(c.lrs);
  const s = make(c, opt);
  const out = [s.getLastLr()];
  for (let i = 0; i < c.sequence.length - 1; i++) {
    if (s instanceof ReduceLROnPlateau) s.step(c.metrics![i]!);
    else s.step();
    out.push(s.getLastLr());
  }
  return out;
}

describe('learning-rate schedulers against PyTorch 1.13 float64', () => {
  // Bit for bit: each lr is computed from the group's current one with PyTorch's operations in
  // PyTorch's order. Except CosineAnnealingLR, to 1e-15 relative: V8's Math.cos (a port of
  // fdlibm) and Python's math.cos (glibc) are each within an ulp of cos but differ in the last bit
  // for some arguments (cos(12π/10), cos(19π/30)), and the recursion carries that ulp forward.
  for (const c of cases) {
    const exact = c.op !== 'CosineAnnealingLR';
    it(`${c.op}: ${c.name}: ${c.sequence.length} lrs per group, ${exact ? 'exactly' : 'to 1e-15 relative'}`, () => {
      const got = run(c);
      if (exact) expect(got).toEqual(c.sequence);
      else
        got.forEach((lrs, t) =>
          lrs.forEach((lr, g) => {
            const e = c.sequence[t]![g]!;
            expect(Math.abs(lr - e), `epoch ${t}, group ${g}: ${lr} vs ${e}`).toBeLessThanOrEqual(1e-15 * Math.abs(e));
          }),
        );
    });
  }

  it('cover every scheduler, with two parameter groups each', () => {
    for (const op of ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'ReduceLROnPlateau'])
      expect(
        cases.some((c) => c.op === op && c.lrs.length === 2),
        op,
      ).toBe(true);
  });
});

describe('schedulers', () => {
  it('set the optimizer’s lr, which the next optimizer step uses', () => {
    const p = tensor([1], { requiresGrad: true });
    const opt = new SGD([p], { lr: 1 });
    const sched = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    expect(opt.paramGroups[0]!.lr).toBe(0.5); // applied at construction, as PyTorch
    expect(sched.lastEpoch).toBe(0);
    p.grad = tensor([1]);
    opt.step();
    expect(p.item()).toBe(0.5);
    sched.step();
    expect(opt.paramGroups[0]!.lr).toBe(0.75);
    expect(sched.getLastLr()).toEqual([0.75]);
    expect(sched.lastEpoch).toBe(1);
  });

  it('start a second scheduler from the lr the first one found (PyTorch’s initial_lr)', () => {
    const opt = optimizer([1]);
    new LinearLR(opt, { startFactor: 0.5 });
    const cosine = new CosineAnnealingLR(opt, { tMax: 10 });
    expect(cosine.baseLrs).toEqual([1]);
  });

  const midway = (c: SchedulerCase, n: number) => {
    const opt = optimizer(c.lrs);
    const s = make(c, opt);
    for (let i = 0; i < n; i++) s instanceof ReduceLROnPlateau ? s.step(c.metrics![i]!) : s.step();
    return { opt, s };
  };

  for (const op of ['CosineAnnealingLR', 'LinearLR', 'MultiStepLR', 'ReduceLROnPlateau'] as const) {
    it(`${op}: a state dict saved mid-sequence, through JSON, continues the sequence bit for bit`, () => {
      const c = cases.find((k) => k.op === op && k.lrs.length === 2)!;
      const { opt: optA, s: a } = midway(c, 13);
      const saved = JSON.parse(JSON.stringify({ opt: optA.stateDict(), sched: a.stateDict() }));
      // A fresh optimizer and scheduler, made with other options, take the saved ones.
      const optB = optimizer(c.lrs.map((lr) => lr * 3));
      const other = { ...cases.find((k) => k.op === op && k !== c)!, lrs: c.lrs };
      const b = make(other, optB);
      optB.loadStateDict(saved.opt);
      (b as LRScheduler).loadStateDict(saved.sched);
      const uninterrupted = run(c);
      expect(b.getLastLr()).toEqual(uninterrupted[13]);
      for (let i = 13; i < c.sequence.length - 1; i++) {
        if (b instanceof ReduceLROnPlateau) b.step(c.metrics![i]!);
        else b.step();
        expect(b.getLastLr(), `epoch ${i + 1}`).toEqual(uninterrupted[i + 1]);
      }
    });
  }

  it('save plain data: options, epoch, base and last lrs', () => {
    const sched = new MultiStepLR(optimizer([0.1, 0.2]), { milestones: [10, 2, 10] });
    sched.step();
    expect(sched.stateDict()).toEqual({ milestones: [2, 10, 10], gamma: 0.1, lastEpoch: 1, baseLrs: [0.1, 0.2], lastLr: [0.1, 0.2] });
    expect(sched.toString()).toBe('MultiStepLR(milestones=[2, 10, 10], gamma=0.1, lastEpoch=1)');
    const plateau = new ReduceLROnPlateau(optimizer([0.1]), { mode: 'max' });
    expect(plateau.stateDict()).toEqual({
      options: { mode: 'max', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: [0], eps: 1e-8 },
      best: null,
      numBadEpochs: 0,
      cooldownCounter: 0,
      lastEpoch: 0,
      lastLr: [0.1],
    });
  });

  it('refuse a state dict for another scheduler or another number of groups, changing nothing', () => {
    const sched = new StepLR(optimizer([0.1]), { stepSize: 2 });
    const before = sched.stateDict();
    const two = new StepLR(optimizer([0.1, 0.2]), { stepSize: 2 }).stateDict();
    expect(() => sched.loadStateDict(two)).toThrow(StateDictError);
    expect(() => sched.loadStateDict(two)).toThrow(
      'StepLR.loadStateDict: baseLrs must be an array of 1 finite numbers (one per parameter group), got [0.1, 0.2]',
    );
    const cosine = new CosineAnnealingLR(optimizer([0.1]), { tMax: 3 }).stateDict();
    expect(() => sched.loadStateDict(cosine)).toThrow('StepLR.loadStateDict: unknown option "tMax"');
    expect(() => sched.loadStateDict({ ...before, stepSize: 0 })).toThrow(
      'StepLR.loadStateDict: StepLR: stepSize must be an integer >= 1, got 0',
    );
    expect(sched.stateDict()).toEqual(before);
    const plateau = new ReduceLROnPlateau(optimizer([0.1]));
    expect(() => plateau.loadStateDict({ ...plateau.stateDict(), best: 'x' as never })).toThrow(
      'ReduceLROnPlateau.loadStateDict: best must be a number or null, got "x"',
    );
  });

  it('reject bad options with named errors', () => {
    const opt = optimizer([0.1]);
    expect(() => new StepLR(opt, { stepSize: 2, step_size: 3 } as never)).toThrow(
      'StepLR: unknown option "step_size"; the options are "stepSize", "gamma"',
    );
    expect(() => new StepLR(opt, { stepSize: 1.5 })).toThrow('StepLR: stepSize must be an integer >= 1, got 1.5');
    expect(() => new MultiStepLR(opt, { milestones: 5 as never })).toThrow('MultiStepLR: milestones must be an array');
    expect(() => new ExponentialLR(opt, {} as never)).toThrow('ExponentialLR: gamma is required');
    expect(() => new CosineAnnealingLR(opt, { tMax: 0 })).toThrow('CosineAnnealingLR: tMax must be an integer >= 1, got 0');
    expect(() => new LinearLR(opt, { startFactor: 0 })).toThrow('LinearLR: startFactor must be in (0, 1], got 0');
    expect(() => new ReduceLROnPlateau(opt, { mode: 'minimum' as never })).toThrow(
      `ReduceLROnPlateau: mode must be 'min' or 'max', got "minimum"`,
    );
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow('ReduceLROnPlateau: factor must be in [0, 1), got 1');
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(
      'ReduceLROnPlateau: minLr must have one value per parameter group (1), got 2 values',
    );
    expect(() => new StepLR([tensor([1])] as never, { stepSize: 1 })).toThrow(
      'StepLR: expected an optimizer (new SGD(...), new Adam(...)), got [a Tensor]',
    );
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
  });

  it('ReduceLROnPlateau: a NaN metric is a bad epoch, an unbeatable infinity is refused', () => {
    const opt = optimizer([1]);
    const sched = new ReduceLROnPlateau(opt, { patience: 0 });
    sched.step(Number.NaN);
    expect(sched.getLastLr()).toEqual([0.1]);
    expect(() => sched.step(Number.NEGATIVE_INFINITY)).toThrow(
      "ReduceLROnPlateau.step: metric must not be -Infinity in 'min' mode; no later metric could improve on it",
    );
    expect(() => sched.step('1' as never)).toThrow('ReduceLROnPlateau.step: metric must be a number, got "1"');
    expect(sched.lastEpoch).toBe(1);
  });
});
