/**
 * W4: the post's "hyperparameter sensitivity" sweep: the 2-2-1 churn network (Leaky ReLU hidden,
 * sigmoid out, BCE with +1e-8 as in the post's code), full batch of 5, lr 0.1, 200 epochs for each
 * α in {0.001, 0.01, 0.1, 0.3}, each run from the weights `default_rng(42)` draws in the post's
 * code. One repetition = the whole sweep (800 steps), recording every epoch's loss like the post.
 *
 * The figure is dominated by per-op overhead (tensors of 2 to 10 values): what a learner running
 * the post's experiments actually waits for. The check compares the four losses at epoch 200 with
 * ours (and with the post's own code, which computes them with hand-derived gradients).
 */
import { add, leakyRelu, log, matmul, mean, mul, neg, noGrad, reshape, sigmoid, sub, tensor } from '@tapegrad/core';
import { measureCase, type Candidate, type Runner } from '../harness.js';
import type { JpTensor } from '../peers/js-pytorch.js';
import { pythonRows } from '../peers/python.js';
import { tfjsCandidates } from '../peers/tfjs.js';
import { atLeast, OURS, okRow, oursPerBackend, section, type Metric, type TargetCheck, type WorkloadReport } from '../report.js';
import { runReferences, type Workload, type WorkloadContext } from './workload.js';

export const ALPHAS = [0.001, 0.01, 0.1, 0.3] as const;
const EPOCHS = 200;
const LR = 0.1;
const EPS = 1e-8;
const X = [
  [0.5, 0.1],
  [0.9, 0.8],
  [0.2, 0.3],
  [0.7, 0.6],
  [0.4, 0.2],
];
const Y = [0, 1, 0, 1, 0];
/** `np.random.default_rng(42).normal(0, 0.1, (2, 2))`, then `(2, 1)`: the post's initial weights. */
const W1_INIT = [
  [0.030471707975443137, -0.10399841062404956],
  [0.07504511958064573, 0.0940564716391214],
];
const W2_INIT = [[-0.19510351886538366], [-0.13021795068623182]];

/** Ours: one α, 200 epochs; returns every epoch's loss. */
function trainOurs(alpha: number): number[] {
  const x = tensor(X);
  const y = tensor(Y);
  const omy = tensor(Y.map((v) => 1 - v));
  const w1 = tensor(W1_INIT, { requiresGrad: true });
  const b1 = tensor([0, 0], { requiresGrad: true });
  const w2 = tensor(W2_INIT, { requiresGrad: true });
  const b2 = tensor([0], { requiresGrad: true });
  const params = [w1, b1, w2, b2];
  const losses: number[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const a1 = leakyRelu(add(matmul(x, w1), b1), alpha);
    const a2 = reshape(sigmoid(add(matmul(a1, w2), b2)), [5]);
    const loss = neg(mean(add(mul(y, log(add(a2, EPS))), mul(omy, log(add(sub(1, a2), EPS))))));
    losses.push(loss.item());
    loss.backward();
    noGrad(() => {
      for (const q of params) {
        q.data.set(sub(q, mul(q.grad!, LR)).data);
        q.grad = null;
      }
    });
  }
  return losses;
}

/** A runner for "run the sweep, keep the losses at epoch 200". */
function sweepRunner(train: (alpha: number) => number[]): Runner {
  let finals: number[] = [];
  return {
    run: () => {
      finals = ALPHAS.map((a) => train(a)[EPOCHS - 1]!);
    },
    check: () => finals,
  };
}

function candidates(ctx: WorkloadContext): Candidate[] {
  const list: Candidate[] = oursPerBackend({ dtype: 'float64', prepare: () => sweepRunner(trainOurs) });
  const { tfjs, jax, jsPytorch } = ctx.peers;

  list.push(
    ...tfjsCandidates(tfjs, ({ tf, use }, backend) => ({
      note: 'tf.variableGrads + Variable.assign, loss read every epoch',
      prepare(): Runner {
        use(backend);
        const x = tf.tensor2d(X);
        const y = tf.tensor1d(Y);
        const omy = tf.tensor1d(Y.map((v) => 1 - v));
        const train = (alpha: number): number[] => {
          use(backend);
          const vars = [
            tf.variable(tf.tensor2d(W1_INIT)),
            tf.variable(tf.zeros([2])),
            tf.variable(tf.tensor2d(W2_INIT)),
            tf.variable(tf.zeros([1])),
          ];
          const [w1, b1, w2, b2] = vars as [(typeof vars)[0], (typeof vars)[0], (typeof vars)[0], (typeof vars)[0]];
          const lossFn = () => {
            const a1 = tf.leakyRelu(tf.add(tf.matMul(x, w1), b1), alpha);
            const a2 = tf.reshape(tf.sigmoid(tf.add(tf.matMul(a1, w2), b2)), [5]);
            return tf.neg(
              tf.mean(tf.add(tf.mul(y, tf.log(tf.add(a2, EPS))), tf.mul(omy, tf.log(tf.add(tf.sub(1, a2), EPS))))),
            ) as ReturnType<typeof tf.scalar>;
          };
          const losses: number[] = [];
          for (let e = 0; e < EPOCHS; e++) {
            const value = tf.tidy(() => {
              const { value, grads } = tf.variableGrads(lossFn, vars);
              for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, LR)));
              return value;
            });
            losses.push(value.dataSync()[0]!);
            value.dispose();
          }
          for (const v of vars) v.dispose();
          return losses;
        };
        return {
          ...sweepRunner(train),
          dispose: () => {
            x.dispose();
            y.dispose();
            omy.dispose();
          },
        };
      },
    })),
  );

  if (!jax.ok) list.push({ lib: 'jax-js (wasm)', dtype: 'float64', reason: jax.reason });
  else {
    const { numpy: np, nn, jit, valueAndGrad, tree } = jax.peer.jax;
    type A = ReturnType<typeof np.array>;
    type P = { w1: A; b1: A; w2: A; b2: A };
    list.push({
      lib: 'jax-js (wasm)',
      dtype: 'float64 (exp/log ≈ f32)',
      note: 'jit(valueAndGrad + SGD update) compiled once, α passed as an array; loss read every epoch',
      prepare(): Runner {
        const x = np.array(X, { dtype: np.float64 });
        const y = np.array(Y, { dtype: np.float64 });
        const omy = np.array(
          Y.map((v) => 1 - v),
          { dtype: np.float64 },
        );
        const lossFn = (p: P, alpha: A, xx: A, yy: A, oo: A): A => {
          const a1 = nn.leakyRelu(np.matmul(xx, p.w1).add(p.b1), alpha);
          const a2 = nn.sigmoid(np.matmul(a1, p.w2).add(p.b2)).reshape([5]);
          return yy
            .mul(np.log(a2.ref.add(EPS)))
            .add(oo.mul(np.log(np.subtract(1, a2).add(EPS))))
            .mean()
            .neg();
        };
        const step = jit((p: P, alpha: A, xx: A, yy: A, oo: A) => {
          const [loss, grads] = valueAndGrad(lossFn)(tree.ref(p), alpha, xx, yy, oo);
          return [loss, tree.map((a: A, g: A) => a.sub(g.mul(LR)), p, grads as P) as P] as [A, P];
        });
        const train = (alpha: number): number[] => {
          const f64 = (v: number[][] | number[]) => np.array(v, { dtype: np.float64 });
          let p: P = { w1: f64(W1_INIT), b1: f64([0, 0]), w2: f64(W2_INIT), b2: np.zeros([1], { dtype: np.float64 }) };
          const a = np.array(alpha, { dtype: np.float64 });
          const losses: number[] = [];
          for (let e = 0; e < EPOCHS; e++) {
            const [loss, next] = step(p, a.ref, x.ref, y.ref, omy.ref) as [A, P];
            p = next;
            losses.push((loss.dataSync() as Float64Array)[0]!);
          }
          tree.dispose(p);
          a.dispose();
          return losses;
        };
        return {
          ...sweepRunner(train),
          dispose: () => {
            x.dispose();
            y.dispose();
            omy.dispose();
            step.dispose();
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
      note: 'leaky ReLU as x·mask, sigmoid as 1/(1+e^-z); loss read every epoch',
      prepare(): Runner {
        const x = torch.tensor(X);
        const y = torch.tensor(Y.map((v) => [v]));
        const omy = torch.tensor(Y.map((v) => [1 - v]));
        const ones = torch.ones([5, 1]);
        const train = (alpha: number): number[] => {
          const params = [torch.tensor(W1_INIT, true), torch.tensor([0, 0], true), torch.tensor(W2_INIT, true), torch.tensor([0], true)];
          const [w1, b1, w2, b2] = params as [JpTensor, JpTensor, JpTensor, JpTensor];
          const losses: number[] = [];
          for (let e = 0; e < EPOCHS; e++) {
            const z1 = x.matmul(w1).add(b1);
            const a1 = z1.mul(torch.tensor((z1.data as number[][]).map((r) => r.map((v) => (v > 0 ? 1 : alpha)))));
            const a2 = ones.div(torch.exp(a1.matmul(w2).add(b2).neg()).add(1));
            const loss = y
              .mul(torch.log(a2.add(EPS)))
              .add(omy.mul(torch.log(ones.sub(a2).add(EPS))))
              .mean(0)
              .neg();
            losses.push((loss.data as number[])[0]!);
            loss.backward();
            for (const q of params) {
              q._data = new torch.Tensor(q.data).sub(q._grad.mul(LR)).data;
              q.zero_grad();
            }
          }
          return losses;
        };
        return sweepRunner(train);
      },
    });
  }
  return list;
}

export const w4: Workload = {
  id: 'W4',
  title: "the post's churn sweep: 2-2-1 network, 4 α × 200 epochs, full batch",
  references: ['numpy', 'torch'],
  async run(ctx: WorkloadContext): Promise<WorkloadReport> {
    const tol = (d: string) => (d === 'float64' ? 1e-6 : d.startsWith('float64') ? 1e-4 : 1e-3);
    const node = await measureCase(
      { title: 'W4 churn sweep', file: 'w4-churn-sweep', candidates: candidates(ctx), tolerance: tol },
      ctx.options,
    );
    const py = runReferences(ctx, this);
    const metric: Metric = { name: 'sweeps/s', higherIsBetter: true, fromMs: (ms) => 1000 / ms };
    const s = section('the whole sweep (800 training steps)', metric, [...node, ...pythonRows(py, 'W4', 'sweep')], tol);
    const ours = okRow(s, OURS);
    const post = s.rows.find((r) => r.lib.startsWith('post NumPy') && r.status === 'ok');
    const torch = s.rows.find((r) => r.lib.startsWith('PyTorch') && r.status === 'ok');
    const targets: TargetCheck[] = [
      atLeast(
        "W4: faster than the post's own NumPy code",
        post ? 'post NumPy time ÷ ours' : 'the post code did not run',
        ours && post ? post.speedup : undefined,
        1,
      ),
      atLeast(
        'W4: 5× faster than PyTorch',
        torch ? 'PyTorch time ÷ ours' : 'PyTorch did not run',
        ours && torch ? torch.speedup : undefined,
        5,
      ),
    ];
    const finals = ours?.check?.map((v, i) => `α=${ALPHAS[i]}: ${v.toFixed(4)}`).join(', ');
    return { id: 'W4', title: this.title, sections: [s], targets, notes: finals ? [`ours, loss at epoch 200: ${finals}`] : [] };
  },
};
