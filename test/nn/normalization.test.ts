import { ShapeError, type Tensor, gradients, mul, sum, tensor, zeros } from '@tapegrad/core';
import {
  BatchNorm1d,
  Dropout,
  LayerNorm,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  ReLU,
  Sequential,
  decodeSafetensors,
  encodeSafetensors,
  type BatchNormOptions,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, fixtureBytes, toTensor, type TensorRecord } from './helpers.js';

interface LayerNormCase {
  op: 'layerNorm';
  name: string;
  normalizedShape: number[];
  eps: number;
  elementwiseAffine: boolean;
  x: TensorRecord;
  g: TensorRecord;
  v: TensorRecord;
  output: TensorRecord;
  gradInput: TensorRecord;
  secondInput: TensorRecord;
  weight?: TensorRecord;
  bias?: TensorRecord;
  gradWeight?: TensorRecord;
  gradBias?: TensorRecord;
  secondWeight?: TensorRecord;
}
interface Stats {
  runningMean: TensorRecord;
  runningVar: TensorRecord;
  numBatchesTracked: number;
}
interface BatchNormTrainCase extends Stats {
  op: 'batchNormTrain';
  name: string;
  numFeatures: number;
  x: TensorRecord;
  weight: TensorRecord;
  bias: TensorRecord;
  g: TensorRecord;
  output: TensorRecord;
  gradInput: TensorRecord;
  gradWeight: TensorRecord;
  gradBias: TensorRecord;
}
interface BatchNormStepsCase {
  op: 'batchNormSteps';
  name: string;
  numFeatures: number;
  options: BatchNormOptions;
  steps: ({ x: TensorRecord; output: TensorRecord } & Partial<Stats>)[];
  evalX: TensorRecord;
  evalG: TensorRecord;
  evalOutput: TensorRecord;
  evalGradInput: TensorRecord;
  weight?: TensorRecord;
  bias?: TensorRecord;
}
interface StateDictKeysCase {
  op: 'stateDictKeys';
  keys: string[];
  shapes: number[][];
  dtypes: string[];
  parameters: string[];
  buffers: string[];
  repr: string;
}
type Case = LayerNormCase | BatchNormTrainCase | BatchNormStepsCase | StateDictKeysCase;

const { cases } = fixture<{ cases: Case[] }>('normalization.json');
const byOp = <K extends Case['op']>(op: K) => cases.filter((c): c is Extract<Case, { op: K }> => c.op === op);

// Float64 against float64: the sums run in a different order from PyTorch's kernels.
const TOL = 1e-12;

describe('LayerNorm against PyTorch', () => {
  it.each(byOp('layerNorm').map((c) => [c.name, c] as const))('%s: forward, gradients and second derivative', (_, c) => {
    const ln = new LayerNorm(c.normalizedShape, { eps: c.eps, elementwiseAffine: c.elementwiseAffine });
    if (c.weight) ln.weight!.data.set(c.weight.data);
    if (c.bias) ln.bias!.data.set(c.bias.data);
    const x = toTensor(c.x, { requiresGrad: true });
    const y = ln.forward(x);
    expectClose(y, c.output, TOL, TOL, 'output');
    const params = ln.weight ? [ln.weight, ln.bias!] : [];
    const grads = gradients(sum(mul(y, toTensor(c.g))), [x, ...params], { createGraph: true });
    expectClose(grads[0]!, c.gradInput, TOL, 1e-10, 'gradInput');
    if (c.gradWeight) expectClose(grads[1]!, c.gradWeight, TOL, 1e-10, 'gradWeight');
    if (c.gradBias) expectClose(grads[2]!, c.gradBias, TOL, 1e-10, 'gradBias');
    const second = gradients(sum(mul(grads[0]!, toTensor(c.v))), [x, ...params.slice(0, 1)]);
    expectClose(second[0]!, c.secondInput, 1e-10, 1e-9, 'secondInput');
    if (c.secondWeight) expectClose(second[1]!, c.secondWeight, 1e-10, 1e-9, 'secondWeight');
  });

  it('has weight ones and bias zeros, and prints as PyTorch', () => {
    const ln = new LayerNorm([3, 4]);
    expect(Array.from(ln.weight!.data)).toEqual(new Array(12).fill(1));
    expect(Array.from(ln.bias!.data)).toEqual(new Array(12).fill(0));
    expect(ln.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['weight', [3, 4]],
      ['bias', [3, 4]],
    ]);
    expect(new LayerNorm(8).toString()).toBe('LayerNorm((8,), eps=1e-05, elementwise_affine=True)');
    expect(ln.toString()).toBe('LayerNorm((3, 4), eps=1e-05, elementwise_affine=True)');
    expect(new LayerNorm(8, { eps: 0.001, elementwiseAffine: false }).toString()).toBe(
      'LayerNorm((8,), eps=0.001, elementwise_affine=False)',
    );
    ln.weight!.data.fill(3);
    ln.resetParameters();
    expect(ln.weight!.data[0]).toBe(1);
  });

  it('names the layer and the shapes when the input does not fit', () => {
    expect(() => new LayerNorm(4).forward(zeros([2, 3]))).toThrow(ShapeError);
    expect(() => new LayerNorm([3, 4]).forward(zeros([3, 5]))).toThrow('LayerNorm([3,4]): expected input [*, 3, 4], got [3,5]');
    expect(() => new LayerNorm([3, 4]).forward(zeros([4]))).toThrow('LayerNorm([3,4]): expected input [*, 3, 4], got [4]');
  });
});

describe('BatchNorm1d against PyTorch', () => {
  it.each(byOp('batchNormTrain').map((c) => [c.name, c] as const))('%s: training forward, gradients and running statistics', (_, c) => {
    const bn = new BatchNorm1d(c.numFeatures);
    bn.weight!.data.set(c.weight.data);
    bn.bias!.data.set(c.bias.data);
    const x = toTensor(c.x, { requiresGrad: true });
    const y = bn.forward(x);
    expectClose(y, c.output, TOL, TOL, 'output');
    sum(mul(y, toTensor(c.g))).backward();
    expectClose(x.grad!, c.gradInput, TOL, 1e-10, 'gradInput');
    expectClose(bn.weight!.grad!, c.gradWeight, TOL, 1e-10, 'gradWeight');
    expectClose(bn.bias!.grad!, c.gradBias, TOL, 1e-10, 'gradBias');
    expectClose(bn.runningMean!, c.runningMean, TOL, TOL, 'runningMean');
    expectClose(bn.runningVar!, c.runningVar, TOL, TOL, 'runningVar');
    expect(bn.numBatchesTracked!.item()).toBe(c.numBatchesTracked);
    // The running statistics are buffers: no gradient, no parameter.
    expect(bn.runningMean!.grad).toBeNull();
    expect(bn.parameters()).toEqual([bn.weight, bn.bias]);
  });

  it.each(byOp('batchNormSteps').map((c) => [c.name, c] as const))('%s: several training steps, then eval()', (_, c) => {
    const bn = new BatchNorm1d(c.numFeatures, c.options);
    if (c.weight) bn.weight!.data.set(c.weight.data);
    if (c.bias) bn.bias!.data.set(c.bias.data);
    c.steps.forEach((step, i) => {
      expectClose(bn.forward(toTensor(step.x)), step.output, TOL, TOL, `step ${i} output`);
      if (step.runningMean) {
        expectClose(bn.runningMean!, step.runningMean, TOL, TOL, `step ${i} runningMean`);
        expectClose(bn.runningVar!, step.runningVar!, TOL, TOL, `step ${i} runningVar`);
        expect(bn.numBatchesTracked!.item()).toBe(step.numBatchesTracked);
      } else {
        expect([bn.runningMean, bn.runningVar, bn.numBatchesTracked]).toEqual([null, null, null]);
      }
    });
    bn.eval();
    const before = bn.stateDict();
    const snapshot = [...before.values()].map((t) => Array.from(t.data));
    const x = toTensor(c.evalX, { requiresGrad: true });
    const y = bn.forward(x);
    expectClose(y, c.evalOutput, TOL, TOL, 'eval output');
    sum(mul(y, toTensor(c.evalG))).backward();
    expectClose(x.grad!, c.evalGradInput, TOL, 1e-10, 'eval gradInput');
    // eval() changes no running statistic.
    expect([...bn.stateDict().values()].map((t) => Array.from(t.data))).toEqual(snapshot);
  });

  it('prints as PyTorch and has its defaults', () => {
    const bn = new BatchNorm1d(8);
    expect(bn.toString()).toBe('BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect(new BatchNorm1d(4, { momentum: null, affine: false, trackRunningStats: false, eps: 1e-3 }).toString()).toBe(
      'BatchNorm1d(4, eps=0.001, momentum=None, affine=False, track_running_stats=False)',
    );
    expect(Array.from(bn.runningVar!.data)).toEqual(new Array(8).fill(1));
    expect([...bn.stateDict().keys()]).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect([...new BatchNorm1d(2, { affine: false, trackRunningStats: false }).stateDict().keys()]).toEqual([]);
    bn.forward(tensor([[...new Array(8).fill(1)], [...new Array(8).fill(3)]]));
    bn.resetParameters();
    expect([bn.runningMean!.data[0], bn.runningVar!.data[0], bn.numBatchesTracked!.item()]).toEqual([0, 1, 0]);
  });

  it('rejects inputs PyTorch rejects, naming the layer', () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(zeros([4, 2]))).toThrow('BatchNorm1d(3): expected input [N, 3] or [N, 3, L], got [4,2]');
    expect(() => bn.forward(zeros([3]))).toThrow(ShapeError);
    expect(() => bn.forward(zeros([1, 3]))).toThrow(
      'BatchNorm1d(3): expected more than 1 value per channel when training, got input [1,3]',
    );
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(bn.eval().forward(zeros([1, 3])).shape).toEqual([1, 3]); // one sample is fine with running statistics
  });
});

/** The module tree of scripts/fixtures/gen_norm_fixtures.py's `Net`, field for field. */
class Net extends Module {
  body = new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Dropout(0.1));
  norm = new LayerNorm(8);
  blocks = new ModuleList<Module>([
    new Linear(8, 8),
    new BatchNorm1d(8, { affine: false }),
    new LayerNorm(8, { elementwiseAffine: false }),
  ]);
  heads = new ModuleDict({ mean: new Linear(8, 1), logVar: new Linear(8, 1) });
  untracked = new BatchNorm1d(8, { trackRunningStats: false });
  forward(x: Tensor): Tensor {
    let y = this.norm.forward(this.body.forward(x));
    for (const b of this.blocks) y = b.forward(y);
    y = this.untracked.forward(y);
    return this.heads.get('mean').forward(y).add(this.heads.get('logVar').forward(y));
  }
}

describe("a model's state dict as PyTorch's", () => {
  const ref = byOp('stateDictKeys')[0]!;

  it("has PyTorch's keys, in PyTorch's order, with its shapes; buffers apart from parameters", () => {
    const net = new Net();
    const sd = net.stateDict();
    expect([...sd.keys()]).toEqual(ref.keys);
    expect([...sd.values()].map((t) => [...t.shape])).toEqual(ref.shapes);
    expect(net.namedParameters().map(([n]) => n)).toEqual(ref.parameters);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(ref.buffers);
    const decoded = decodeSafetensors(encodeSafetensors(sd)).stateDict;
    expect([...decoded.keys()].sort()).toEqual([...ref.keys].sort());
  });

  it('writes, as safetensors, the very bytes of the file PyTorch loads with strict=True (num_batches_tracked as 0-d F64)', () => {
    // norm-model.safetensors holds PyTorch's Net after two training steps; the script loads it back
    // into a fresh Net with load_state_dict(strict=True), num_batches_tracked (int64 in PyTorch)
    // included: load_state_dict copies the F64 value into the int64 buffer.
    const bytes = fixtureBytes('norm-model.safetensors');
    const net = new Net();
    expect(net.loadStateDict(decodeSafetensors(bytes).stateDict)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect((net.body.at(1) as BatchNorm1d).numBatchesTracked!.item()).toBe(2);
    expect(ref.dtypes.filter((d) => d === 'int64').length).toBe(2);
    expect(Buffer.from(encodeSafetensors(net.stateDict())).equals(Buffer.from(bytes))).toBe(true);
  });

  it("prints the new layers' lines as PyTorch's repr does", () => {
    const ours = new Net().toString().split('\n');
    for (const line of ref.repr.split('\n')) {
      if (/BatchNorm1d|LayerNorm|Dropout|ModuleList|ModuleDict|\((mean|logVar)\)/.test(line) && !line.includes('Linear')) {
        expect(ours).toContain(line);
      }
    }
    expect(ours).toContain('  (blocks): ModuleList(');
    expect(ours).toContain('  (heads): ModuleDict(');
  });
});
