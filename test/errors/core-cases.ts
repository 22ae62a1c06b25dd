/**
 * The bad-input table of @tapegrad/core: every public function, constructor and the methods
 * that take arguments, each with the wrong inputs a user is likely to pass. See `sweep.ts` for
 * what a row checks.
 */
import * as core from '@tapegrad/core';
import {
  ArgumentError,
  AxisError,
  Generator,
  GraphError,
  PCG64,
  Scalar,
  SeedSequence,
  ShapeError,
  Tape,
  Tensor,
  scalar,
} from '@tapegrad/core';
import { table, type BadInput, type ErrorClass } from './sweep.js';

/** A function called with deliberately wrong arguments. */
// biome-ignore lint/suspicious/noExplicitAny: the sweep calls functions with wrong types on purpose
type AnyFn = (...args: any[]) => unknown;

const t = (shape: number[], requiresGrad = false) =>
  new Tensor(
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
    shape,
    { requiresGrad },
  );
const leaf = (shape: number[]) => t(shape, true);
/** A tensor computed from a leaf (not a leaf itself). */
const computed = () => core.mul(leaf([2]), 2);
/** A loss whose graph was freed by a first backward. */
const freed = () => {
  const x = leaf([2]);
  const y = core.sum(core.mul(x, x));
  y.backward();
  return [y, x];
};

/**
 * The wrong values for an argument that takes a tensor, a number or nested arrays (`TensorLike`),
 * with how the message says so. `arg` is the argument's name in the message.
 */
function badTensorLike(arg: string): [what: string, value: unknown, error: ErrorClass, message: string | RegExp][] {
  return [
    ['a string', 'x', ArgumentError, `${arg} must be a Tensor, a number or nested arrays of numbers, got "x"`],
    [
      'undefined (a missing argument)',
      undefined,
      ArgumentError,
      `${arg} must be a Tensor, a number or nested arrays of numbers, got undefined`,
    ],
    ['a plain object', {}, ArgumentError, `${arg} must be a Tensor, a number or nested arrays of numbers, got an object`],
    [
      'a ragged nested array',
      [[1, 2], [3]],
      ArgumentError,
      `ragged nested array: ${arg}[1] has length 1 but ${arg}[0] has length 2; every array at one depth must have the same length`,
    ],
    ['an array holding a string', [1, 'a'], ArgumentError, `${arg}[1] is "a"; expected a number`],
  ];
}

/** Rows for one TensorLike argument of `api`, at position `at` of `base()`'s arguments. */
function tensorLikeRows(api: string, call: AnyFn, base: () => unknown[], at: number, arg: string): BadInput[] {
  return table(
    api,
    call,
    badTensorLike(arg).map(([what, value, error, message]) => [
      `${arg}: ${what}`,
      () => base().map((v, i) => (i === at ? value : v)),
      error,
      message,
    ]),
  );
}

const TOO_BIG = 'more than an array can hold';

// ---- making tensors --------------------------------------------------------------------------

const creation: BadInput[] = [
  ...table('Tensor', (data, shape, options) => new Tensor(data, shape, options), [
    ['data is a plain array', () => [[1, 2], [2]], ArgumentError, 'Tensor: data must be a Float64Array, got [1, 2]'],
    ['data is a Float32Array', () => [new Float32Array(2), [2]], ArgumentError, 'Tensor: data must be a Float64Array, got a Float32Array'],
    [
      'shape is a string',
      () => [new Float64Array(2), 'ab'],
      ArgumentError,
      'Tensor: shape must be an array of non-negative integers, got "ab"',
    ],
    [
      'negative dimensions whose product is the size',
      () => [new Float64Array(4), [-2, -2]],
      ArgumentError,
      'Tensor: shape must be an array of non-negative integers, got [-2, -2]',
    ],
    [
      'a negative dimension beside a 0',
      () => [new Float64Array(0), [-1, 0]],
      ArgumentError,
      'Tensor: shape must be an array of non-negative integers, got [-1, 0]',
    ],
    [
      'a fractional dimension',
      () => [new Float64Array(2), [0.5, 4]],
      ArgumentError,
      'Tensor: shape must be an array of non-negative integers, got [0.5, 4]',
    ],
    [
      'a NaN dimension',
      () => [new Float64Array(1), [NaN]],
      ArgumentError,
      'Tensor: shape must be an array of non-negative integers, got [NaN]',
    ],
    ['shape and data sizes differ', () => [new Float64Array(3), [2]], ArgumentError, 'Tensor: shape [2] holds 2 values but data has 3'],
    [
      'requiresGrad is a string',
      () => [new Float64Array(1), [1], { requiresGrad: 'yes' }],
      ArgumentError,
      'Tensor: requiresGrad must be true or false, got "yes"',
    ],
    ['name is a number', () => [new Float64Array(1), [1], { name: 5 }], ArgumentError, 'Tensor: name must be a string, got 5'],
    ['options is null', () => [new Float64Array(1), [1], null], ArgumentError, 'Tensor: options must be an object, got null'],
    [
      'a misspelt option',
      () => [new Float64Array(1), [1], { require_grad: true }],
      ArgumentError,
      'Tensor: unknown option "require_grad"; did you mean "requiresGrad"? The options are "requiresGrad", "name"',
    ],
    [
      'an array as options',
      () => [new Float64Array(1), [1], [1]],
      ArgumentError,
      'Tensor: options must be an object, got [1]; options are an object such as { requiresGrad: true }, not an array',
    ],
  ]),
  ...table(
    'Tensor',
    (x: Tensor) => x.item(),
    [
      [
        'item() of 2 elements',
        () => [t([2])],
        ArgumentError,
        'item: only a tensor with exactly one element has an item; this one has shape [2] (2 elements)',
      ],
      [
        'item() of an empty tensor',
        () => [t([0])],
        ArgumentError,
        'item: only a tensor with exactly one element has an item; this one has shape [0] (0 elements)',
      ],
    ],
    { who: 'item' },
  ),
  ...table(
    'Tensor',
    (x: Tensor) => {
      x.requiresGrad = false;
    },
    [
      [
        'requiresGrad set on a computed tensor',
        () => [computed()],
        GraphError,
        /requiresGrad: can only be set on a leaf; this tensor was made by mul \(tape entry #\d+\)/,
      ],
    ],
    { who: 'requiresGrad' },
  ),
  ...table(
    'Tensor',
    (x: Tensor, s: unknown) => x.reshape(s as number[]),
    [
      [
        'reshape() method to a different size',
        () => [t([2, 3]), [4]],
        ShapeError,
        'reshape: cannot reshape [2,3] (6 elements) into [4] (4 elements)',
      ],
    ],
    { who: 'reshape' },
  ),

  ...table('tensor', (v, o) => core.tensor(v, o), [
    [
      'a misspelt option',
      () => [[1], { requires_grad: true }],
      ArgumentError,
      'tensor: unknown option "requires_grad"; did you mean "requiresGrad"? The options are "requiresGrad", "name"',
    ],
    [
      'an unknown option',
      () => [[1], { dtype: 'float32' }],
      ArgumentError,
      'tensor: unknown option "dtype"; the options are "requiresGrad", "name"',
    ],
    [
      'a shape in place of the options, for a Float64Array',
      () => [new Float64Array(6), [2, 3]],
      ArgumentError,
      'tensor: options must be an object, got [2, 3]; tensor takes no shape: a Float64Array becomes a 1-d tensor. For shape [2, 3], use new Tensor(data, [2, 3]) (which keeps the array) or tensor(data).reshape([2, 3])',
    ],
    [
      'a shape in place of the options, for nested arrays',
      () => [
        [1, 2, 3, 4],
        [2, 2],
      ],
      ArgumentError,
      'tensor: options must be an object, got [2, 2]; tensor takes no shape: it takes the shape of the values. For shape [2, 2], use tensor(values).reshape([2, 2])',
    ],
    ['a string', () => ['x'], ArgumentError, 'tensor: values must be a number or nested arrays of numbers, got "x"'],
    ['null', () => [null], ArgumentError, 'tensor: values must be a number or nested arrays of numbers, got null'],
    ['undefined', () => [undefined], ArgumentError, 'tensor: values must be a number or nested arrays of numbers, got undefined'],
    [
      'a ragged nested array',
      () => [[[1, 2], [3]]],
      ArgumentError,
      'tensor: ragged nested array: values[1] has length 1 but values[0] has length 2',
    ],
    [
      'an empty row beside a full one',
      () => [[[], [1]]],
      ArgumentError,
      'tensor: ragged nested array: values[1] has length 1 but values[0] has length 0',
    ],
    [
      'a number where an array belongs',
      () => [[[1], 2]],
      ArgumentError,
      'tensor: ragged nested array: values[1] is a number but values[0] is an array',
    ],
    [
      'an array where a number belongs',
      () => [[1, [2]]],
      ArgumentError,
      'tensor: ragged nested array: values[1] is an array but values[0] is a number',
    ],
    ['a string element', () => [[1, 'a']], ArgumentError, 'tensor: values[1] is "a"; expected a number'],
    ['a bigint element', () => [[1n]], ArgumentError, 'tensor: values[0] is 1n; expected a number'],
    ['tensors as elements', () => [[t([1]), t([1])]], ArgumentError, 'tensor: values[0] is a Tensor; expected a number'],
    [
      'a Float32Array',
      () => [new Float32Array(2)],
      ArgumentError,
      'tensor: values must be a number or nested arrays of numbers, got a Float32Array',
    ],
    [
      'requiresGrad is a string',
      () => [[1], { requiresGrad: 'yes' }],
      ArgumentError,
      'tensor: requiresGrad must be true or false, got "yes"',
    ],
    ['options is a number', () => [[1], 5], ArgumentError, 'tensor: options must be an object, got 5'],
  ]),
  ...table('zeros', (s, o) => core.zeros(s, o), [
    [
      'the shape spread over two arguments',
      () => [2, 3],
      ArgumentError,
      'zeros: options must be an object, got 3; the shape is one array: zeros([2, 3]), not zeros(2, 3)',
    ],
    [
      'a misspelt option',
      () => [[2], { requiresgrad: true }],
      ArgumentError,
      'zeros: unknown option "requiresgrad"; did you mean "requiresGrad"?',
    ],
    ['a negative size', () => [[2, -1]], ArgumentError, 'zeros: shape must be an array of non-negative integers, got [2, -1]'],
    ['a fractional size', () => [1.5], ArgumentError, 'zeros: shape must be an array of non-negative integers, got [1.5]'],
    ['a NaN size', () => [[NaN]], ArgumentError, 'zeros: shape must be an array of non-negative integers, got [NaN]'],
    ['an infinite size', () => [[Infinity]], ArgumentError, 'zeros: shape must be an array of non-negative integers, got [Infinity]'],
    ['a string', () => ['3'], ArgumentError, 'zeros: shape must be an array of non-negative integers, got "3"'],
    ['a null dimension', () => [[2, null]], ArgumentError, 'zeros: shape must be an array of non-negative integers, got [2, null]'],
    [
      'a dimension beyond 2^53 beside a 0',
      () => [[2 ** 60, 0]],
      ArgumentError,
      'zeros: shape must be an array of non-negative integers, got [1152921504606847000, 0]',
    ],
    [
      'more elements than an array holds',
      () => [[1e6, 1e6]],
      ArgumentError,
      `zeros: shape [1000000,1000000] asks for 1000000000000 values, ${TOO_BIG}`,
    ],
    ['requiresGrad is a number', () => [[2], { requiresGrad: 1 }], ArgumentError, 'zeros: requiresGrad must be true or false, got 1'],
  ]),
  ...table('ones', (s, o) => core.ones(s, o), [
    [
      'the shape spread over two arguments',
      () => [4, 1],
      ArgumentError,
      'ones: options must be an object, got 1; the shape is one array: ones([4, 1]), not ones(4, 1)',
    ],
    ['a negative size', () => [[-1]], ArgumentError, 'ones: shape must be an array of non-negative integers, got [-1]'],
    ['a fractional size', () => [[2.5]], ArgumentError, 'ones: shape must be an array of non-negative integers, got [2.5]'],
    [
      'more elements than an array holds',
      () => [[1e10]],
      ArgumentError,
      `ones: shape [10000000000] asks for 10000000000 values, ${TOO_BIG}`,
    ],
    ['name is a number', () => [[1], { name: 1 }], ArgumentError, 'ones: name must be a string, got 1'],
  ]),
  ...table('full', (s, v, o) => core.full(s, v, o), [
    [
      'the shape spread over two arguments',
      () => [2, 3, 0.5],
      ArgumentError,
      'full: options must be an object, got 0.5; the shape is one array: full([2, 3], 0.5), not full(2, 3, 0.5)',
    ],
    ['a negative size', () => [[-2], 0], ArgumentError, 'full: shape must be an array of non-negative integers, got [-2]'],
    ['value is a string', () => [[2], '1'], ArgumentError, 'full: value must be a number, got "1"'],
    ['value is missing', () => [[2]], ArgumentError, 'full: value must be a number, got undefined'],
    [
      'more elements than an array holds',
      () => [[1e5, 1e5, 1e5], 0],
      ArgumentError,
      `full: shape [100000,100000,100000] asks for 1000000000000000 values, ${TOO_BIG}`,
    ],
  ]),
  ...table('arange', (...a) => (core.arange as AnyFn)(...a), [
    ['NaN', () => [NaN], ArgumentError, 'arange: stop must be a finite number, got NaN'],
    ['an infinite stop', () => [0, Infinity], ArgumentError, 'arange: stop must be a finite number, got Infinity'],
    ['a string step', () => [0, 3, '1'], ArgumentError, 'arange: step must be a finite number, got "1"'],
    ['a zero step', () => [0, 3, 0], ArgumentError, 'arange: step must not be 0'],
    [
      'more elements than an array holds',
      () => [0, 1e300, 1e-300],
      ArgumentError,
      `arange: [0, 1e+300) in steps of 1e-300 asks for Infinity values, ${TOO_BIG}`,
    ],
  ]),
  ...table('linspace', (...a) => (core.linspace as AnyFn)(...a), [
    ['a NaN start', () => [NaN, 1, 3], ArgumentError, 'linspace: start must be a finite number, got NaN'],
    ['an infinite stop', () => [0, -Infinity, 3], ArgumentError, 'linspace: stop must be a finite number, got -Infinity'],
    ['a negative count', () => [0, 1, -1], ArgumentError, 'linspace: num must be a non-negative integer, got -1'],
    ['a fractional count', () => [0, 1, 2.5], ArgumentError, 'linspace: num must be a non-negative integer, got 2.5'],
    ['a string count', () => [0, 1, '3'], ArgumentError, 'linspace: num must be a non-negative integer, got "3"'],
    [
      'more elements than an array holds',
      () => [0, 1, 1e12],
      ArgumentError,
      `linspace: num 1000000000000 asks for 1000000000000 values, ${TOO_BIG}`,
    ],
  ]),
  ...table('eye', (...a) => (core.eye as AnyFn)(...a), [
    ['a negative n', () => [-1], ArgumentError, 'eye: n must be a non-negative integer, got -1'],
    ['a fractional n', () => [2.5], ArgumentError, 'eye: n must be a non-negative integer, got 2.5'],
    ['a string n', () => ['3'], ArgumentError, 'eye: n must be a non-negative integer, got "3"'],
    ['a negative m', () => [2, -3], ArgumentError, 'eye: m must be a non-negative integer, got -3'],
    [
      'more elements than an array holds',
      () => [1e6],
      ArgumentError,
      `eye: shape [1000000,1000000] asks for 1000000000000 values, ${TOO_BIG}`,
    ],
  ]),
  ...tensorLikeRows(
    'zerosLike',
    (x) => core.zerosLike(x),
    () => [t([2])],
    0,
    'input',
  ),
  ...tensorLikeRows(
    'onesLike',
    (x) => core.onesLike(x),
    () => [t([2])],
    0,
    'input',
  ),
];

// ---- backward and the tape ---------------------------------------------------------------------

const autograd: BadInput[] = [
  ...table('backward', (y, o) => core.backward(y, o), [
    ['a string', () => ['x'], ArgumentError, 'backward: expected a Tensor, got "x"'],
    ['a tensor that does not require grad', () => [t([1])], GraphError, 'backward: this tensor does not require grad'],
    [
      'a vector without a gradient',
      () => [core.mul(leaf([2]), 2)],
      GraphError,
      'backward: the output has shape [2]; a gradient can only be created implicitly for a one-element output. Pass { grad } with the same shape',
    ],
    [
      'a gradient of the wrong shape',
      () => [core.mul(leaf([2]), 2), { grad: t([3]) }],
      ShapeError,
      'backward: grad has shape [3] but the output has shape [2]; they must be equal',
    ],
    [
      'a string gradient',
      () => [core.mul(leaf([2]), 2), { grad: 'g' }],
      ArgumentError,
      'backward: grad must be a Tensor, a number or nested arrays of numbers, got "g"',
    ],
  ]),
  ...table('backward', (y) => core.backward(y), [
    // The leaf comes along as an argument, so that its grad is checked unchanged.
    [
      'a graph freed by an earlier backward',
      freed,
      GraphError,
      /backward: tape entry #\d+ \(sum\) was freed by an earlier backward\(\); to run backward through the same graph twice, pass \{ retainGraph: true \}/,
    ],
  ]),
  ...table(
    'Tensor',
    (y: Tensor) => y.backward(),
    [['backward() of a constant', () => [t([1])], GraphError, 'backward: this tensor does not require grad']],
    { who: 'backward' },
  ),
  ...table('gradients', (y, xs, o) => core.gradients(y, xs, o), [
    ['output is a string', () => ['y', [leaf([1])]], ArgumentError, 'gradients: expected a Tensor, got "y"'],
    ['inputs is not an array', () => [core.sum(leaf([2])), 'x'], ArgumentError, 'gradients: inputs must be an array of tensors, got "x"'],
    ['an input is a number', () => [core.sum(leaf([2])), [5]], ArgumentError, 'gradients: inputs must be an array of tensors, got [5]'],
    [
      'an input that does not require grad',
      () => [core.sum(leaf([2])), [t([2])]],
      GraphError,
      'gradients: input 0 (shape [2]) does not require grad, so no gradient flows to it',
    ],
    [
      'a gradient of the wrong shape',
      () => {
        const x = leaf([2]);
        return [core.mul(x, 2), [x], { grad: [1, 2, 3] }];
      },
      ShapeError,
      'gradients: grad has shape [3] but the output has shape [2]',
    ],
  ]),
  ...table('noGrad', (f) => core.noGrad(f), [['not a function', () => ['x'], ArgumentError, 'noGrad: fn must be a function, got "x"']]),
  ...table('tapeOf', (v) => core.tapeOf(v), [['a string', () => ['x'], ArgumentError, 'tapeOf: expected a Tensor or a Scalar, got "x"']]),
  ...table('tapeOf', (v) => core.tapeOf(v), [
    [
      'a graph freed by backward',
      freed,
      GraphError,
      /tapeOf: tape entry #\d+ \(sum\) was freed by an earlier backward\(\); read the tape before backward\(\), or pass \{ retainGraph: true \}/,
    ],
  ]),
  ...table('Tape', (e, l) => new Tape(e, l).toString(), [
    ['entries and leaves that are not arrays', () => ['x', 5], ArgumentError, 'Tape: entries must be an array of tape entries'],
  ]),
];

// ---- elementwise ops -----------------------------------------------------------------------

const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
const COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;

const elementwise: BadInput[] = [
  ...[...BINARY, ...COMPARE].flatMap((op) => [
    ...tensorLikeRows(
      op,
      (a, b) => (core[op] as AnyFn)(a, b),
      () => [t([2]), t([2])],
      0,
      'a',
    ),
    ...tensorLikeRows(
      op,
      (a, b) => (core[op] as AnyFn)(a, b),
      () => [t([2]), t([2])],
      1,
      'b',
    ),
    ...table(op, (a, b) => (core[op] as AnyFn)(a, b), [
      [
        'shapes that do not broadcast',
        () => [t([2, 3]), t([4])],
        ShapeError,
        `${op}: cannot broadcast shapes [2,3] and [4]: dimension 3 and dimension 4 (axis -1 from the right) differ and neither is 1`,
      ],
    ]),
  ]),
  ...tensorLikeRows(
    'where',
    (c, a, b) => core.where(c, a, b),
    () => [t([2]), t([2]), t([2])],
    0,
    'cond',
  ),
  ...tensorLikeRows(
    'where',
    (c, a, b) => core.where(c, a, b),
    () => [t([2]), t([2]), t([2])],
    1,
    'a',
  ),
  ...tensorLikeRows(
    'where',
    (c, a, b) => core.where(c, a, b),
    () => [t([2]), t([2]), t([2])],
    2,
    'b',
  ),
  ...table('where', (c, a, b) => core.where(c, a, b), [
    ['a condition that does not broadcast', () => [t([3]), t([2]), t([2])], ShapeError, 'where: cannot broadcast shapes [3] and [2]'],
    ['a and b that do not broadcast', () => [t([1]), t([2]), t([3])], ShapeError, 'where: cannot broadcast shapes [2] and [3]'],
  ]),
  ...(['neg', 'exp', 'log', 'log1p', 'sqrt', 'abs', 'tanh', 'sigmoid', 'sin', 'cos'] as const).flatMap((op) =>
    tensorLikeRows(
      op,
      (x) => core[op](x),
      () => [t([2])],
      0,
      'x',
    ),
  ),
  ...tensorLikeRows(
    'clip',
    (x, lo, hi) => core.clip(x, lo, hi),
    () => [t([2]), -1, 1],
    0,
    'x',
  ),
  ...table('clip', (x, lo, hi) => core.clip(x, lo, hi), [
    ['a NaN min', () => [t([2]), NaN, 1], ArgumentError, 'clip: min must be a number or null, got NaN'],
    ['a NaN max', () => [t([2]), 0, NaN], ArgumentError, 'clip: max must be a number or null, got NaN'],
    ['a string min', () => [t([2]), '0', 1], ArgumentError, 'clip: min must be a number or null, got "0"'],
    ['an object max', () => [t([2]), 0, {}], ArgumentError, 'clip: max must be a number or null, got an object'],
    ['min above max', () => [t([2]), 2, 1], ArgumentError, 'clip: min (2) must not exceed max (1)'],
  ]),
];

// ---- activations -----------------------------------------------------------------------------

const activations: BadInput[] = [
  ...tensorLikeRows(
    'relu',
    (z) => core.relu(z),
    () => [t([2])],
    0,
    'z',
  ),
  ...tensorLikeRows(
    'leakyRelu',
    (z, a) => core.leakyRelu(z, a),
    () => [t([2]), 0.1],
    0,
    'z',
  ),
  ...table('leakyRelu', (z, a) => core.leakyRelu(z, a), [
    ['a NaN slope', () => [t([2]), NaN], ArgumentError, 'leakyRelu: negativeSlope must be a finite number, got NaN'],
    ['an infinite slope', () => [t([2]), Infinity], ArgumentError, 'leakyRelu: negativeSlope must be a finite number, got Infinity'],
    ['a string slope', () => [t([2]), '0.1'], ArgumentError, 'leakyRelu: negativeSlope must be a finite number, got "0.1"'],
    ['a null slope', () => [t([2]), null], ArgumentError, 'leakyRelu: negativeSlope must be a finite number, got null'],
  ]),
  ...tensorLikeRows(
    'prelu',
    (z, w) => core.prelu(z, w),
    () => [t([2, 3]), t([3])],
    0,
    'z',
  ),
  ...tensorLikeRows(
    'prelu',
    (z, w) => core.prelu(z, w),
    () => [t([2, 3]), t([3])],
    1,
    'weight',
  ),
  ...table('prelu', (z, w) => core.prelu(z, w), [
    [
      'a 2-d weight',
      () => [t([2, 3]), t([3, 1])],
      ShapeError,
      'prelu: weight must be 1-d with one value per channel (or a single value), got shape [3,1]',
    ],
    [
      'a weight per channel that does not match the channels',
      () => [t([2, 3]), t([4])],
      ShapeError,
      'prelu: weight has 4 elements but the input of shape [2,3] has 3 channels on axis 1; they must be equal (or weight must have 1 element)',
    ],
    [
      'per-channel weights for an input without channels',
      () => [t([3]), t([3])],
      ShapeError,
      'prelu: an input of shape [3] has no channel axis (it needs rank ≥ 2), so weight must have 1 element, got 3',
    ],
  ]),
  ...tensorLikeRows(
    'elu',
    (z, a) => core.elu(z, a),
    () => [t([2]), 1],
    0,
    'z',
  ),
  ...table('elu', (z, a) => core.elu(z, a), [
    ['a NaN alpha', () => [t([2]), NaN], ArgumentError, 'elu: alpha must be a finite number, got NaN'],
    ['an infinite alpha', () => [t([2]), -Infinity], ArgumentError, 'elu: alpha must be a finite number, got -Infinity'],
    ['a string alpha', () => [t([2]), '1'], ArgumentError, 'elu: alpha must be a finite number, got "1"'],
  ]),
];

// ---- reductions ------------------------------------------------------------------------------

const reductions: BadInput[] = [
  ...(['sum', 'mean', 'max', 'min', 'logSumExp'] as const).flatMap((op) => [
    ...tensorLikeRows(
      op,
      (x, a, k) => (core[op] as AnyFn)(x, a, k),
      () => [t([2, 3]), 0, false],
      0,
      'x',
    ),
    ...table(op, (x, a, k) => (core[op] as AnyFn)(x, a, k), [
      [
        'an axis out of range',
        () => [t([2, 3]), 2],
        AxisError,
        `${op}: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]`,
      ],
      [
        'a negative axis out of range',
        () => [t([2, 3]), [0, -3]],
        AxisError,
        `${op}: axis -3 is out of range for a tensor of rank 2; valid axes: [-2, 1]`,
      ],
      [
        'an axis of a 0-d tensor',
        () => [t([]), 0],
        AxisError,
        `${op}: axis 0 is out of range for a tensor of rank 0; valid axes: none (the tensor is 0-d)`,
      ],
      ['a fractional axis', () => [t([2, 3]), 0.5], ArgumentError, `${op}: axis must be an integer, got 0.5`],
      ['an infinite axis', () => [t([2, 3]), Infinity], ArgumentError, `${op}: axis must be an integer, got Infinity`],
      ['a string axis', () => [t([2, 3]), '0'], ArgumentError, `${op}: axes must be an integer or an array of integers, got "0"`],
      ['a repeated axis', () => [t([2, 3]), [1, -1]], ArgumentError, `${op}: axis 1 appears twice in [1, -1]`],
      ['keepdims is a string', () => [t([2, 3]), 0, 'yes'], ArgumentError, `${op}: keepdims must be true or false, got "yes"`],
    ]),
  ]),
  ...(['max', 'min', 'logSumExp'] as const).flatMap((op) =>
    table(op, (x, a) => (core[op] as AnyFn)(x, a), [
      [
        'a reduction over an empty axis',
        () => [t([2, 0]), 1],
        ArgumentError,
        `${op}: cannot reduce over an empty axis (shape [2,0], axes [1])`,
      ],
    ]),
  ),
  ...(['softmax', 'logSoftmax'] as const).flatMap((op) => [
    ...tensorLikeRows(
      op,
      (x, a) => core[op](x, a),
      () => [t([2, 3]), -1],
      0,
      'x',
    ),
    ...table(op, (x, a) => core[op](x, a), [
      [
        'an axis out of range',
        () => [t([2, 3]), 2],
        AxisError,
        `${op}: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]`,
      ],
      ['a fractional axis', () => [t([2, 3]), 1.5], ArgumentError, `${op}: axis must be an integer, got 1.5`],
      ['an array of axes', () => [t([2, 3]), [0, 1]], ArgumentError, `${op}: axis must be an integer, got [0, 1]`],
      ['an empty axis', () => [t([2, 0]), 1], ArgumentError, `${op}: cannot reduce over an empty axis (shape [2,0], axes [1])`],
    ]),
  ]),
  ...tensorLikeRows(
    'sumTo',
    (g, s) => core.sumTo(g, s),
    () => [t([2, 3]), [3]],
    0,
    'g',
  ),
  ...table('sumTo', (g, s) => core.sumTo(g, s), [
    [
      'a shape that g is not a broadcast of',
      () => [t([2, 3]), [4]],
      ShapeError,
      'sumTo: cannot sum a gradient of shape [2,3] to shape [4]: [4] does not broadcast to [2,3]',
    ],
    ['a negative dimension', () => [t([2, 3]), [-1]], ArgumentError, 'sumTo: shape must be an array of non-negative integers, got [-1]'],
    ['a string shape', () => [t([2, 3]), 'x'], ArgumentError, 'sumTo: shape must be an array of non-negative integers, got "x"'],
  ]),
];

// ---- the derivatives as ops (backward primitives) ------------------------------------------------

const backwardOps: BadInput[] = [
  ...(
    [
      ['reluBackward', (g: unknown, z: unknown) => core.reluBackward(g as never, z as never)],
      ['leakyReluBackward', (g: unknown, z: unknown) => core.leakyReluBackward(g as never, z as never)],
      ['eluBackward', (g: unknown, z: unknown) => core.eluBackward(g as never, z as never)],
      ['preluBackward', (g: unknown, z: unknown) => core.preluBackward(g as never, z as never, t([1]))],
    ] as const
  ).flatMap(([api, call]) => [
    ...tensorLikeRows(api, call, () => [t([2]), t([2])], 0, 'g'),
    ...tensorLikeRows(api, call, () => [t([2]), t([2])], 1, 'z'),
    ...table(api, call, [
      [
        'g and z of different shapes',
        () => [t([2]), t([3])],
        ShapeError,
        `${api}: g has shape [2] but z has shape [3]; they must be equal`,
      ],
    ]),
  ]),
  ...(
    [
      ['sigmoidBackward', (g: unknown, y: unknown) => core.sigmoidBackward(g as never, y as never)],
      ['tanhBackward', (g: unknown, y: unknown) => core.tanhBackward(g as never, y as never)],
    ] as const
  ).flatMap(([api, call]) => [
    ...tensorLikeRows(api, call, () => [t([2]), t([2])], 0, 'g'),
    ...tensorLikeRows(api, call, () => [t([2]), t([2])], 1, 'y'),
    ...table(api, call, [
      [
        'g and y of different shapes',
        () => [t([2, 1]), t([2])],
        ShapeError,
        `${api}: g has shape [2,1] but y has shape [2]; they must be equal`,
      ],
    ]),
  ]),
  ...table('leakyReluBackward', (g, z, a) => core.leakyReluBackward(g, z, a), [
    ['a NaN slope', () => [t([2]), t([2]), NaN], ArgumentError, 'leakyReluBackward: negativeSlope must be a finite number, got NaN'],
  ]),
  ...table('eluBackward', (g, z, a) => core.eluBackward(g, z, a), [
    ['an infinite alpha', () => [t([2]), t([2]), Infinity], ArgumentError, 'eluBackward: alpha must be a finite number, got Infinity'],
  ]),
  ...table('preluBackward', (g, z, w) => core.preluBackward(g, z, w), [
    [
      'a weight that does not fit the channels',
      () => [t([2, 3]), t([2, 3]), t([2])],
      ShapeError,
      'preluBackward: weight has 2 elements but the input of shape [2,3] has 3 channels on axis 1; they must be equal (or weight must have 1 element)',
    ],
  ]),
];

// ---- helpers and backends ------------------------------------------------------------------------

const helpers: BadInput[] = [
  ...table(
    'checkFinite',
    (who, name, v) => core.checkFinite(who, name, v),
    [
      ['NaN', () => ['op', 'x', NaN], ArgumentError, 'op: x must be a finite number, got NaN'],
      ['a string', () => ['op', 'x', '1'], ArgumentError, 'op: x must be a finite number, got "1"'],
    ],
    { who: 'op' },
  ),
  ...table(
    'checkLeafOptions',
    (who, o) => core.checkLeafOptions(who, o),
    [
      ['options that are not an object', () => ['op', 3], ArgumentError, 'op: options must be an object, got 3'],
      [
        'an array as options',
        () => ['op', [1]],
        ArgumentError,
        'op: options must be an object, got [1]; options are an object such as { requiresGrad: true }, not an array',
      ],
      [
        'an unknown option',
        () => ['op', { grad: true }],
        ArgumentError,
        'op: unknown option "grad"; the options are "requiresGrad", "name"',
      ],
      [
        'a requiresGrad that is not a boolean',
        () => ['op', { requiresGrad: 1 }],
        ArgumentError,
        'op: requiresGrad must be true or false, got 1',
      ],
    ],
    { who: 'op' },
  ),
  ...table(
    'clipBounds',
    (who, lo, hi) => core.clipBounds(who, lo, hi),
    [
      ['a NaN min', () => ['op', NaN, 1], ArgumentError, 'op: min must be a number or null, got NaN'],
      ['min above max', () => ['op', 2, 1], ArgumentError, 'op: min (2) must not exceed max (1)'],
    ],
    { who: 'op' },
  ),
  ...table('detectAnomaly', (fn) => core.detectAnomaly(fn), [
    ['a fn that is not a function', () => [1], ArgumentError, 'detectAnomaly: fn must be a function, got 1'],
  ]),
  ...table('setDetectAnomaly', (on) => core.setDetectAnomaly(on), [
    ['a number', () => [1], ArgumentError, 'setDetectAnomaly: on must be true or false, got 1'],
  ]),
  ...table('setBackend', (name) => core.setBackend(name), [
    ['an unknown name', () => ['gpu'], ArgumentError, /^setBackend: unknown backend "gpu"; the backends are "js"/],
    ['a number', () => [1], ArgumentError, /^setBackend: unknown backend 1; the backends are/],
  ]),
  ...table('registerBackend', (b) => core.registerBackend(b), [
    ['null', () => [null], ArgumentError, 'registerBackend: expected a backend object with a non-empty name, got null'],
    [
      'an object without a name',
      () => [{}],
      ArgumentError,
      'registerBackend: expected a backend object with a non-empty name, got an object',
    ],
  ]),
  ...table('matmul', (a, b, o) => core.matmul(a, b, o), [
    ['options that are not an object', () => [t([2, 2]), t([2, 2]), 1], ArgumentError, 'matmul: options must be an object, got 1'],
    [
      'a transpose flag that is not a boolean',
      () => [t([2, 2]), t([2, 2]), { transposeA: 1 }],
      ArgumentError,
      'matmul: transposeA must be true or false, got 1',
    ],
    [
      'a transpose flag on a 1-d operand',
      () => [t([2]), t([2, 2]), { transposeA: true }],
      ShapeError,
      'matmul: transposeA needs an operand of rank ≥ 2 to transpose, got shape [2]',
    ],
  ]),
];

// ---- linear algebra and layout -----------------------------------------------------------------

const linalg: BadInput[] = [
  ...tensorLikeRows(
    'matmul',
    (a, b) => core.matmul(a, b),
    () => [t([2, 2]), t([2, 2])],
    0,
    'a',
  ),
  ...tensorLikeRows(
    'matmul',
    (a, b) => core.matmul(a, b),
    () => [t([2, 2]), t([2, 2])],
    1,
    'b',
  ),
  ...table('matmul', (a, b) => core.matmul(a, b), [
    [
      'inner dimensions that differ',
      () => [t([2, 3]), t([4, 5])],
      ShapeError,
      'matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ',
    ],
    [
      'a 0-d operand',
      () => [t([]), t([2])],
      ShapeError,
      'matmul: both operands need at least one dimension, got [] and [2]; use mul for a scalar',
    ],
    [
      'two vectors of different lengths',
      () => [t([2]), t([3])],
      ShapeError,
      'matmul: cannot multiply [2] by [3]: inner dimensions 2 and 3 differ',
    ],
    [
      'batch dimensions that do not broadcast',
      () => [t([2, 2, 3]), t([3, 3, 2])],
      ShapeError,
      'matmul: cannot broadcast shapes [2] and [3]',
    ],
  ]),
  ...tensorLikeRows(
    'transpose',
    (x, a, b) => core.transpose(x, a, b),
    () => [t([2, 3]), 0, 1],
    0,
    'x',
  ),
  ...table('transpose', (x, a, b) => core.transpose(x, a, b), [
    [
      'an axis out of range',
      () => [t([2, 3]), 0, 2],
      AxisError,
      'transpose: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    ['a fractional axis', () => [t([2, 3]), 0.5, 1], ArgumentError, 'transpose: axis must be an integer, got 0.5'],
    ['a string axis', () => [t([2, 3]), 'a', 1], ArgumentError, 'transpose: axis must be an integer, got "a"'],
    [
      'axes of a 1-d tensor',
      () => [t([2]), 0, 1],
      AxisError,
      'transpose: axis 1 is out of range for a tensor of rank 1; valid axes: [-1, 0]',
    ],
  ]),
  ...tensorLikeRows(
    'permute',
    (x, p) => core.permute(x, p),
    () => [t([2, 3]), [1, 0]],
    0,
    'x',
  ),
  ...table('permute', (x, p) => core.permute(x, p), [
    [
      'too few axes',
      () => [t([2, 3, 4]), [1, 0]],
      ArgumentError,
      'permute: axes must list each of the 3 axes of a tensor of shape [2,3,4] once, got [1, 0]',
    ],
    ['a repeated axis', () => [t([2, 3]), [0, 0]], ArgumentError, 'permute: axes must list each axis once, got [0, 0]'],
    ['an axis and its negative twin', () => [t([2, 3]), [1, -1]], ArgumentError, 'permute: axes must list each axis once, got [1, -1]'],
    [
      'an axis out of range',
      () => [t([2, 3]), [0, 2]],
      AxisError,
      'permute: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    [
      'a number, not an array',
      () => [t([2]), 0],
      ArgumentError,
      'permute: axes must list each of the 1 axes of a tensor of shape [2] once, got 0',
    ],
    ['a fractional axis', () => [t([2, 3]), [0, 1.5]], ArgumentError, 'permute: axis must be an integer, got 1.5'],
  ]),
];

const layout: BadInput[] = [
  ...tensorLikeRows(
    'reshape',
    (x, s) => core.reshape(x, s),
    () => [t([2, 3]), [3, 2]],
    0,
    'x',
  ),
  ...table('reshape', (x, s) => core.reshape(x, s), [
    [
      'a different number of elements',
      () => [t([2, 3]), [4, 2]],
      ShapeError,
      'reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements)',
    ],
    ['a -1 that cannot be inferred', () => [t([2, 3]), [4, -1]], ShapeError, 'reshape: cannot reshape [2,3] (6 elements) into [4,-1]'],
    ['two -1s', () => [t([2, 3]), [-1, -1]], ArgumentError, 'reshape: only one dimension can be -1, got [-1,-1]'],
    [
      'a negative dimension other than -1',
      () => [t([2, 3]), [-2, -3]],
      ArgumentError,
      'reshape: shape must be an array of non-negative integers (one may be -1), got [-2, -3]',
    ],
    [
      'a fractional dimension',
      () => [t([2, 3]), [2.5, 2.4]],
      ArgumentError,
      'reshape: shape must be an array of non-negative integers (one may be -1), got [2.5, 2.4]',
    ],
    [
      'a NaN dimension',
      () => [t([2, 3]), [NaN]],
      ArgumentError,
      'reshape: shape must be an array of non-negative integers (one may be -1), got [NaN]',
    ],
    [
      'a string',
      () => [t([2, 3]), '6'],
      ArgumentError,
      'reshape: shape must be an array of non-negative integers (one may be -1), got "6"',
    ],
    ['a -1 beside a 0', () => [t([0]), [-1, 0]], ShapeError, 'reshape: cannot reshape [0] (0 elements) into [-1,0]'],
  ]),
  ...tensorLikeRows(
    'flatten',
    (x, s, e) => core.flatten(x, s, e),
    () => [t([2, 3]), 0, -1],
    0,
    'x',
  ),
  ...table('flatten', (x, s, e) => core.flatten(x, s, e), [
    ['startAxis after endAxis', () => [t([2, 3, 4]), 2, 1], ArgumentError, 'flatten: startAxis (2) must not come after endAxis (1)'],
    ['a fractional startAxis', () => [t([2, 3]), 0.5], ArgumentError, 'flatten: axis must be an integer, got 0.5'],
    [
      'an endAxis out of range',
      () => [t([2, 3]), 0, 2],
      AxisError,
      'flatten: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
  ]),
  ...tensorLikeRows(
    'squeeze',
    (x, a) => core.squeeze(x, a),
    () => [t([2, 1]), 1],
    0,
    'x',
  ),
  ...table('squeeze', (x, a) => core.squeeze(x, a), [
    ['an axis whose length is not 1', () => [t([2, 1]), 0], ShapeError, 'squeeze: axis 0 of shape [2,1] has length 2, not 1'],
    [
      'an axis out of range',
      () => [t([2, 1]), 2],
      AxisError,
      'squeeze: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    ['a string axis', () => [t([2, 1]), 'a'], ArgumentError, 'squeeze: axes must be an integer or an array of integers, got "a"'],
    ['a repeated axis', () => [t([1, 1]), [0, -2]], ArgumentError, 'squeeze: axis 0 appears twice in [0, -2]'],
  ]),
  ...tensorLikeRows(
    'unsqueeze',
    (x, a) => core.unsqueeze(x, a),
    () => [t([2]), 0],
    0,
    'x',
  ),
  ...table('unsqueeze', (x, a) => core.unsqueeze(x, a), [
    ['an axis out of range', () => [t([2]), 3], AxisError, 'unsqueeze: axis 3 is out of range for a tensor of rank 2; valid axes: [-2, 1]'],
    ['a fractional axis', () => [t([2]), 0.5], ArgumentError, 'unsqueeze: axis must be an integer, got 0.5'],
    ['a missing axis', () => [t([2])], ArgumentError, 'unsqueeze: axis must be an integer, got undefined'],
  ]),
  ...tensorLikeRows(
    'broadcastTo',
    (x, s) => core.broadcastTo(x, s),
    () => [t([3]), [2, 3]],
    0,
    'x',
  ),
  ...table('broadcastTo', (x, s) => core.broadcastTo(x, s), [
    ['a shape it does not broadcast to', () => [t([3]), [2, 4]], ShapeError, 'broadcastTo: cannot broadcast [3] to [2,4]'],
    ['a shape of lower rank', () => [t([2, 3]), [3]], ShapeError, 'broadcastTo: cannot broadcast [2,3] to [3]'],
    [
      'a negative dimension',
      () => [t([3]), [-1, 3]],
      ArgumentError,
      'broadcastTo: shape must be an array of non-negative integers, got [-1, 3]',
    ],
    ['a string shape', () => [t([3]), 'ab'], ArgumentError, 'broadcastTo: shape must be an array of non-negative integers, got "ab"'],
  ]),
  ...table('concat', (ts, a) => core.concat(ts, a), [
    ['an empty list', () => [[]], ArgumentError, 'concat: expected a non-empty array of tensors, got []'],
    ['a string', () => ['ab'], ArgumentError, 'concat: expected a non-empty array of tensors, got "ab"'],
    [
      'a string element',
      () => [[t([2]), 'x']],
      ArgumentError,
      'concat: tensors[1] must be a Tensor, a number or nested arrays of numbers, got "x"',
    ],
    [
      'shapes that differ off the axis',
      () => [[t([2, 3]), t([2, 4])], 0],
      ShapeError,
      'concat: tensors[1] has shape [2,4] but tensors[0] has [2,3]; all dimensions but axis 0 must match',
    ],
    ['ranks that differ', () => [[t([2]), t([2, 2])]], ShapeError, 'concat: tensors[1] has shape [2,2] but tensors[0] has [2]'],
    ['0-d tensors', () => [[t([]), t([])]], ShapeError, 'concat: 0-d tensors have no axis to join along; use stack'],
    [
      'an axis out of range',
      () => [[t([2]), t([2])], 1],
      AxisError,
      'concat: axis 1 is out of range for a tensor of rank 1; valid axes: [-1, 0]',
    ],
    ['a fractional axis', () => [[t([2]), t([2])], 0.5], ArgumentError, 'concat: axis must be an integer, got 0.5'],
  ]),
  ...table('stack', (ts, a) => core.stack(ts, a), [
    ['an empty list', () => [[]], ArgumentError, 'stack: expected a non-empty array of tensors, got []'],
    [
      'a ragged element',
      () => [[t([2]), [[1], [1, 2]]]],
      ArgumentError,
      'stack: ragged nested array: tensors[1][1] has length 2 but tensors[1][0] has length 1',
    ],
    [
      'shapes that differ',
      () => [[t([2]), t([3])]],
      ShapeError,
      'stack: tensors[1] has shape [3] but tensors[0] has [2]; all must be equal',
    ],
    [
      'an axis out of range',
      () => [[t([2]), t([2])], 3],
      AxisError,
      'stack: axis 3 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
  ]),
  ...tensorLikeRows(
    'slice',
    (x, a, s, e, st) => core.slice(x, a, s, e, st),
    () => [t([4]), 0, 0, 2, 1],
    0,
    'x',
  ),
  ...table('slice', (x, a, s, e, st) => core.slice(x, a, s, e, st), [
    ['a 0-d tensor', () => [t([]), 0], AxisError, 'slice: a 0-d tensor has no axis to slice'],
    [
      'an axis out of range',
      () => [t([4]), 1, 0, 1],
      AxisError,
      'slice: axis 1 is out of range for a tensor of rank 1; valid axes: [-1, 0]',
    ],
    ['a zero step', () => [t([4]), 0, 0, 4, 0], ArgumentError, 'slice: step must be a positive integer, got 0'],
    ['a negative step', () => [t([4]), 0, 3, 0, -1], ArgumentError, 'slice: step must be a positive integer, got -1'],
    ['a fractional step', () => [t([4]), 0, 0, 4, 1.5], ArgumentError, 'slice: step must be a positive integer, got 1.5'],
    ['a fractional start', () => [t([4]), 0, 0.5, 2], ArgumentError, 'slice: start must be an integer or null, got 0.5'],
    ['a NaN stop', () => [t([4]), 0, 0, NaN], ArgumentError, 'slice: stop must be an integer or null, got NaN'],
    ['a string start', () => [t([4]), 0, '1', 2], ArgumentError, 'slice: start must be an integer or null, got "1"'],
  ]),
  ...tensorLikeRows(
    'select',
    (x, a, i) => core.select(x, a, i),
    () => [t([2, 3]), 1, 0],
    0,
    'x',
  ),
  ...table('select', (x, a, i) => core.select(x, a, i), [
    ['an index out of range', () => [t([2, 3]), 1, 3], AxisError, 'select: index 3 is out of range for axis 1 of length 3 (shape [2,3])'],
    [
      'a negative index out of range',
      () => [t([2, 3]), 0, -3],
      AxisError,
      'select: index -3 is out of range for axis 0 of length 2 (shape [2,3])',
    ],
    ['a fractional index', () => [t([2, 3]), 1, 1.5], ArgumentError, 'select: index must be an integer, got 1.5'],
    ['a string index', () => [t([2, 3]), 1, '1'], ArgumentError, 'select: index must be an integer, got "1"'],
    [
      'an axis out of range',
      () => [t([2, 3]), 2, 0],
      AxisError,
      'select: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    [
      'a 0-d tensor',
      () => [t([]), 0, 0],
      AxisError,
      'select: axis 0 is out of range for a tensor of rank 0; valid axes: none (the tensor is 0-d)',
    ],
  ]),
];

// ---- functional API and gradcheck ----------------------------------------------------------

const sumSq = (x: Tensor) => core.sum(core.mul(x, x));

const functional: BadInput[] = [
  ...table('grad', (f, o) => core.grad(f, o), [
    ['f is not a function', () => ['x'], ArgumentError, 'grad: f must be a function, got "x"'],
    [
      'argnums is a string',
      () => [sumSq, { argnums: '0' }],
      ArgumentError,
      'grad: argnums must be a non-negative integer or an array of them, got "0"',
    ],
    [
      'a negative argnums',
      () => [sumSq, { argnums: -1 }],
      ArgumentError,
      'grad: argnums must be a non-negative integer or an array of them, got -1',
    ],
    [
      'a fractional argnums in an array',
      () => [sumSq, { argnums: [0, 0.5] }],
      ArgumentError,
      'grad: argnums must be a non-negative integer or an array of them, got [0, 0.5]',
    ],
  ]),
  ...table('grad', (f, o, args) => (core.grad(f, o) as AnyFn)(...args), [
    [
      'argnums beyond the arguments given',
      () => [sumSq, { argnums: 2 }, [t([2])]],
      ArgumentError,
      'grad: argnums 2 does not fit a call with 1 argument(s)',
    ],
    [
      'f returns a vector',
      () => [(x: Tensor) => core.mul(x, 2), {}, [t([2])]],
      GraphError,
      'grad: f must return a one-element tensor, got shape [2]',
    ],
    ['f returns a number', () => [() => 1, {}, [t([2])]], GraphError, 'grad: f must return a one-element tensor, got 1'],
    [
      'an argument that is a ragged array',
      () => [sumSq, {}, [[[1, 2], [3]]]],
      ArgumentError,
      'grad: ragged nested array: argument 0[1] has length 1 but argument 0[0] has length 2',
    ],
    [
      'an argument that is a string',
      () => [sumSq, {}, ['x']],
      ArgumentError,
      'grad: argument 0 must be a Tensor, a number or nested arrays of numbers, got "x"',
    ],
  ]),
  ...table('valueAndGrad', (f, o) => core.valueAndGrad(f, o), [
    ['f is not a function', () => [5], ArgumentError, 'valueAndGrad: f must be a function, got 5'],
    [
      'argnums is an object',
      () => [sumSq, { argnums: {} }],
      ArgumentError,
      'valueAndGrad: argnums must be a non-negative integer or an array of them, got an object',
    ],
  ]),
  ...table('valueAndGrad', (f, o, args) => (core.valueAndGrad(f, o) as AnyFn)(...args), [
    [
      'argnums beyond the arguments given',
      () => [sumSq, { argnums: [0, 1] }, [t([2])]],
      ArgumentError,
      'valueAndGrad: argnums [0, 1] does not fit a call with 1 argument(s)',
    ],
    ['f returns a string', () => [() => 'y', {}, [t([2])]], GraphError, 'valueAndGrad: f must return a one-element tensor, got "y"'],
  ]),
  ...table('gradcheck', (f, xs, o) => core.gradcheck(f, xs, o), [
    ['f is not a function', () => [5, [leaf([2])]], ArgumentError, 'gradcheck: f must be a function, got 5'],
    ['inputs is not an array', () => [core.exp, leaf([2])], ArgumentError, 'gradcheck: inputs must be an array of tensors, got a Tensor'],
    [
      'an input is a nested array',
      () => [core.exp, [[1, 2]]],
      ArgumentError,
      'gradcheck: inputs must be an array of tensors, got [[1, 2]]',
    ],
    ['a zero eps', () => [core.exp, [leaf([2])], { eps: 0 }], ArgumentError, 'gradcheck: eps must be a finite positive number, got 0'],
    [
      'an infinite eps',
      () => [core.exp, [leaf([2])], { eps: Infinity }],
      ArgumentError,
      'gradcheck: eps must be a finite positive number, got Infinity',
    ],
    ['a NaN atol', () => [core.exp, [leaf([2])], { atol: NaN }], ArgumentError, 'gradcheck: atol must be a finite number >= 0, got NaN'],
    ['a negative rtol', () => [core.exp, [leaf([2])], { rtol: -1 }], ArgumentError, 'gradcheck: rtol must be a finite number >= 0, got -1'],
    [
      'raise is a string',
      () => [core.exp, [leaf([2])], { raise: 'no' }],
      ArgumentError,
      'gradcheck: raise must be true or false, got "no"',
    ],
    ['f returns a number', () => [() => 1, [leaf([2])]], ArgumentError, 'gradcheck: f must return a Tensor, got 1'],
  ]),
];

// ---- the scalar engine ------------------------------------------------------------------------

const scalars: BadInput[] = [
  ...table('scalar', (v, o) => core.scalar(v, o), [
    [
      'a misspelt option',
      () => [1, { nmae: 'x' }],
      ArgumentError,
      'scalar: unknown option "nmae"; did you mean "name"? The options are "requiresGrad", "name"',
    ],
    ['a string', () => ['1'], ArgumentError, 'scalar: data must be a number, got "1"'],
    ['undefined', () => [undefined], ArgumentError, 'scalar: data must be a number, got undefined'],
    ['a bigint', () => [1n], ArgumentError, 'scalar: data must be a number, got 1n'],
    ['a tensor', () => [t([])], ArgumentError, 'scalar: data must be a number, got a Tensor'],
    ['requiresGrad is a string', () => [1, { requiresGrad: 'no' }], ArgumentError, 'scalar: requiresGrad must be true or false, got "no"'],
  ]),
  ...table('Scalar', (v, o) => new Scalar(v, o), [
    ['null', () => [null], ArgumentError, 'Scalar: data must be a number, got null'],
    ['name is a number', () => [1, { name: 1 }], ArgumentError, 'Scalar: name must be a string, got 1'],
  ]),
  ...(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'prelu'] as const).flatMap((m) =>
    table(
      'Scalar',
      (s: Scalar, o) => (s[m] as AnyFn)(o),
      [
        [`${m}() with a string`, () => [scalar(2), 'x'], ArgumentError, `Scalar.${m}: expected a Scalar or a number, got "x"`],
        [`${m}() with a tensor`, () => [scalar(2), t([])], ArgumentError, `Scalar.${m}: expected a Scalar or a number, got a Tensor`],
      ],
      { who: `Scalar.${m}` },
    ),
  ),
  ...table(
    'Scalar',
    (s: Scalar, lo, hi) => s.clip(lo, hi),
    [
      ['clip() with min above max', () => [scalar(2), 2, 1], ArgumentError, 'Scalar.clip: min (2) must not exceed max (1)'],
      ['clip() with a NaN min', () => [scalar(2), NaN, 1], ArgumentError, 'Scalar.clip: min must be a number or null, got NaN'],
      ['clip() with a string min', () => [scalar(2), 'a', 1], ArgumentError, 'Scalar.clip: min must be a number or null, got "a"'],
    ],
    { who: 'Scalar.clip' },
  ),
  ...table(
    'Scalar',
    (s: Scalar, a) => s.leakyRelu(a),
    [
      [
        'leakyRelu() with a NaN slope',
        () => [scalar(2), NaN],
        ArgumentError,
        'Scalar.leakyRelu: negativeSlope must be a finite number, got NaN',
      ],
    ],
    { who: 'Scalar.leakyRelu' },
  ),
  ...table(
    'Scalar',
    (s: Scalar, a) => s.elu(a),
    [
      [
        'elu() with an infinite alpha',
        () => [scalar(2), Infinity],
        ArgumentError,
        'Scalar.elu: alpha must be a finite number, got Infinity',
      ],
    ],
    { who: 'Scalar.elu' },
  ),
  ...table(
    'Scalar',
    (s: Scalar) => s.backward(),
    [
      [
        'backward() of a constant',
        () => [scalar(2, { requiresGrad: false })],
        GraphError,
        'backward: this scalar does not require grad: it was made as a constant (requiresGrad: false)',
      ],
      [
        'backward() through a freed graph',
        () => {
          const x = scalar(2);
          const y = x.mul(x);
          y.backward();
          return [y, x];
        },
        GraphError,
        /backward: tape entry #\d+ \(mul\) was freed by an earlier backward\(\)/,
      ],
    ],
    { who: 'backward' },
  ),
];

// ---- shapes, random numbers ------------------------------------------------------------------------

const shapes: BadInput[] = table('broadcastShapes', (op, a, b) => core.broadcastShapes(op, a, b), [
  ['shapes that do not broadcast', () => ['add', [2, 3], [4]], ShapeError, 'add: cannot broadcast shapes [2,3] and [4]'],
  [
    'the op name missing',
    () => [[2], [1]],
    ArgumentError,
    'broadcastShapes: op must be a string (the name errors are reported under), got [2]',
  ],
  ['a string shape', () => ['add', 'ab', [1]], ArgumentError, 'broadcastShapes: a must be an array of non-negative integers, got "ab"'],
  [
    'a negative dimension',
    () => ['add', [2], [-1]],
    ArgumentError,
    'broadcastShapes: b must be an array of non-negative integers, got [-1]',
  ],
  [
    'a fractional dimension',
    () => ['add', [1.5], [1]],
    ArgumentError,
    'broadcastShapes: a must be an array of non-negative integers, got [1.5]',
  ],
]).map((row) => (row.what === 'shapes that do not broadcast' ? { ...row, who: 'add' } : row));

const rng = () => core.defaultRng(0);

const random: BadInput[] = [
  ...table('defaultRng', (s) => core.defaultRng(s), [
    ['a negative seed', () => [-1], ArgumentError, 'defaultRng: seed must be a non-negative integer (number or bigint), got -1'],
    ['a negative bigint seed', () => [-5n], ArgumentError, 'defaultRng: seed must be a non-negative integer, got -5n'],
    ['a fractional seed', () => [0.5], ArgumentError, 'defaultRng: seed must be a non-negative integer (number or bigint), got 0.5'],
    ['a string seed', () => ['42'], ArgumentError, 'defaultRng: seed must be a non-negative integer (number or bigint), got "42"'],
    [
      'a seed beyond 2^53',
      () => [2 ** 60],
      ArgumentError,
      /defaultRng: seed 1152921504606847000 is above Number.MAX_SAFE_INTEGER \(2\^53 - 1\)/,
    ],
    ['no seed', () => [], ArgumentError, 'defaultRng: seed must be a non-negative integer (number or bigint), got undefined'],
  ]),
  ...table('Generator', (b) => new Generator(b), [
    ['a string', () => ['x'], ArgumentError, 'Generator: bitGenerator must be a PCG64, got "x"'],
    ['a plain object', () => [{}], ArgumentError, 'Generator: bitGenerator must be a PCG64, got an object'],
  ]),
  ...table(
    'Generator',
    (g: Generator, ...a) => g.normal(...(a as [number, number])),
    [
      ['normal() with a NaN loc', () => [rng(), NaN, 1], ArgumentError, 'normal: loc must be a finite number, got NaN'],
      ['normal() with a negative scale', () => [rng(), 0, -1], ArgumentError, 'normal: scale must be >= 0, got -1'],
      ['normal() with an infinite scale', () => [rng(), 0, Infinity], ArgumentError, 'normal: scale must be a finite number, got Infinity'],
      [
        'normal() with a negative size',
        () => [rng(), 0, 1, [-1]],
        ArgumentError,
        'normal: size must be a non-negative integer or an array of non-negative integers, got [-1]',
      ],
    ],
    { who: 'normal' },
  ),
  ...table(
    'Generator',
    (g: Generator, ...a) => g.uniform(...(a as [number, number])),
    [
      ['uniform() with low above high', () => [rng(), 1, 0], ArgumentError, 'uniform: low (1) must not be greater than high (0)'],
      ['uniform() with an infinite high', () => [rng(), 0, Infinity], ArgumentError, 'uniform: high must be a finite number, got Infinity'],
      [
        'uniform() with a range that overflows',
        () => [rng(), -1e308, 1e308],
        ArgumentError,
        'uniform: the range high - low = 1e+308 - (-1e+308) overflows float64',
      ],
      [
        'uniform() with a string size',
        () => [rng(), 0, 1, '3'],
        ArgumentError,
        'uniform: size must be a non-negative integer or an array of non-negative integers, got "3"',
      ],
    ],
    { who: 'uniform' },
  ),
  ...table(
    'Generator',
    (g: Generator, s) => g.random(s),
    [
      [
        'random() with a fractional size',
        () => [rng(), [1.5]],
        ArgumentError,
        'random: size must be a non-negative integer or an array of non-negative integers, got [1.5]',
      ],
      [
        'random() with too large a size',
        () => [rng(), [1e10]],
        ArgumentError,
        `random: size [10000000000] asks for 10000000000 values, ${TOO_BIG}`,
      ],
    ],
    { who: 'random' },
  ),
  ...table(
    'Generator',
    (g: Generator, s) => g.standardNormal(s),
    [
      [
        'standardNormal() with a string size',
        () => [rng(), 'x'],
        ArgumentError,
        'standardNormal: size must be a non-negative integer or an array of non-negative integers, got "x"',
      ],
    ],
    { who: 'standardNormal' },
  ),
  ...table(
    'Generator',
    (g: Generator, ...a) => (g.integers as AnyFn)(...a),
    [
      [
        'integers() with a fractional bound',
        () => [rng(), 1.5],
        ArgumentError,
        'integers: high must be an integer (a number or a bigint), got 1.5',
      ],
      ['integers() with low = high', () => [rng(), 5, 5], ArgumentError, 'integers: low (5) must be less than high (5)'],
      [
        'integers() with one bound ≤ 0',
        () => [rng(), 0],
        ArgumentError,
        'integers: with one bound, integers(high) draws from [0, high) and needs high > 0, got 0',
      ],
      [
        'integers() with a bound beyond 2^53',
        () => [rng(), 0, 2 ** 60],
        ArgumentError,
        /integers: high \(1152921504606847000\) is beyond Number.MAX_SAFE_INTEGER/,
      ],
      [
        'integers() with a bigint bound beyond int64',
        () => [rng(), 0n, 2n ** 64n],
        ArgumentError,
        'integers: high (18446744073709551616n) is above the int64 range; it must be <= 2n ** 63n',
      ],
    ],
    { who: 'integers' },
  ),
  ...table(
    'Generator',
    (g: Generator, x) => g.permutation(x),
    [
      ['permutation() of a negative count', () => [rng(), -1], ArgumentError, 'permutation: n must be an integer in [0, 2^32 - 1], got -1'],
      [
        'permutation() of an object',
        () => [rng(), {}],
        ArgumentError,
        'permutation: x must be a non-negative integer, an array or a typed array, got an object',
      ],
    ],
    { who: 'permutation' },
  ),
  ...table(
    'Generator',
    (g: Generator, x) => g.shuffle(x),
    [
      [
        'shuffle() of a tensor',
        () => [rng(), t([3])],
        ArgumentError,
        'shuffle: x must be an array or a typed array, got a Tensor (tensors are never modified in place',
      ],
      [
        'shuffle() of a frozen array',
        () => [rng(), Object.freeze([1, 2, 3])],
        ArgumentError,
        'shuffle: x is frozen, so it cannot be shuffled in place',
      ],
    ],
    { who: 'shuffle' },
  ),
  ...table('PCG64', (s) => new PCG64(s), [
    ['a string seed', () => ['x'], ArgumentError, 'PCG64: seed must be a non-negative integer (number or bigint), got "x"'],
    ['a negative seed', () => [-1], ArgumentError, 'PCG64: seed must be a non-negative integer (number or bigint), got -1'],
  ]),
  ...table(
    'PCG64',
    (p: PCG64, s) => p.randomRaw(s),
    [
      [
        'randomRaw() with a negative size',
        () => [new PCG64(0), -1],
        ArgumentError,
        'randomRaw: size must be a non-negative integer or an array of non-negative integers, got -1',
      ],
    ],
    { who: 'randomRaw' },
  ),
  ...table(
    'PCG64',
    (p: PCG64, s) => {
      p.state = s;
    },
    [
      [
        'a state that is not a PCG64State',
        () => [new PCG64(0), 'x'],
        ArgumentError,
        'PCG64.state: expected an object { state, inc, hasUint32, uinteger }, got "x"',
      ],
      [
        'an even increment',
        () => [new PCG64(0), { state: 1n, inc: 2n, hasUint32: false, uinteger: 0 }],
        ArgumentError,
        'PCG64.state: inc must be an odd bigint in [0, 2^128), got 2n',
      ],
    ],
    { who: 'PCG64.state' },
  ),
  ...table('SeedSequence', (s) => new SeedSequence(s), [
    ['a negative seed', () => [-1], ArgumentError, 'SeedSequence: seed must be a non-negative integer (number or bigint), got -1'],
    ['a string seed', () => ['1'], ArgumentError, 'SeedSequence: seed must be a non-negative integer (number or bigint), got "1"'],
  ]),
  ...table(
    'SeedSequence',
    (s: SeedSequence, n) => s.generateState32(n),
    [
      [
        'generateState32() of a negative count',
        () => [new SeedSequence(0), -1],
        ArgumentError,
        'generateState32: n must be a non-negative integer, got -1',
      ],
      [
        'generateState32() of a string',
        () => [new SeedSequence(0), '4'],
        ArgumentError,
        'generateState32: n must be a non-negative integer, got "4"',
      ],
      [
        'generateState32() of too many words',
        () => [new SeedSequence(0), 2 ** 33],
        ArgumentError,
        `generateState32: n = 8589934592 words is ${TOO_BIG}`,
      ],
    ],
    { who: 'generateState32' },
  ),
  ...table(
    'SeedSequence',
    (s: SeedSequence, n) => s.generateState64(n),
    [
      [
        'generateState64() of a fractional count',
        () => [new SeedSequence(0), 1.5],
        ArgumentError,
        'generateState64: n must be a non-negative integer, got 1.5',
      ],
    ],
    { who: 'generateState64' },
  ),
];

// ---- indexing --------------------------------------------------------------------------------------

const indexing: BadInput[] = [
  ...tensorLikeRows(
    'indexSelect',
    (x, a, i) => core.indexSelect(x, a, i),
    () => [t([2, 3]), 1, [0]],
    0,
    'x',
  ),
  ...tensorLikeRows(
    'indexSelect',
    (x, a, i) => core.indexSelect(x, a, i),
    () => [t([2, 3]), 1, [0]],
    2,
    'index',
  ),
  ...table('indexSelect', (x, a, i) => core.indexSelect(x, a, i), [
    [
      'an index past the end',
      () => [t([2, 3]), 1, [0, 3]],
      AxisError,
      'indexSelect: index 3 is out of range for axis 1 of length 3 (x has shape [2,3]); valid indices: [0, 2]',
    ],
    [
      'a negative index (out of range, as in PyTorch)',
      () => [t([2, 3]), 0, [-1]],
      AxisError,
      'indexSelect: index -1 is out of range for axis 0 of length 2 (x has shape [2,3]); valid indices: [0, 1] (a negative index is out of range, as in PyTorch)',
    ],
    [
      'any index of an empty axis',
      () => [t([2, 0]), 1, [0]],
      AxisError,
      'indexSelect: index 0 is out of range for axis 1 of length 0 (x has shape [2,0]); the axis is empty, so no index is valid',
    ],
    [
      'a fractional index',
      () => [t([3]), 0, [1.5]],
      ArgumentError,
      'indexSelect: index must hold integers, got 1.5 at position 0 of the index',
    ],
    ['a NaN index', () => [t([3]), 0, t([1]).mul(NaN)], ArgumentError, 'indexSelect: index must hold integers, got NaN at position 0'],
    ['a 2-d index', () => [t([3]), 0, [[0, 1]]], ShapeError, 'indexSelect: index must be 1-d (or 0-d), got shape [1,2]'],
    ['a 0-d x', () => [t([]), 0, [0]], AxisError, 'indexSelect: a 0-d tensor has no axis to index; x must have at least one dimension'],
    [
      'an axis out of range',
      () => [t([2, 3]), -3, [0]],
      AxisError,
      'indexSelect: axis -3 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    ['a fractional axis', () => [t([2, 3]), 0.5, [0]], ArgumentError, 'indexSelect: axis must be an integer, got 0.5'],
  ]),
  ...tensorLikeRows(
    'gather',
    (x, a, i) => core.gather(x, a, i),
    () => [t([2]), 0, [0]],
    0,
    'x',
  ),
  ...tensorLikeRows(
    'gather',
    (x, a, i) => core.gather(x, a, i),
    () => [t([2]), 0, [0]],
    2,
    'index',
  ),
  ...table('gather', (x, a, i) => core.gather(x, a, i), [
    [
      'an index past the end',
      () => [t([2, 3]), 0, [[0, 2, 1]]],
      AxisError,
      'gather: index 2 is out of range for axis 0 of length 2 (x has shape [2,3]); valid indices: [0, 1]',
    ],
    [
      'a negative index (out of range, as in PyTorch)',
      () => [t([2, 3]), -1, [[-1], [0]]],
      AxisError,
      'gather: index -1 is out of range for axis 1 of length 3 (x has shape [2,3]); valid indices: [0, 2] (a negative index is out of range, as in PyTorch)',
    ],
    [
      'a fractional index',
      () => [t([3]), 0, [0, 0.25]],
      ArgumentError,
      'gather: index must hold integers, got 0.25 at position 1 of the index',
    ],
    [
      'an index of another rank',
      () => [t([2, 3]), 1, [0, 1]],
      ShapeError,
      'gather: index must have the rank of x (2), got shape [2] for x of shape [2,3]',
    ],
    [
      'an index longer than x off the axis',
      () => [t([2, 3]), 1, [[0], [0], [0]]],
      ShapeError,
      'gather: index has shape [3,1] but x has shape [2,3]; along every axis but 1, index must be no longer than x',
    ],
    [
      'an axis out of range',
      () => [t([2, 3]), 2, [[0]]],
      AxisError,
      'gather: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]',
    ],
    ['a string axis', () => [t([2, 3]), '1', [[0]]], ArgumentError, 'gather: axis must be an integer, got "1"'],
  ]),
  ...tensorLikeRows(
    'maskedSelect',
    (x, m) => core.maskedSelect(x, m),
    () => [t([2]), [1, 0]],
    0,
    'x',
  ),
  ...tensorLikeRows(
    'maskedSelect',
    (x, m) => core.maskedSelect(x, m),
    () => [t([2]), [1, 0]],
    1,
    'mask',
  ),
  ...table('maskedSelect', (x, m) => core.maskedSelect(x, m), [
    ['a mask that does not broadcast', () => [t([2, 3]), [1, 0]], ShapeError, 'maskedSelect: cannot broadcast shapes [2,3] and [2]'],
  ]),
  ...(['argmax', 'argmin'] as const).flatMap((op) => [
    ...tensorLikeRows(
      op,
      (x, a, k) => core[op](x, a, k),
      () => [t([2]), 0, false],
      0,
      'x',
    ),
    ...table(op, (x, a, k) => core[op](x, a, k), [
      [
        'an empty tensor',
        () => [t([0])],
        ArgumentError,
        `${op}: x is empty (shape [0]); an empty tensor has no ${op}, so x must have at least one element`,
      ],
      [
        'an empty axis',
        () => [t([2, 0]), 1],
        ArgumentError,
        `${op}: cannot reduce over an empty axis (shape [2,0], axis 1): there is no value to pick; the axis must have length ≥ 1`,
      ],
      [
        'an axis out of range',
        () => [t([2, 3]), 2],
        AxisError,
        `${op}: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]`,
      ],
      [
        'an axis out of range of a 0-d tensor',
        () => [t([]), 1],
        AxisError,
        `${op}: axis 1 is out of range for a 0-d tensor; valid axes: 0 and -1, as in PyTorch`,
      ],
      ['an array of axes', () => [t([2, 3]), [0, 1]], ArgumentError, `${op}: axis must be an integer, got [0, 1]`],
      ['keepdims is a number', () => [t([2, 3]), 0, 1], ArgumentError, `${op}: keepdims must be true or false, got 1`],
    ]),
  ]),
];

export const CORE_CASES: BadInput[] = [
  ...creation,
  ...autograd,
  ...elementwise,
  ...activations,
  ...backwardOps,
  ...helpers,
  ...reductions,
  ...linalg,
  ...layout,
  ...indexing,
  ...functional,
  ...scalars,
  ...shapes,
  ...random,
];

/**
 * Exports of core that need no bad-input row, and why. Every other function or class exported by
 * core's index must appear in `CORE_CASES`.
 */
export const CORE_ALLOWED: Record<string, string> = {
  isGradEnabled: 'takes no arguments',
  getBackend: 'takes no arguments',
  isAnomalyEnabled: 'takes no arguments',
  AnomalyError: 'an error class: any message is accepted, as by Error',
  listBackends: 'takes no arguments',
  fmtShape: 'a message helper: prints whatever array it is given',
  describeValue: 'a message helper: describes any value, which is its purpose',
  TapegradError: 'an error class: any message is accepted, as by Error',
  ShapeError: 'an error class: any message is accepted, as by Error',
  AxisError: 'an error class: any message is accepted, as by Error',
  ArgumentError: 'an error class: any message is accepted, as by Error',
  GraphError: 'an error class: any message is accepted, as by Error',
  GradcheckError: 'an error class: any message is accepted, as by Error',
};
