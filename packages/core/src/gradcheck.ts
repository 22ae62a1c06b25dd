/**
 * `gradcheck`: compares the gradients backward computes with central finite differences,
 *
 *   ∂f_j/∂x_k ≈ (f_j(x + ε·e_k) − f_j(x − ε·e_k)) / 2ε,
 *
 * for every output element j and input element k, in float64. The truncation error of a central
 * difference is O(ε²), so with ε = 1e-6 a smooth op agrees to about 1e-9: a wrong rule shows up
 * as an error many orders larger.
 */
import { gradients } from './functional.js';
import { ArgumentError, GradcheckError, describeValue, fmtShape } from './errors.js';
import { Tensor } from './tensor.js';

/**
 * Options of `gradcheck`: the finite-difference step and the tolerances.
 *
 * @example
 * const x = tensor([0.5, 1.5], { requiresGrad: true });
 * gradcheck((x) => sqrt(x), [x], { eps: 1e-7, atol: 1e-6, rtol: 1e-4 }).ok; // true
 */
export interface GradcheckOptions {
  /** The finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance: an entry passes when |analytical − numerical| ≤ atol + rtol·|numerical|. Default 1e-3. */
  rtol?: number;
  /** Throw a `GradcheckError` when a check fails (default), or only report it. */
  raise?: boolean;
}

/** What `gradcheck` found for one checked input. */
export interface GradcheckInputReport {
  /** Position of the input in the `inputs` array. */
  index: number;
  /** The input's shape. */
  shape: number[];
  /** Largest |analytical − numerical| over the Jacobian's entries for this input. */
  maxAbsError: number;
  /** Largest |analytical − numerical| / max(|numerical|, tiny) over the same entries. */
  maxRelError: number;
  /**
   * The worst entry (the one furthest past its tolerance): output element, input element, both
   * values; `null` when there is no entry (the input or the output has no elements).
   *
   * @property output The flat index of the output element.
   * @property element The flat index of the input element.
   * @property analytical ∂output/∂input by backward.
   * @property numerical ∂output/∂input by central differences.
   */
  worst: { output: number; element: number; analytical: number; numerical: number } | null;
  /** True when every entry passed: |analytical − numerical| ≤ atol + rtol·|numerical|. */
  ok: boolean;
}

/** The result of `gradcheck`: an overall verdict and one report per checked input. */
export interface GradcheckReport {
  /** True when every checked input passed. */
  ok: boolean;
  /** One report per checked input, in the order of `inputs`. */
  inputs: GradcheckInputReport[];
}

/**
 * Checks the gradient of `f` at `inputs` against central differences,
 * ∂f_j/∂x_k ≈ (f_j(x + ε·e_k) − f_j(x − ε·e_k)) / 2ε, for every output element j and input element
 * k (the whole Jacobian, by one backward per output element). The inputs checked are those with
 * `requiresGrad` (all of them if none has it). The inputs are copied: neither their values nor
 * their `grad` change.
 *
 * Shapes: any; `f` may return a tensor of any shape.
 *
 * @throws GradcheckError when a check fails and `raise` is true (the default), naming the input
 * and the worst entry.
 *
 * @example
 * const x = tensor([-1.5, 0.3, 2], { requiresGrad: true });
 * gradcheck((x) => elu(x), [x]).ok; // true
 */
export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  if (typeof f !== 'function') throw new ArgumentError(`gradcheck: f must be a function, got ${describeValue(f)}`);
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor))) {
    throw new ArgumentError(`gradcheck: inputs must be an array of tensors, got ${describeValue(inputs)}`);
  }
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`gradcheck: options must be an object, got ${describeValue(options)}`);
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raise = true } = options;
  // NOTE: a NaN or negative tolerance would make every check fail, and report it as a wrong gradient.
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps <= 0)
    throw new ArgumentError(`gradcheck: eps must be a finite positive number, got ${describeValue(eps)}`);
  for (const [name, v] of [
    ['atol', atol],
    ['rtol', rtol],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ArgumentError(`gradcheck: ${name} must be a finite number >= 0, got ${describeValue(v)}`);
  }
  if (typeof raise !== 'boolean') throw new ArgumentError(`gradcheck: raise must be true or false, got ${describeValue(raise)}`);
  const anyMarked = inputs.some((t) => t.requiresGrad);
  const checked = inputs.map((t) => !anyMarked || t.requiresGrad);
  const xs = inputs.map((t, i) => new Tensor(t.data.slice(), t.shape, { requiresGrad: checked[i]! }));
  const wrt = xs.filter((_, i) => checked[i]);

  const y = f(...xs);
  if (!(y instanceof Tensor)) throw new ArgumentError(`gradcheck: f must return a Tensor, got ${describeValue(y)}`);
  const m = y.size;

  // Analytical Jacobian, one row per output element: backward with a one-hot seed.
  const analytical = wrt.map((x) => new Float64Array(m * x.size));
  if (y.requiresGrad) {
    for (let j = 0; j < m; j++) {
      const seed = new Tensor(new Float64Array(m), y.shape);
      seed.data[j] = 1;
      const gs = gradients(y, wrt, { grad: seed, retainGraph: true });
      gs.forEach((g, i) => analytical[i]!.set(g.data, j * wrt[i]!.size));
    }
  }

  // Numerical Jacobian, one column per input element: nudge it both ways.
  const reports = wrt.map((x, i): GradcheckInputReport => {
    const numerical = new Float64Array(m * x.size);
    // NOTE: f runs with grad mode on, as given: it may itself take gradients (a second-order check).
    for (let k = 0; k < x.size; k++) {
      const orig = x.data[k]!;
      x.data[k] = orig + eps;
      const plus = f(...xs).data.slice();
      x.data[k] = orig - eps;
      const minus = f(...xs).data.slice();
      x.data[k] = orig;
      for (let j = 0; j < m; j++) numerical[j * x.size + k] = (plus[j]! - minus[j]!) / (2 * eps);
    }
    return compare(xs.indexOf(x), x, analytical[i]!, numerical, atol, rtol);
  });

  const ok = reports.every((r) => r.ok);
  if (!ok && raise) {
    const bad = reports.find((r) => !r.ok)!;
    const w = bad.worst!;
    throw new GradcheckError(
      `gradcheck: the gradient for input ${bad.index} (shape ${fmtShape(bad.shape)}) disagrees with finite differences: ` +
        `d output[${w.output}] / d input[${w.element}] is ${w.analytical} by backward but ${w.numerical} numerically ` +
        `(max abs error ${bad.maxAbsError.toExponential(3)}, atol ${atol}, rtol ${rtol})`,
    );
  }
  return { ok, inputs: reports };
}

function compare(index: number, x: Tensor, a: Float64Array, n: Float64Array, atol: number, rtol: number): GradcheckInputReport {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: GradcheckInputReport['worst'] = null;
  let ok = true;
  let worstExcess = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - n[i]!);
    const excess = err - (atol + rtol * Math.abs(n[i]!));
    if (!(excess <= 0)) ok = false; // NaN fails too
    maxAbsError = Math.max(maxAbsError, err);
    maxRelError = Math.max(maxRelError, err / Math.max(Math.abs(n[i]!), 1e-300));
    if (excess > worstExcess || (Number.isNaN(excess) && worst === null)) {
      worstExcess = excess;
      worst = { output: Math.floor(i / x.size), element: i % x.size, analytical: a[i]!, numerical: n[i]! };
    }
  }
  return { index, shape: [...x.shape], maxAbsError, maxRelError, worst, ok };
}
