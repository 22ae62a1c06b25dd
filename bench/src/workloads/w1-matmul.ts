/**
 * W1: dense matrix product C = A·B of two n×n matrices, n = 128, 256, 512. No gradient: this is
 * the kernel every layer's forward and backward spends its time in. Figure: GFLOP/s = 2n³ / t.
 *
 * Every library multiplies the same matrices (`hashed` values in [-1, 1)); the check compares
 * C[0,0], C[n-1,n-1] and the mean of C with ours.
 */
import { matmul, Tensor } from '@tapegrad/core';
import { f32, hashed, toRows } from '../data.js';
import { measureCase, type Candidate, type Impl, type Runner } from '../harness.js';
import { pythonRows } from '../peers/python.js';
import { tfjsCandidates } from '../peers/tfjs.js';
import {
  jsPeers,
  atLeast,
  isFloat64,
  okRow,
  OURS,
  oursPerBackend,
  section,
  type Metric,
  type Section,
  type TargetCheck,
  type WorkloadReport,
} from '../report.js';
import { runReferences, type Workload, type WorkloadContext } from './workload.js';

const SIZES = [128, 256, 512] as const;

function summary(c: ArrayLike<number>, n: number): number[] {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i]!;
  return [c[0]!, c[n * n - 1]!, s / (n * n)];
}

/** The single-threaded throughput the WebAssembly backend is held to (GFLOP/s), by n. */
const GFLOPS_FLOOR: Readonly<Record<number, number>> = { 128: 12, 512: 15 };

function candidates(ctx: WorkloadContext, n: number): Candidate[] {
  const a = hashed(n * n, 11);
  const b = hashed(n * n, 12);
  const list: Candidate[] = [];

  list.push(
    ...oursPerBackend({
      dtype: 'float64',
      prepare(): Runner {
        const ta = new Tensor(a.slice(), [n, n]);
        const tb = new Tensor(b.slice(), [n, n]);
        let c: Tensor | null = null;
        return {
          run: () => {
            c = matmul(ta, tb);
          },
          check: () => summary(c!.data, n),
        };
      },
    }),
  );

  const { tfjs, jax, jsPytorch } = ctx.peers;
  list.push(
    ...tfjsCandidates(tfjs, ({ tf, use }, backend) => ({
      prepare(): Runner {
        use(backend);
        const ta = tf.tensor2d(f32(a), [n, n]);
        const tb = tf.tensor2d(f32(b), [n, n]);
        let c: ReturnType<typeof tf.matMul> | null = null;
        return {
          run: () => {
            use(backend);
            c?.dispose();
            c = tf.matMul(ta, tb);
          },
          check: () => summary(c!.dataSync(), n),
          dispose: () => {
            c?.dispose();
            ta.dispose();
            tb.dispose();
          },
        };
      },
    })),
  );

  if (!jax.ok) list.push({ lib: 'jax-js (wasm)', dtype: 'float64', reason: jax.reason });
  else {
    const { numpy: np } = jax.peer.jax;
    list.push({
      lib: 'jax-js (wasm)',
      dtype: 'float64',
      prepare(): Runner {
        const ja = np.array(a.slice()).reshape([n, n]);
        const jb = np.array(b.slice()).reshape([n, n]);
        let c: ReturnType<typeof np.matmul> | null = null;
        return {
          run: async () => {
            c?.dispose();
            c = np.matmul(ja.ref, jb.ref);
            await c.blockUntilReady();
          },
          check: () => summary(c!.dataSync() as Float64Array, n),
          dispose: () => {
            ja.dispose();
            jb.dispose();
          },
        };
      },
    });
  }

  if (!jsPytorch.ok) list.push({ lib: 'js-pytorch', dtype: 'float64', reason: jsPytorch.reason });
  else {
    const { torch } = jsPytorch.peer;
    list.push({
      lib: 'js-pytorch',
      dtype: 'float64',
      prepare(): Runner {
        const ta = torch.tensor(toRows(a, n, n));
        const tb = torch.tensor(toRows(b, n, n));
        let c: ReturnType<typeof torch.matmul> | null = null;
        return {
          run: () => {
            c = torch.matmul(ta, tb);
          },
          check: () => summary((c!.data as number[][]).flat(), n),
        };
      },
    } satisfies Impl);
  }
  return list;
}

export const w1: Workload = {
  id: 'W1',
  title: 'matmul n×n · n×n (no grad)',
  references: ['numpy', 'torch'],
  async run(ctx: WorkloadContext): Promise<WorkloadReport> {
    const sections: Section[] = [];
    const node = new Map<number, Awaited<ReturnType<typeof measureCase>>>();
    for (const n of SIZES) {
      node.set(
        n,
        await measureCase(
          {
            title: `W1 matmul n=${n}`,
            file: `w1-matmul-n${n}`,
            candidates: candidates(ctx, n),
            tolerance: (dtype) => (dtype.startsWith('float64') ? 1e-9 : 1e-3),
          },
          ctx.options,
        ),
      );
    }
    const py = runReferences(ctx, this);
    const targets: TargetCheck[] = [];
    for (const n of SIZES) {
      const metric: Metric = { name: 'GFLOP/s', higherIsBetter: true, fromMs: (ms) => (2 * n ** 3) / (ms * 1e6) };
      const s = section(`n = ${n}`, metric, [...node.get(n)!, ...pythonRows(py, 'W1', `n=${n}`)], (d) =>
        d.startsWith('float64') ? 1e-9 : 1e-3,
      );
      sections.push(s);
      const ours = okRow(s, OURS);
      const f64 = jsPeers(s, isFloat64);
      const fastest = f64.ran.reduce<(typeof f64.ran)[number] | undefined>(
        (best, r) => (best && best.metric! >= r.metric! ? best : r),
        undefined,
      );
      const numpy = s.rows.find((r) => r.lib.startsWith('NumPy') && r.status === 'ok');
      targets.push(
        atLeast(
          `W1 n=${n}: ≥ 2× the fastest JavaScript float64 peer`,
          fastest ? `ours ÷ ${fastest.lib} GFLOP/s` : 'no float64 JS peer ran',
          ours && fastest ? ours.metric! / fastest.metric! : undefined,
          2,
        ),
      );
      const floor = GFLOPS_FLOOR[n];
      if (floor !== undefined) {
        targets.push(atLeast(`W1 n=${n}: ≥ ${floor} GFLOP/s`, `our GFLOP/s ÷ ${floor}`, ours ? ours.metric! / floor : undefined, 1));
      }
      if (n === 512) {
        targets.push(
          atLeast(
            "W1 n=512: ≥ 20% of NumPy's single-thread OpenBLAS",
            numpy ? `ours ÷ ${numpy.lib} GFLOP/s` : 'NumPy did not run',
            ours && numpy ? ours.metric! / numpy.metric! : undefined,
            0.2,
          ),
        );
      }
      targets.push(
        atLeast(
          `W1 n=${n}: ≥ 5% of NumPy's single-thread OpenBLAS`,
          numpy ? `ours ÷ ${numpy.lib} GFLOP/s` : 'NumPy did not run',
          ours && numpy ? ours.metric! / numpy.metric! : undefined,
          0.05,
        ),
      );
    }
    return { id: 'W1', title: this.title, sections, targets, notes: [] };
  },
};
