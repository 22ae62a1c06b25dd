/**
 * Example 3 — PReLU: Table 2, ∂a/∂z and ∂a/∂α per anchor by autograd, and one optimizer step on a
 * shared α.
 *
 * PReLU is Leaky ReLU with α a parameter: the same tape entry gives a gradient for z and for α.
 * ∂a/∂α is z where z ≤ 0 and 0 where z > 0; summed over the six anchors with one shared α, it is
 * −3 − 1 + 0 = −4, and gradient descent moves α by −η·(−4).
 */
import { gradients, leakyRelu, linspace, prelu, sum, tensor } from '@tapegrad/core';
import { PReLU, SGD } from '@tapegrad/nn';
import { ANCHORS } from './forward.js';
import { type Ledger, record } from './report.js';

/** What {@link preluExample} computes, with the post's values as defaults. */
export interface PreluOptions {
  /** The z values (default: the post's six anchors). */
  anchors?: readonly number[];
  /** The two PReLU slopes of Table 2 (default 0.25 and 0.5). */
  alphas?: readonly [number, number];
  /** Leaky ReLU's slope in Table 2 (default 0.01). */
  leakyAlpha?: number;
  /** The learning rate of the one SGD step (default 0.1). */
  lr?: number;
}

/** Table 2, PReLU's two gradients and one SGD step; arrays have one entry per anchor. */
export interface PreluResult {
  /** `new PReLU().weight`: PyTorch's initial α, 0.25. */
  initAlpha: number;
  /** The anchors z. */
  z: number[];
  /** The slopes of Table 2: Leaky ReLU's, then the two PReLU α. */
  alphas: [number, number, number];
  /** Table 2: LeakyReLU(z) with Leaky ReLU's slope. */
  leaky: number[];
  /** Table 2: PReLU(z) with α₁ (0.25). */
  prelu1: number[];
  /** Table 2: PReLU(z) with α₂ (0.5). */
  prelu2: number[];
  /** ∂a/∂z of PReLU(α₁) per anchor, by backward: 1 if z > 0 else α. */
  dz: number[];
  /** ∂a/∂α per anchor, by backward: z if z ≤ 0 else 0. */
  dalpha: number[];
  /** One shared α = α₁ learned on L = Σ PReLU(z): α before, ∂L/∂α, α after one SGD step of rate `lr`. */
  step: { lr: number; before: number; grad: number; after: number };
}

/**
 * Table 2 and PReLU's gradients by autograd. Per-anchor derivatives give each anchor its own α
 * (one "channel" each, z of shape [1, n]), so that ∂(Σ a)/∂α_c = ∂a_c/∂α_c; the SGD step uses an
 * `nn.PReLU` layer with one shared α: α ← α − η·Σ_c ∂a_c/∂α.
 *
 * @example
 * const r = preluExample();
 * r.dalpha; // [-3, -1, 0, 0, 0, 0]
 * r.step; // { lr: 0.1, before: 0.25, grad: -4, after: 0.65 }
 */
export function preluExample(options: PreluOptions = {}): PreluResult {
  const { anchors = ANCHORS, alphas = [0.25, 0.5], leakyAlpha = 0.01, lr = 0.1 } = options;
  const z = tensor([...anchors]);
  const zs = tensor([[...anchors]], { requiresGrad: true });
  const perAnchor = tensor(
    anchors.map(() => alphas[0]),
    { requiresGrad: true },
  );
  const [dz, dalpha] = gradients(sum(prelu(zs, perAnchor)), [zs, perAnchor]);

  const layer = new PReLU({ init: alphas[0] });
  const opt = new SGD(layer.parameters(), { lr });
  const before = layer.weight.item();
  sum(layer.forward(tensor([...anchors]))).backward();
  const grad = layer.weight.grad!.item();
  opt.step();
  return {
    initAlpha: new PReLU().weight.item(),
    z: [...anchors],
    alphas: [leakyAlpha, alphas[0], alphas[1]],
    leaky: Array.from(leakyRelu(z, leakyAlpha).data),
    prelu1: Array.from(prelu(z, tensor([alphas[0]])).data),
    prelu2: Array.from(prelu(z, tensor([alphas[1]])).data),
    dz: Array.from(dz!.data),
    dalpha: Array.from(dalpha!.data),
    step: { lr, before, grad, after: layer.weight.item() },
  };
}

/** Table 2 as curves: z on a grid, then one array per slope (Leaky ReLU's, PReLU's α₁ and α₂). */
export interface PreluCurves {
  /** The grid. */
  z: number[];
  /** LeakyReLU(z). */
  leaky: number[];
  /** PReLU(z; α₁). */
  prelu1: number[];
  /** PReLU(z; α₂). */
  prelu2: number[];
}

/**
 * The `prelu` figure's curves: 121 points on [−3, 3] by default.
 *
 * @example
 * preluCurves().prelu1[0]; // -0.75
 */
export function preluCurves(alphas: readonly [number, number, number] = [0.01, 0.25, 0.5], from = -3, to = 3, points = 121): PreluCurves {
  const grid = linspace(from, to, points);
  return {
    z: Array.from(grid.data),
    leaky: Array.from(leakyRelu(grid, alphas[0]).data),
    prelu1: Array.from(prelu(grid, tensor([alphas[1]])).data),
    prelu2: Array.from(prelu(grid, tensor([alphas[2]])).data),
  };
}

/**
 * PReLU's ledger: `alpha.prelu_init`; per anchor `t2.leaky`, `t2.prelu25`, `t2.prelu50` (Table 2:
 * z if z > 0 else α·z); per anchor `prelu.dz`, `prelu.dalpha`; `prelu.dalpha.sum`, `prelu.step`;
 * and the post's citation `he2015`.
 *
 * @example
 * preluLedger(preluExample())['prelu.step'].value; // 0.65
 */
export function preluLedger(r: PreluResult): Ledger {
  const [la, a1, a2] = r.alphas;
  const ledger: Ledger = { 'alpha.prelu_init': record(r.initAlpha, 0.25, { digits: 2 }) };
  r.z.forEach((zv, i) => {
    ledger[`t2.leaky[${zv}]`] = record(r.leaky[i]!, zv > 0 ? zv : la * zv, { digits: 4 });
    ledger[`t2.prelu25[${zv}]`] = record(r.prelu1[i]!, zv > 0 ? zv : a1 * zv, { digits: 3 });
    ledger[`t2.prelu50[${zv}]`] = record(r.prelu2[i]!, zv > 0 ? zv : a2 * zv, { digits: 3 });
  });
  r.z.forEach((zv, i) => {
    ledger[`prelu.dz[${zv}]`] = record(r.dz[i]!, zv > 0 ? 1 : a1, { digits: 2 });
    ledger[`prelu.dalpha[${zv}]`] = record(r.dalpha[i]!, zv > 0 ? 0 : zv, { digits: 2 });
  });
  ledger['prelu.dalpha.sum'] = record(r.step.grad, null, { status: 'ok' });
  ledger['prelu.step'] = record(r.step.after, null, { status: 'ok', note: `α ← α − η·∂L/∂α with η = ${r.step.lr}` });
  ledger.he2015 = record(1.2, 1.2, {
    status: 'citation',
    note: 'He et al. 2015 (arXiv:1502.01852): top-1 error 33.82% → 32.64% on their 14-layer "model A"; the paper predates ResNet, so "for ResNet" is wrong',
  });
  return ledger;
}
