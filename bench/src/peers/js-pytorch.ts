/**
 * js-pytorch: tensors as nested JavaScript arrays of numbers (so float64), a PyTorch-like API. Its
 * optional GPU path (`@eduardoleao052/gpu` → native `gl`) is never built (pnpm skips dependency
 * build scripts; `allowBuilds: gl: false` in pnpm-workspace.yaml) and never used: every tensor here
 * is on its default "cpu" device.
 *
 * What it lacks, and how the workloads express the same math with what it has:
 * - no `relu`/`leakyRelu` op (its `nn.ReLU` is really a leaky ReLU of slope 0.001): multiply by a
 *   constant mask built from the input, exactly as its own `nn.ReLU.forward` does;
 * - no `sigmoid`, and `pow(-1)` does not invert: `1 / (1 + exp(-z))` with `div`;
 * - no broadcast of a `[1]` tensor against `[N]`: PReLU's α multiplies an `[N, 1]` view.
 */
import { errorText } from '../harness.js';
import type { PeerStatus } from './status.js';
import { packageVersion } from './version.js';

/** js-pytorch's data: nested arrays of numbers. */
export type Nested = number | Nested[];

/**
 * The part of js-pytorch's `Tensor` the workloads use, typed narrowly (its own declarations are
 * mostly `any`).
 */
export interface JpTensor {
  /** The values, nested like the shape. */
  readonly data: Nested[];
  /** Writable: an SGD step replaces a parameter's values. */
  _data: Nested[];
  readonly shape: number[];
  /** The accumulated gradient (a tensor without grad). */
  readonly _grad: JpTensor;
  add(other: JpTensor | number): JpTensor;
  sub(other: JpTensor | number): JpTensor;
  mul(other: JpTensor | number): JpTensor;
  div(other: JpTensor | number): JpTensor;
  matmul(other: JpTensor): JpTensor;
  neg(): JpTensor;
  mean(dim?: number, keepdims?: boolean): JpTensor;
  backward(grad?: JpTensor | null): void;
  /** Zeroes the gradient and forgets the graph this tensor was part of. */
  zero_grad(): void;
}

/** The part of js-pytorch's `torch` namespace the workloads use. */
export interface JsTorch {
  readonly Tensor: new (data: Nested[] | number, requiresGrad?: boolean) => JpTensor;
  tensor(data: Nested[], requiresGrad?: boolean): JpTensor;
  ones(shape: number[]): JpTensor;
  exp(t: JpTensor): JpTensor;
  log(t: JpTensor): JpTensor;
  matmul(a: JpTensor, b: JpTensor): JpTensor;
}

export interface JsPytorchPeer {
  readonly torch: JsTorch;
}

export async function loadJsPytorch(): Promise<PeerStatus<JsPytorchPeer>> {
  try {
    const { torch } = await import('js-pytorch');
    return {
      ok: true,
      peer: { torch: torch as unknown as JsTorch },
      version: packageVersion('js-pytorch'),
      notes: ['nested JS arrays (float64)', 'cpu device; native gl not built'],
    };
  } catch (e) {
    return { ok: false, reason: `cannot import js-pytorch: ${errorText(e)}` };
  }
}

/** The flat numbers of a js-pytorch tensor's nested-array data. */
export function jpFlat(t: JpTensor): number[] {
  const out: number[] = [];
  const stack: Nested[] = [t.data];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (typeof v === 'number') out.push(v);
    else for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]!);
  }
  return out;
}
