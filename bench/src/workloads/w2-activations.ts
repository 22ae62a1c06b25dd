/**
 * W2: an activation's forward and backward on 10⁶ elements: y = act(x), then the gradient of
 * ⟨g, y⟩ for a fixed upstream g, i.e. dx = g·act'(x) (and for PReLU with one learnable α,
 * dα = Σ g·min(x, 0)). ReLU, Leaky ReLU (α = 0.01) and PReLU (α = 0.25, learnable). The post's
 * "compute cost" row: ReLU fastest, Leaky ReLU "+1 multiply", PReLU "+backprop through α".
 *
 * Figures: ms, and GB/s counted as the bytes a fused implementation must move: forward reads x and
 * writes y, backward reads x and g and writes dx, 5 values per element (40 B in float64, 20 B in
 * float32). The check compares Σdx, dx[0], dx[n-1] (and dα) with ours.
 */
import { leakyRelu, prelu, relu, Tensor } from '@tapegrad/core';
import { f32, hashed } from '../data.js';
import { fmtMs, measureCase, median, type Candidate, type Measurement, type Runner } from '../harness.js';
import { jpFlat, type JpTensor } from '../peers/js-pytorch.js';
import { pythonRows } from '../peers/python.js';
import { tfjsCandidates } from '../peers/tfjs.js';
import {
  atLeast,
  atMost,
  jsPeers,
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

const N = 1_000_000;
const SLOPE = 0.01;
const ALPHA0 = 0.25;
type Act = 'relu' | 'leakyRelu' | 'prelu';
const ACTS: readonly Act[] = ['relu', 'leakyRelu', 'prelu'];

function summary(dx: ArrayLike<number>, dAlpha?: number): number[] {
  let s = 0;
  for (let i = 0; i < dx.length; i++) s += dx[i]!;
  return [s, dx[0]!, dx[dx.length - 1]!, ...(dAlpha !== undefined ? [dAlpha] : [])];
}

function candidates(ctx: WorkloadContext, act: Act): Candidate[] {
  const xs = hashed(N, 21);
  const gs = hashed(N, 22);
  const list: Candidate[] = [];

  list.push(
    ...oursPerBackend({
      dtype: 'float64',
      prepare(): Runner {
        const x = new Tensor(xs.slice(), [N], { requiresGrad: true });
        const g = new Tensor(gs.slice(), [N]);
        const alpha = new Tensor(Float64Array.of(ALPHA0), [1], { requiresGrad: true });
        const forward = act === 'relu' ? () => relu(x) : act === 'leakyRelu' ? () => leakyRelu(x, SLOPE) : () => prelu(x, alpha);
        return {
          run: () => {
            x.grad = null;
            alpha.grad = null;
            forward().backward({ grad: g });
          },
          check: () => summary(x.grad!.data, act === 'prelu' ? alpha.grad!.item() : undefined),
        };
      },
    }),
  );

  const { tfjs, jax, jsPytorch } = ctx.peers;
  list.push(
    ...tfjsCandidates(tfjs, ({ tf, use }, backend) => ({
      prepare(): Runner {
        use(backend);
        const x = tf.tensor1d(f32(xs));
        const g = tf.tensor1d(f32(gs));
        const alpha = tf.tensor1d([ALPHA0]);
        type T = ReturnType<typeof tf.relu>;
        // tf.grads: the forward and the vector-Jacobian product with dy = g, as tfjs users write it.
        const vjp =
          act === 'prelu'
            ? tf.grads((a: T, b: T) => tf.prelu(a, b))
            : tf.grads((a: T) => (act === 'relu' ? tf.relu(a) : tf.leakyRelu(a, SLOPE)));
        let last: T[] = [];
        return {
          run: () => {
            use(backend);
            for (const t of last) t.dispose();
            last = vjp(act === 'prelu' ? [x, alpha] : [x], g) as T[];
          },
          check: () => summary(last[0]!.dataSync(), act === 'prelu' ? last[1]!.dataSync()[0] : undefined),
          dispose: () => {
            for (const t of [...last, x, g, alpha]) t.dispose();
          },
        };
      },
    })),
  );

  for (const jitted of [false, true]) {
    const lib = jitted ? 'jax-js (wasm, jit)' : 'jax-js (wasm)';
    if (!jax.ok) {
      list.push({ lib, dtype: 'float64', reason: jax.reason });
      continue;
    }
    const { numpy: np, nn, vjp, jit } = jax.peer.jax;
    type A = ReturnType<typeof np.array>;
    // y = act(x) and (dx[, dα]) = vjp(g): eagerly, or as one jit-compiled (fused) program.
    const fwdBwd = (x: A, alpha: A, g: A): A[] => {
      if (act === 'prelu') {
        const f = (z: A, a: A) => np.where(np.greater(z.ref, 0), z.ref, z.mul(a));
        const [y, back] = vjp(f, [x, alpha]);
        const [dx, da] = back(g) as [A, A];
        back.dispose();
        return [y, dx, da];
      }
      alpha.dispose();
      const f = act === 'relu' ? (z: A) => nn.relu(z) : (z: A) => nn.leakyRelu(z, SLOPE);
      const [y, back] = vjp(f, [x]);
      const [dx] = back(g) as [A];
      back.dispose();
      return [y, dx];
    };
    list.push({
      lib,
      dtype: 'float64',
      note: `${jitted ? 'jit(forward + vjp): one compiled, fused program' : 'eager: vjp of the op'}${act === 'prelu' ? '; PReLU as where(x > 0, x, α·x) (no prelu op)' : ''}`,
      prepare(): Runner {
        const x = np.array(xs.slice());
        const g = np.array(gs.slice());
        const alpha = np.array(Float64Array.of(ALPHA0)).reshape([]);
        const step = jitted ? jit(fwdBwd) : null;
        let last: A[] = [];
        const run = async () => {
          for (const t of last) t.dispose();
          const [y, ...grads] = (step ?? fwdBwd)(x.ref, alpha.ref, g.ref) as A[];
          last = grads;
          await y!.blockUntilReady();
          for (const t of last) await t.blockUntilReady();
          y!.dispose();
        };
        return {
          run,
          check: () => {
            const [dx, da] = last.map((t) => t.ref.dataSync() as Float64Array);
            return summary(dx!, da ? da[0] : undefined);
          },
          dispose: () => {
            for (const t of [...last, x, g, alpha]) t.dispose();
            step?.dispose();
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
      note:
        act === 'prelu'
          ? 'x·[x>0] + (x·[x≤0])·α on an [N,1] view (no prelu op, no [1]-vs-[N] broadcast)'
          : 'x · mask, the mask built from x as its own nn.ReLU does (it has no relu op)',
      prepare(): Runner {
        // NOTE: PReLU's single α only broadcasts against a trailing axis of length 1 in js-pytorch.
        const column = act === 'prelu';
        const x = torch.tensor(column ? Array.from(xs, (v) => [v]) : Array.from(xs), true);
        const g = torch.tensor(column ? Array.from(gs, (v) => [v]) : Array.from(gs));
        const alpha = torch.tensor([ALPHA0], true);
        const slope = act === 'relu' ? 0 : SLOPE;
        const run = () => {
          x.zero_grad();
          alpha.zero_grad();
          let y: JpTensor;
          if (column) {
            const data = x.data as number[][];
            const pos = torch.tensor(data.map(([v]) => [v! > 0 ? 1 : 0]));
            const neg = torch.tensor(data.map(([v]) => [v! > 0 ? 0 : 1]));
            y = x.mul(pos).add(x.mul(neg).mul(alpha));
          } else {
            const mask = torch.tensor((x.data as number[]).map((v) => (v > 0 ? 1 : slope)));
            y = x.mul(mask);
          }
          y.backward(g);
        };
        return {
          run,
          check: () => summary(jpFlat(x._grad), column ? jpFlat(alpha._grad)[0] : undefined),
        };
      },
    });
  }
  return list;
}

/**
 * What plain JavaScript can do at best here, measured in this process: one branch-free pass of
 * ReLU's forward (`x` → `y`) and of its backward (`x`, `g` → `dx`) into arrays allocated once, and
 * the cost of a fresh 8 MB array written once (what every op pays for its output). Medians of 15.
 */
function jsFloor(): { forwardMs: number; backwardMs: number; freshMs: number } {
  const x = hashed(N, 21);
  const g = hashed(N, 22);
  const out = new Float64Array(N);
  const pick = new Float64Array(2);
  const time = (f: () => void): number => {
    for (let i = 0; i < 3; i++) f();
    const ts: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      f();
      ts.push(performance.now() - t0);
    }
    return median(ts);
  };
  const forwardMs = time(() => {
    for (let i = 0; i < N; i++) {
      pick[1] = x[i]!;
      out[i] = pick[+!(x[i]! <= 0)]!;
    }
  });
  const backwardMs = time(() => {
    for (let i = 0; i < N; i++) {
      pick[1] = g[i]!;
      out[i] = pick[+!(x[i]! <= 0)]!;
    }
  });
  const freshMs = time(() => {
    const a = new Float64Array(N);
    for (let i = 0; i < N; i += 512) a[i] = 1; // one write per 4 KiB page
  });
  return { forwardMs, backwardMs, freshMs };
}

export const w2: Workload = {
  id: 'W2',
  title: 'activation forward + backward, 10⁶ elements',
  references: ['torch'],
  async run(ctx: WorkloadContext): Promise<WorkloadReport> {
    const node = new Map<Act, Measurement[]>();
    for (const act of ACTS) {
      node.set(
        act,
        await measureCase(
          {
            title: `W2 ${act} fwd+bwd 1e6`,
            file: `w2-${act.toLowerCase()}`,
            candidates: candidates(ctx, act),
            tolerance: (dtype) => (dtype === 'float64' ? 1e-9 : 1e-3),
          },
          ctx.options,
        ),
      );
    }
    const floor = jsFloor();
    const py = runReferences(ctx, this);
    const sections: Section[] = [];
    const targets: TargetCheck[] = [];
    for (const act of ACTS) {
      const metric: Metric = {
        name: 'GB/s',
        higherIsBetter: true,
        fromMs: (ms, m) => (N * 5 * (m.dtype.startsWith('float32') ? 4 : 8)) / (ms * 1e6),
      };
      const s = section(
        act === 'leakyRelu' ? 'Leaky ReLU (α = 0.01)' : act === 'prelu' ? 'PReLU (one learnable α; dx and dα)' : 'ReLU',
        metric,
        [...node.get(act)!, ...pythonRows(py, 'W2', act)],
        (d) => (d.startsWith('float64') ? 1e-9 : 1e-3),
      );
      sections.push(s);
      const ours = okRow(s, OURS);
      const torch = s.rows.find((r) => r.lib.startsWith('PyTorch') && r.status === 'ok');
      targets.push(
        atMost(
          `W2 ${act}: within 2× of PyTorch's time`,
          torch ? `our time ÷ PyTorch's` : 'PyTorch did not run',
          ours && torch ? ours.medianMs! / torch.medianMs! : undefined,
          2,
        ),
      );
      const peers = jsPeers(s);
      const slowestRatio = peers.ran.length > 0 && ours ? Math.min(...peers.ran.map((r) => r.speedup!)) : undefined;
      const fastest = peers.ran.find((r) => r.speedup === slowestRatio);
      targets.push({
        ...atLeast(
          `W2 ${act}: ≥ 4× faster than every JavaScript peer`,
          fastest ? `ours vs the fastest JS peer (${fastest.lib}, ${fastest.dtype})` : 'no JS peer ran',
          slowestRatio,
          4,
        ),
        ...(peers.missing.length > 0 && slowestRatio === undefined ? { met: null } : {}),
      });
    }
    return {
      id: 'W2',
      title: this.title,
      sections,
      targets,
      notes: [
        'GB/s counts 5 values moved per element (x, y; x, g, dx): 40 B in float64, 20 B in float32.',
        `plain JavaScript in this process, ReLU: one branch-free forward pass into a reused array ${fmtMs(floor.forwardMs)}, one backward pass ${fmtMs(floor.backwardMs)}, a fresh 8 MB array written once ${fmtMs(floor.freshMs)}; so fwd+bwd with a fresh output per op takes at least ${fmtMs(floor.forwardMs + floor.backwardMs + 2 * floor.freshMs)} in plain JavaScript, ${fmtMs(floor.forwardMs + floor.backwardMs)} with both outputs reused`,
      ],
    };
  },
};
