/**
 * W5: the scalar engine. A micrograd-style MLP of scalars, 16 → 16 → 16 → 1 (ReLU hidden, linear
 * out, as micrograd's `nn.MLP`), one sample: zero the grads, forward, loss (out − y)², backward.
 * No update, so every repetition computes the same numbers.
 *
 * Figure: scalar ops recorded per second. One op = one Scalar method call that records: per neuron
 * nin multiplications, nin additions (starting from the bias, as micrograd's `sum(..., b)`) and
 * one ReLU on hidden layers; then 2 for the loss: 16·33 + 16·33 + 1·32 + 2 = 1090 ops per sample,
 * the same sequence in every library. Backward is in the time, not in the count.
 */
import { scalar, type Scalar } from '@tapegrad/core';
import { hashed } from '../data.js';
import { measureCase, type Candidate, type Runner } from '../harness.js';
import type { JpTensor } from '../peers/js-pytorch.js';
import { pythonRows } from '../peers/python.js';
import { atLeast, OURS, okRow, oursPerBackend, section, type Metric, type TargetCheck, type WorkloadReport } from '../report.js';
import { runReferences, type Workload, type WorkloadContext } from './workload.js';

const SIZES = [16, 16, 16, 1] as const;
const Y = 0.5;
const LAYERS = SIZES.length - 1;

/** Recorded ops per sample: Σ nout·(2·nin + [hidden]) + 2 for the loss. */
export const OPS_PER_SAMPLE = SIZES.slice(1).reduce((acc, nout, l) => acc + nout * (2 * SIZES[l]! + (l < LAYERS - 1 ? 1 : 0)), 0) + 2;

/** Layer l: weights hashed(nout·nin, 40 + l, 0.5) as [out][in], biases hashed(nout, 50 + l, 0.1). */
function initial(): { w: number[][][]; b: number[][] } {
  const w: number[][][] = [];
  const b: number[][] = [];
  for (let l = 0; l < LAYERS; l++) {
    const nin = SIZES[l]!;
    const nout = SIZES[l + 1]!;
    const flat = hashed(nin * nout, 40 + l, 0.5);
    w.push(Array.from({ length: nout }, (_, j) => Array.from(flat.subarray(j * nin, (j + 1) * nin))));
    b.push(Array.from(hashed(nout, 50 + l, 0.1)));
  }
  return { w, b };
}

const INPUT = Array.from(hashed(16, 31));

function candidates(ctx: WorkloadContext): Candidate[] {
  const init = initial();
  const list: Candidate[] = [];

  list.push(
    ...oursPerBackend({
      dtype: 'float64',
      note: 'Scalar engine',
      prepare(): Runner {
        const w = init.w.map((layer) => layer.map((row) => row.map((v) => scalar(v))));
        const b = init.b.map((layer) => layer.map((v) => scalar(v)));
        const params = [...w.flat(2), ...b.flat()];
        let result: number[] = [];
        return {
          run: () => {
            for (const p of params) p.grad = 0;
            let x: (Scalar | number)[] = INPUT;
            for (let l = 0; l < LAYERS; l++) {
              x = w[l]!.map((row, j) => {
                let act = b[l]![j]!;
                for (let i = 0; i < row.length; i++) act = act.add(row[i]!.mul(x[i]!));
                return l < LAYERS - 1 ? act.relu() : act;
              });
            }
            const d = (x[0] as Scalar).sub(Y);
            const loss = d.mul(d);
            loss.backward();
            result = [loss.data, w[0]![0]![0]!.grad];
          },
          check: () => result,
        };
      },
    }),
  );

  const { jsPytorch } = ctx.peers;
  if (!jsPytorch.ok) list.push({ lib: 'js-pytorch', dtype: 'float64', reason: jsPytorch.reason });
  else {
    const { torch } = jsPytorch.peer;
    list.push({
      lib: 'js-pytorch',
      dtype: 'float64',
      note: 'one-element tensors (no scalar type); ReLU as a multiplication by 0 or 1',
      prepare(): Runner {
        const w = init.w.map((layer) => layer.map((row) => row.map((v) => new torch.Tensor(v, true))));
        const b = init.b.map((layer) => layer.map((v) => new torch.Tensor(v, true)));
        const params = [...w.flat(2), ...b.flat()];
        let result: number[] = [];
        return {
          run: () => {
            for (const p of params) p.zero_grad();
            let x: (JpTensor | number)[] = INPUT;
            for (let l = 0; l < LAYERS; l++) {
              x = w[l]!.map((row, j) => {
                let act = b[l]![j]!;
                for (let i = 0; i < row.length; i++) act = act.add(row[i]!.mul(x[i]!));
                return l < LAYERS - 1 ? act.mul((act.data as number[])[0]! > 0 ? 1 : 0) : act;
              });
            }
            const d = (x[0] as JpTensor).sub(Y);
            const loss = d.mul(d);
            loss.backward();
            result = [(loss.data as number[])[0]!, (w[0]![0]![0]!._grad.data as number[])[0]!];
          },
          check: () => result,
        };
      },
    });
  }
  return list;
}

export const w5: Workload = {
  id: 'W5',
  title: `scalar engine: micrograd-style MLP 16 → 16 → 16 → 1, forward + backward per sample (${OPS_PER_SAMPLE} ops)`,
  references: ['numpy', 'torch'],
  async run(ctx: WorkloadContext): Promise<WorkloadReport> {
    const tol = () => 1e-9;
    const node = await measureCase(
      { title: 'W5 scalar MLP', file: 'w5-scalar-mlp', candidates: candidates(ctx), tolerance: tol },
      ctx.options,
    );
    const py = runReferences(ctx, this);
    const metric: Metric = {
      name: 'ops/s',
      higherIsBetter: true,
      fromMs: (ms, m) => (Number(m.extra?.ops_per_sample ?? OPS_PER_SAMPLE) * 1000) / ms,
    };
    const s = section('one sample: zero grads, forward, loss, backward', metric, [...node, ...pythonRows(py, 'W5', 'mlp 16-16-16-1')], tol);
    const ours = okRow(s, OURS);
    const jp = okRow(s, 'js-pytorch');
    const micro = s.rows.find((r) => r.lib.startsWith('micrograd') && r.status === 'ok');
    const targets: TargetCheck[] = [
      atLeast("W5: ≥ 20× js-pytorch's scalar ops/s", 'ours ÷ js-pytorch ops/s', ours && jp ? jp.speedup : undefined, 20),
      atLeast('W5 (context): ≈ 6× micrograd-style Python', 'ours ÷ micrograd-style ops/s', ours && micro ? micro.speedup : undefined, 6),
    ];
    const notes = [
      'tfjs and jax-js have no scalar engine: they are not W5 peers (a graph of one-element tensors is not how they are meant to be used).',
      'micrograd itself cannot be installed here (no PyPI): the Python row is a micrograd-style Value reimplemented in bench/python/micrograd_value.py.',
    ];
    return { id: 'W5', title: this.title, sections: [s], targets, notes };
  },
};
