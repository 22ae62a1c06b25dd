/**
 * The bad-input table of @tapegrad/nn: constructors (with a wrong option of each kind), a module
 * given the wrong feature size, losses, optimizers, initialisers, state dicts with missing, extra
 * or wrong-shaped entries, and truncated or hostile JSON and safetensors files. See `sweep.ts`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, AxisError, ShapeError, Tensor, defaultRng, mul } from '@tapegrad/core';
import * as nn from '@tapegrad/nn';
import * as nnNode from '@tapegrad/nn/node';
import {
  Adam,
  AdamW,
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  ELU,
  Flatten,
  LeakyReLU,
  Linear,
  MSELoss,
  PReLU,
  Parameter,
  ReLU,
  SGD,
  SafetensorsError,
  Sequential,
  Sigmoid,
  StateDictError,
  StateDictFormatError,
  Tanh,
} from '@tapegrad/nn';
import { NN_DATA_CASES } from './nn-data-cases.js';
import { NN_LAYER_CASES } from './nn-layer-cases.js';
import { table, type BadInput } from './sweep.js';

/** A function called with deliberately wrong arguments. */
// biome-ignore lint/suspicious/noExplicitAny: the sweep calls functions with wrong types on purpose
type AnyFn = (...args: any[]) => unknown;

const t = (shape: number[], fill?: number, requiresGrad = false) =>
  new Tensor(
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill ?? (i + 1) / 10),
    shape,
    { requiresGrad },
  );
const param = (shape: number[]) => new Parameter(t(shape));
const computed = () => mul(t([2, 2], undefined, true), 2);
const linear = () => new Linear(2, 3, { generator: defaultRng(0) });
const mlp = () =>
  new Sequential(new Linear(2, 3, { generator: defaultRng(0) }), new ReLU(), new Linear(3, 1, { generator: defaultRng(1) }), new Sigmoid());
const probs = () => t([2, 2], 0.5);
const sgd = () => new SGD([param([2])], { lr: 0.1 });

// ---- files -------------------------------------------------------------------------------------

/** A scratch directory for the file rows; the test removes it afterwards. */
export const SCRATCH = mkdtempSync(join(tmpdir(), 'tapegrad-sweep-'));
const file = (name: string) => join(SCRATCH, name);
mkdirSync(file('a-directory'));
const validSd = () =>
  new Map([
    ['weight', t([2, 2])],
    ['bias', t([2])],
  ]);
writeFileSync(file('valid.safetensors'), nn.encodeSafetensors(validSd()));
writeFileSync(file('truncated.safetensors'), nn.encodeSafetensors(validSd()).subarray(0, -1));
writeFileSync(file('short.safetensors'), new Uint8Array([1, 2, 3]));
writeFileSync(file('valid.json'), nn.stateDictToJSON(validSd()));
writeFileSync(file('truncated.json'), nn.stateDictToJSON(validSd()).slice(0, 40));
writeFileSync(file('keep.json'), 'unchanged');
writeFileSync(file('hostile.safetensors'), safetensors('{}', 0, 2n ** 63n));
/** The scratch directory's files and contents: saving or loading with bad input must change none. */
const scratchState = () =>
  readdirSync(SCRATCH)
    .sort()
    .map((name) => [name, name === 'a-directory' ? 'dir' : readFileSync(file(name), 'latin1')]);

/**
 * The bytes of a safetensors file with the given header (an object, written as JSON, or raw
 * text), data, and, if given, a length field that lies.
 */
function safetensors(header: object | string, dataBytes = 0, claimedLength?: bigint): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, claimedLength ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
const f64 = (shape: number[], begin: number, end: number) => ({ dtype: 'F64', shape, data_offsets: [begin, end] });

// ---- modules ------------------------------------------------------------------------------------

const modules: BadInput[] = [
  ...table('Parameter', (v, o) => new Parameter(v, o), [
    ['a plain array', () => [[1, 2]], ArgumentError, 'Parameter: expected a Tensor to wrap, got [1, 2]'],
    ['a number', () => [1], ArgumentError, 'Parameter: expected a Tensor to wrap, got 1'],
    [
      'requiresGrad is a string',
      () => [t([2]), { requiresGrad: 'yes' }],
      ArgumentError,
      'Parameter: requiresGrad must be true or false, got "yes"',
    ],
    ['name is a number', () => [t([2]), { name: 3 }], ArgumentError, 'Parameter: name must be a string, got 3'],
  ]),
  ...table(
    'Module',
    (m: nn.Module, sd, o) => m.loadStateDict(sd, o),
    [
      [
        'loadStateDict() with a missing entry',
        () => [linear(), new Map([['weight', t([3, 2])]])],
        StateDictError,
        'loadStateDict: error(s) loading the state dict into Linear:\n  missing key(s): "bias"',
      ],
      [
        'loadStateDict() with an extra entry',
        () => [linear(), { weight: t([3, 2]), bias: t([3]), scale: t([1]) }],
        StateDictError,
        'unexpected key(s): "scale"',
      ],
      [
        'loadStateDict() with a wrong-shaped entry',
        () => [linear(), { weight: t([2, 3]), bias: t([3]) }],
        StateDictError,
        'size mismatch for "weight": the state dict has shape [2,3], the parameter in Linear has shape [3,2]',
      ],
      [
        'loadStateDict() with a wrong-shaped entry, not strict',
        () => [linear(), { weight: t([3, 2]), bias: t([4]) }, { strict: false }],
        StateDictError,
        'size mismatch for "bias": the state dict has shape [4], the parameter in Linear has shape [3]',
      ],
      [
        'loadStateDict() with an entry that is not a tensor',
        () => [
          linear(),
          {
            weight: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            bias: t([3]),
          },
        ],
        StateDictError,
        '"weight" is [[1, 2], [3, 4], [5, 6]], not a Tensor',
      ],
      [
        'loadStateDict() with missing, extra and wrong-shaped entries at once',
        () => [mlp(), { '0.weight': t([3, 2]), '0.bias': t([2]), '1.weight': t([1]) }],
        StateDictError,
        /missing key\(s\): "2.weight", "2.bias"\n {2}unexpected key\(s\): "1.weight"\n {2}size mismatch for "0.bias"/,
      ],
      [
        'loadStateDict() with null',
        () => [linear(), null],
        ArgumentError,
        'loadStateDict: expected a Map or an object of tensors by name, got null',
      ],
      [
        'loadStateDict() with a string',
        () => [linear(), 'weights.json'],
        ArgumentError,
        'loadStateDict: expected a Map or an object of tensors by name, got "weights.json"',
      ],
      [
        'loadStateDict() with strict a string',
        () => [linear(), linear().stateDict(), { strict: 'no' }],
        ArgumentError,
        'loadStateDict: strict must be true or false, got "no"',
      ],
    ],
    { who: 'loadStateDict' },
  ),
  ...table(
    'Module',
    (m: nn.Module, name, value) => m.registerBuffer(name, value),
    [
      [
        "registerBuffer() under a parameter's name",
        () => [linear(), 'weight', t([2])],
        ArgumentError,
        '"weight" is already a field of Linear',
      ],
      [
        'registerBuffer() under a dotted name',
        () => [linear(), 'a.b', t([2])],
        ArgumentError,
        'name must be a non-empty string without "."',
      ],
      ['registerBuffer() of an array', () => [linear(), 'stats', [1, 2]], ArgumentError, 'expected a Tensor or null, got [1, 2]'],
      [
        'registerBuffer() of a tensor that requires grad',
        () => [linear(), 'stats', t([2], 1, true)],
        ArgumentError,
        'a buffer is not trained, so it must not require grad',
      ],
    ],
    { who: 'Linear.registerBuffer' },
  ),
  ...table(
    'Module',
    (m: nn.Module, fn) => m.apply(fn),
    [['apply() with a string', () => [mlp(), 'init'], ArgumentError, 'apply: fn must be a function, got "init"']],
    { who: 'apply' },
  ),
  ...table(
    'Module',
    (m: nn.Module, mode) => m.train(mode),
    [['train() with a string', () => [mlp(), 'false'], ArgumentError, 'train: mode must be true or false, got "false"']],
    { who: 'train' },
  ),
  ...table('Linear', (i, o, opts) => new Linear(i, o, opts), [
    ['zero inputs', () => [0, 2], ArgumentError, 'Linear: inFeatures must be an integer >= 1, got 0'],
    ['a fractional size', () => [2.5, 2], ArgumentError, 'Linear: inFeatures must be an integer >= 1, got 2.5'],
    ['a negative size', () => [2, -1], ArgumentError, 'Linear: outFeatures must be an integer >= 1, got -1'],
    ['a string size', () => ['2', 2], ArgumentError, 'Linear: inFeatures must be an integer >= 1, got "2"'],
    ['a NaN size', () => [2, NaN], ArgumentError, 'Linear: outFeatures must be an integer >= 1, got NaN'],
    ['bias is a string', () => [2, 2, { bias: 'no' }], ArgumentError, 'Linear: bias must be true or false, got "no"'],
    [
      'an unknown option',
      () => [2, 2, { biass: false }],
      ArgumentError,
      'Linear: unknown option "biass"; the options are "bias", "generator"',
    ],
    ['options is null', () => [2, 2, null], ArgumentError, 'Linear: options must be an object, got null'],
    [
      'a generator without uniform()',
      () => [2, 2, { generator: {} }],
      ArgumentError,
      'Linear(in=2, out=2): generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got an object',
    ],
  ]),
  ...table(
    'Linear',
    (m: Linear, x) => m.forward(x),
    [
      [
        'forward() with the wrong feature size',
        () => [linear(), t([4, 3])],
        ShapeError,
        'Linear(in=2, out=3): expected input [..., 2], got [4,3]',
      ],
      ['forward() with a 0-d tensor', () => [linear(), t([])], ShapeError, 'Linear(in=2, out=3): expected input [..., 2], got []'],
      [
        'forward() with nested arrays',
        () => [linear(), [[1, 2]]],
        ArgumentError,
        'Linear(in=2, out=3): expected a Tensor of shape [..., 2], got [[1, 2]]',
      ],
    ],
    { who: 'Linear(in=2, out=3)' },
  ),
  ...table(
    'Linear',
    (m: Linear, g) => m.resetParameters(g),
    [
      [
        'resetParameters() with a generator that is not one',
        () => [linear(), 42],
        ArgumentError,
        'Linear(in=2, out=3): generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got 42',
      ],
    ],
    { who: 'Linear(in=2, out=3)' },
  ),
  // [class, the function its forward calls, that function's name for its argument, a maker]
  ...(
    [
      ['ReLU', 'relu', 'z', () => new ReLU()],
      ['Sigmoid', 'sigmoid', 'x', () => new Sigmoid()],
      ['Tanh', 'tanh', 'x', () => new Tanh()],
      ['ELU', 'elu', 'z', () => new ELU()],
      ['LeakyReLU', 'leakyRelu', 'z', () => new LeakyReLU()],
    ] as const
  ).flatMap(([api, fn, arg, make]) =>
    table(
      api,
      (m: nn.Module, x) => m.forward(x),
      [
        [
          'forward() with a string',
          () => [make(), 'z'],
          ArgumentError,
          `${fn}: ${arg} must be a Tensor, a number or nested arrays of numbers, got "z"`,
        ],
        [
          'forward() with a ragged array',
          () => [make(), [[1], [1, 2]]],
          ArgumentError,
          `${fn}: ragged nested array: ${arg}[1] has length 2 but ${arg}[0] has length 1`,
        ],
      ],
      { who: fn },
    ),
  ),
  ...table('LeakyReLU', (o) => new LeakyReLU(o), [
    ['a NaN slope', () => [{ negativeSlope: NaN }], ArgumentError, 'LeakyReLU: negativeSlope must be a finite number, got NaN'],
    ['a slope given as a number, not an option', () => [0.2], ArgumentError, 'LeakyReLU: options must be an object, got 0.2'],
    [
      'a misspelt option',
      () => [{ negative_slope: 0.2 }],
      ArgumentError,
      'LeakyReLU: unknown option "negative_slope"; the options are "negativeSlope"',
    ],
  ]),
  ...table('ELU', (o) => new ELU(o), [
    ['an infinite alpha', () => [{ alpha: Infinity }], ArgumentError, 'ELU: alpha must be a finite number, got Infinity'],
    ['a misspelt option', () => [{ alfa: 1 }], ArgumentError, 'ELU: unknown option "alfa"; the options are "alpha"'],
  ]),
  ...table('PReLU', (o) => new PReLU(o), [
    ['zero parameters', () => [{ numParameters: 0 }], ArgumentError, 'PReLU: numParameters must be an integer >= 1, got 0'],
    ['a fractional count', () => [{ numParameters: 1.5 }], ArgumentError, 'PReLU: numParameters must be an integer >= 1, got 1.5'],
    ['a NaN init', () => [{ init: NaN }], ArgumentError, 'PReLU: init must be a finite number, got NaN'],
    [
      'a misspelt option',
      () => [{ num_parameters: 3 }],
      ArgumentError,
      'PReLU: unknown option "num_parameters"; the options are "numParameters", "init"',
    ],
  ]),
  ...table(
    'PReLU',
    (m: PReLU, x) => m.forward(x),
    [
      [
        'forward() with the wrong channel count',
        () => [new PReLU({ numParameters: 3 }), t([2, 4])],
        ShapeError,
        'PReLU(numParameters=3): expected input [N, 3, ...] (channels on axis 1), got [2,4]',
      ],
      [
        'forward() of a 1-d input with per-channel slopes',
        () => [new PReLU({ numParameters: 3 }), t([3])],
        ShapeError,
        'PReLU(numParameters=3): expected input [N, 3, ...] (channels on axis 1), got [3]',
      ],
      ['forward() with a string', () => [new PReLU(), 'z'], ArgumentError, 'PReLU(numParameters=1): expected a Tensor, got "z"'],
    ],
    { who: 'PReLU' },
  ),
  ...table('Sequential', (...ms) => new Sequential(...(ms as nn.Module[])), [
    ['a string', () => ['relu'], ArgumentError, 'Sequential: module 0 is "relu", not a Module'],
    ['a function among modules', () => [new ReLU(), (x: Tensor) => x], ArgumentError, 'Sequential: module 1 is a function, not a Module'],
  ]),
  ...table(
    'Sequential',
    (s: Sequential, x) => s.forward(x),
    [
      [
        'forward() with the wrong feature size',
        () => [mlp(), t([5, 3])],
        ShapeError,
        'Linear(in=2, out=3): expected input [..., 2], got [5,3]',
      ],
    ],
    { who: 'Linear(in=2, out=3)' },
  ),
  ...table(
    'Sequential',
    (s: Sequential, i) => s.at(i),
    [
      [
        'at() an index out of range',
        () => [mlp(), 4],
        ArgumentError,
        'Sequential.at: index 4 is out of range for 4 modules; it must be an integer in [-4, 3]',
      ],
      [
        'at() a fractional index',
        () => [mlp(), 1.5],
        ArgumentError,
        'Sequential.at: index 1.5 is out of range for 4 modules; it must be an integer in [-4, 3]',
      ],
    ],
    { who: 'Sequential.at' },
  ),
  ...table(
    'Sequential',
    (s: Sequential, m) => s.append(m),
    [['append() a tensor', () => [mlp(), t([2])], ArgumentError, 'Sequential.append: expected a Module, got a Tensor']],
    { who: 'Sequential.append' },
  ),
  ...table('Flatten', (o) => new Flatten(o), [
    ['a fractional startAxis', () => [{ startAxis: 1.5 }], ArgumentError, 'Flatten: startAxis must be an integer, got 1.5'],
    ['a string endAxis', () => [{ endAxis: '-1' }], ArgumentError, 'Flatten: endAxis must be an integer, got "-1"'],
    [
      'a misspelt option',
      () => [{ start_dim: 1 }],
      ArgumentError,
      'Flatten: unknown option "start_dim"; the options are "startAxis", "endAxis"',
    ],
  ]),
  ...table(
    'Flatten',
    (m: Flatten, x) => m.forward(x),
    [
      [
        'forward() of a 1-d input',
        () => [new Flatten(), t([3])],
        AxisError,
        'flatten: axis 1 is out of range for a tensor of rank 1; valid axes: [-1, 0]',
      ],
    ],
    { who: 'flatten' },
  ),
];

// ---- random --------------------------------------------------------------------------------------

const random: BadInput[] = [
  ...table('manualSeed', (s) => nn.manualSeed(s), [
    ['a string seed', () => ['42'], ArgumentError, 'manualSeed: seed must be a non-negative integer (number or bigint), got "42"'],
    ['a negative seed', () => [-1], ArgumentError, 'manualSeed: seed must be a non-negative integer (number or bigint), got -1'],
    ['a fractional seed', () => [0.5], ArgumentError, 'manualSeed: seed must be a non-negative integer (number or bigint), got 0.5'],
  ]),
  ...table('setDefaultGenerator', (g) => nn.setDefaultGenerator(g), [
    [
      'a seed instead of a generator',
      () => [42],
      ArgumentError,
      'setDefaultGenerator: generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got 42',
    ],
    [
      'an object without normal()',
      () => [{ uniform: () => t([1]) }],
      ArgumentError,
      'setDefaultGenerator: generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got an object',
    ],
  ]),
];

// ---- losses ---------------------------------------------------------------------------------------

const losses: BadInput[] = [
  ...table('mseLoss', (x, y, o) => nn.mseLoss(x, y, o), [
    ['an input that is not a tensor', () => ['x', t([2])], ArgumentError, 'mseLoss: input must be a Tensor, got "x"'],
    ['input given as nested arrays', () => [[1, 2], t([2])], ArgumentError, 'mseLoss: input must be a Tensor, got [1, 2]'],
    [
      'a ragged target',
      () => [t([2]), [[1], [2, 3]]],
      ArgumentError,
      'mseLoss: target must be a Tensor, a number or nested arrays of numbers: tensor: ragged nested array',
    ],
    ['shapes that differ', () => [t([2, 1]), t([2])], ShapeError, 'mseLoss: target shape [2] must equal input shape [2,1]'],
    [
      'an unknown reduction',
      () => [t([2]), t([2]), { reduction: 'avg' }],
      ArgumentError,
      "mseLoss: reduction must be 'mean', 'sum' or 'none', got \"avg\"",
    ],
    [
      'a misspelt option',
      () => [t([2]), t([2]), { reduce: 'sum' }],
      ArgumentError,
      'mseLoss: unknown option "reduce"; the options are "reduction"',
    ],
  ]),
  ...table('bceLoss', (x, y, o) => nn.bceLoss(x, y, o), [
    ['an input that is not a tensor', () => ['p', t([2])], ArgumentError, 'bceLoss: input must be a Tensor, got "p"'],
    [
      'a probability above 1',
      () => [t([2], 1.5), t([2], 1)],
      ArgumentError,
      'bceLoss: every input must be a probability in [0, 1], got 1.5 at flat index 0 (use bceWithLogitsLoss for logits)',
    ],
    [
      'a negative probability',
      () => [t([2], -0.5), t([2], 1)],
      ArgumentError,
      'bceLoss: every input must be a probability in [0, 1], got -0.5 at flat index 0',
    ],
    [
      'a NaN probability',
      () => [t([2], NaN), t([2], 1)],
      ArgumentError,
      'bceLoss: every input must be a probability in [0, 1], got NaN at flat index 0',
    ],
    ['a target of another shape', () => [probs(), t([2])], ShapeError, 'bceLoss: target shape [2] must equal input shape [2,2]'],
    [
      'a weight that does not broadcast',
      () => [probs(), t([2, 2], 1), { weight: t([3]) }],
      ShapeError,
      'bceLoss: weight of shape [3] must broadcast to the input shape [2,2]',
    ],
    [
      'a weight larger than the input',
      () => [probs(), t([2, 2], 1), { weight: t([3, 2, 2]) }],
      ShapeError,
      'bceLoss: weight of shape [3,2,2] must broadcast to the input shape [2,2]',
    ],
    [
      'a string weight',
      () => [probs(), t([2, 2], 1), { weight: 'w' }],
      ArgumentError,
      'bceLoss: weight must be a Tensor, a number or nested arrays of numbers',
    ],
    [
      'an unknown reduction',
      () => [probs(), t([2, 2], 1), { reduction: 'avg' }],
      ArgumentError,
      "bceLoss: reduction must be 'mean', 'sum' or 'none', got \"avg\"",
    ],
  ]),
  ...table('bceWithLogitsLoss', (x, y, o) => nn.bceWithLogitsLoss(x, y, o), [
    ['an input that is not a tensor', () => [undefined, t([2])], ArgumentError, 'bceWithLogitsLoss: input must be a Tensor, got undefined'],
    [
      'a target of another shape',
      () => [t([2, 2]), t([4])],
      ShapeError,
      'bceWithLogitsLoss: target shape [4] must equal input shape [2,2]',
    ],
    [
      'a posWeight that does not broadcast',
      () => [t([2, 2]), t([2, 2], 1), { posWeight: t([3]) }],
      ShapeError,
      'bceWithLogitsLoss: posWeight of shape [3] must broadcast to the input shape [2,2]',
    ],
    [
      'a weight larger than the input',
      () => [t([2]), t([2], 1), { weight: t([2, 2]) }],
      ShapeError,
      'bceWithLogitsLoss: weight of shape [2,2] must broadcast to the input shape [2]',
    ],
    [
      'a misspelt option',
      () => [t([2]), t([2], 1), { pos_weight: t([1]) }],
      ArgumentError,
      'bceWithLogitsLoss: unknown option "pos_weight"; the options are "reduction", "weight", "posWeight"',
    ],
  ]),
  ...table('crossEntropyLoss', (x, y, o) => nn.crossEntropyLoss(x, y, o), [
    ['a 0-d input', () => [t([]), t([])], ShapeError, 'crossEntropyLoss: input must be a Tensor of shape [N, C, ...] or [C], got []'],
    [
      'an input that is not a tensor',
      () => ['x', [0]],
      ArgumentError,
      'crossEntropyLoss: input must be a Tensor of shape [N, C, ...] or [C], got "x"',
    ],
    [
      'a fractional class index',
      () => [t([2, 3]), [0, 1.5]],
      ArgumentError,
      'crossEntropyLoss: target 1.5 at flat index 1 is not a class index in [0, 3) (nor ignoreIndex -100)',
    ],
    [
      'a class index out of range',
      () => [t([2, 3]), [0, 3]],
      ArgumentError,
      'crossEntropyLoss: target 3 at flat index 1 is not a class index in [0, 3)',
    ],
    [
      'a negative class index',
      () => [t([2, 3]), [-1, 0]],
      ArgumentError,
      'crossEntropyLoss: target -1 at flat index 0 is not a class index in [0, 3)',
    ],
    [
      'a NaN class index',
      () => [t([2, 3]), [NaN, 0]],
      ArgumentError,
      'crossEntropyLoss: target NaN at flat index 0 is not a class index in [0, 3)',
    ],
    [
      'one-hot targets instead of indices',
      () => [
        t([2, 3]),
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
      ],
      ShapeError,
      'crossEntropyLoss: for input [2,3] (3 classes on axis 1) the target of class indices must have shape [2], got [2,3]',
    ],
    [
      'a class weight of the wrong size',
      () => [t([2, 3]), [0, 1], { weight: [1, 1] }],
      ShapeError,
      'crossEntropyLoss: weight must have shape [3] (one per class), got [2]',
    ],
    [
      'a fractional ignoreIndex',
      () => [t([2, 3]), [0, 1], { ignoreIndex: 0.5 }],
      ArgumentError,
      'crossEntropyLoss: ignoreIndex must be an integer, got 0.5',
    ],
    [
      'an unknown reduction',
      () => [t([2, 3]), [0, 1], { reduction: 'batchmean' }],
      ArgumentError,
      "crossEntropyLoss: reduction must be 'mean', 'sum' or 'none', got \"batchmean\"",
    ],
  ]),
  ...table('MSELoss', (o) => new MSELoss(o), [
    [
      'an unknown reduction',
      () => [{ reduction: 'avg' }],
      ArgumentError,
      "MSELoss: reduction must be 'mean', 'sum' or 'none', got \"avg\"",
    ],
    [
      'a misspelt option',
      () => [{ size_average: true }],
      ArgumentError,
      'MSELoss: unknown option "size_average"; the options are "reduction"',
    ],
  ]),
  ...table(
    'MSELoss',
    (m: MSELoss, x, y) => m.forward(x, y),
    [
      [
        'forward() with shapes that differ',
        () => [new MSELoss(), t([3]), t([2])],
        ShapeError,
        'mseLoss: target shape [2] must equal input shape [3]',
      ],
    ],
    { who: 'mseLoss' },
  ),
  ...table('BCELoss', (o) => new BCELoss(o), [
    [
      'an unknown reduction',
      () => [{ reduction: 'max' }],
      ArgumentError,
      "BCELoss: reduction must be 'mean', 'sum' or 'none', got \"max\"",
    ],
    [
      'a posWeight, which only BCEWithLogitsLoss has',
      () => [{ posWeight: [2] }],
      ArgumentError,
      'BCELoss: unknown option "posWeight"; the options are "reduction", "weight"',
    ],
    [
      'a weight that is not a tensor',
      () => [{ weight: 'w' }],
      ArgumentError,
      'BCELoss: weight must be a Tensor, a number or nested arrays of numbers',
    ],
  ]),
  ...table(
    'BCELoss',
    (m: BCELoss, x, y) => m.forward(x, y),
    [
      [
        'forward() with logits instead of probabilities',
        () => [new BCELoss(), t([2], 3), t([2], 1)],
        ArgumentError,
        'bceLoss: every input must be a probability in [0, 1], got 3 at flat index 0',
      ],
    ],
    { who: 'bceLoss' },
  ),
  ...table('BCEWithLogitsLoss', (o) => new BCEWithLogitsLoss(o), [
    [
      'an unknown reduction',
      () => [{ reduction: 'avg' }],
      ArgumentError,
      "BCEWithLogitsLoss: reduction must be 'mean', 'sum' or 'none', got \"avg\"",
    ],
    [
      'a posWeight that is not a tensor',
      () => [{ posWeight: {} }],
      ArgumentError,
      'BCEWithLogitsLoss: posWeight must be a Tensor, a number or nested arrays of numbers',
    ],
  ]),
  ...table(
    'BCEWithLogitsLoss',
    (m: BCEWithLogitsLoss, x, y) => m.forward(x, y),
    [
      [
        'forward() with shapes that differ',
        () => [new BCEWithLogitsLoss(), t([2]), t([2, 1])],
        ShapeError,
        'bceWithLogitsLoss: target shape [2,1] must equal input shape [2]',
      ],
    ],
    { who: 'bceWithLogitsLoss' },
  ),
  ...table('CrossEntropyLoss', (o) => new CrossEntropyLoss(o), [
    [
      'an unknown reduction',
      () => [{ reduction: 'avg' }],
      ArgumentError,
      "CrossEntropyLoss: reduction must be 'mean', 'sum' or 'none', got \"avg\"",
    ],
    ['a fractional ignoreIndex', () => [{ ignoreIndex: 1.5 }], ArgumentError, 'CrossEntropyLoss: ignoreIndex must be an integer, got 1.5'],
    [
      'a misspelt option',
      () => [{ label_smoothing: 0.1 }],
      ArgumentError,
      'CrossEntropyLoss: unknown option "label_smoothing"; the options are "reduction", "weight", "ignoreIndex"',
    ],
  ]),
  ...table(
    'CrossEntropyLoss',
    (m: CrossEntropyLoss, x, y) => m.forward(x, y),
    [
      [
        'forward() with a class index out of range',
        () => [new CrossEntropyLoss(), t([1, 3]), [7]],
        ArgumentError,
        'crossEntropyLoss: target 7 at flat index 0 is not a class index in [0, 3)',
      ],
    ],
    { who: 'crossEntropyLoss' },
  ),
];

// ---- optimizers -----------------------------------------------------------------------------------

/** Two groups, the second one's parameter with a gradient of the wrong shape. */
const twoGroupsOneBadGrad = () => {
  const [a, b] = [param([2]), param([2])];
  a.grad = t([2], 1);
  b.grad = t([3], 1);
  return [new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1, momentum: 0.9 })];
};
/** Two groups; the second one's learning rate was set to a bad value after construction. */
const twoGroupsOneBadOption = () => {
  const [a, b] = [param([2]), param([2])];
  a.grad = t([2], 1);
  b.grad = t([2], 1);
  const opt = new Adam([{ params: [a] }, { params: [b] }], { lr: 0.1 });
  opt.paramGroups[1]!.lr = -1;
  return [opt];
};
/** An SGD with momentum that has taken a step, and its state dict. */
const stepped = () => {
  const p = param([2]);
  p.grad = t([2], 1);
  const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
  opt.step();
  return { opt, sd: opt.stateDict() };
};

const optimizers: BadInput[] = [
  ...table('SGD', (p, o) => new SGD(p, o), [
    [
      'the module itself',
      () => [mlp(), { lr: 0.1 }],
      ArgumentError,
      'SGD: got the module itself; pass its parameters: new SGD(model.parameters(), ...)',
    ],
    ['no parameters', () => [[], { lr: 0.1 }], ArgumentError, 'SGD: got an empty parameter list'],
    [
      'a single tensor, not a list',
      () => [5, { lr: 0.1 }],
      ArgumentError,
      'SGD: params must be an iterable of tensors or of parameter groups, got 5',
    ],
    [
      'no learning rate',
      () => [[param([2])]],
      ArgumentError,
      'SGD: parameter group 0 has no learning rate: pass { lr } to the constructor or to the group',
    ],
    ['a negative learning rate', () => [[param([2])], { lr: -0.1 }], ArgumentError, 'SGD (parameter group 0): lr must be >= 0, got -0.1'],
    [
      'a NaN learning rate',
      () => [[param([2])], { lr: NaN }],
      ArgumentError,
      'SGD (parameter group 0): lr must be a finite number, got NaN',
    ],
    [
      'a string learning rate',
      () => [[param([2])], { lr: '0.1' }],
      ArgumentError,
      'SGD (parameter group 0): lr must be a finite number, got "0.1"',
    ],
    [
      'a negative momentum',
      () => [[param([2])], { lr: 0.1, momentum: -0.5 }],
      ArgumentError,
      'SGD (parameter group 0): momentum must be >= 0, got -0.5',
    ],
    [
      'Nesterov without momentum',
      () => [[param([2])], { lr: 0.1, nesterov: true }],
      ArgumentError,
      'SGD (parameter group 0): nesterov momentum needs momentum > 0 and dampening = 0, got momentum 0 and dampening 0',
    ],
    [
      'a misspelt option',
      () => [[param([2])], { lr: 0.1, weight_decay: 1e-4 }],
      ArgumentError,
      'SGD: unknown option "weight_decay"; the options are "lr", "momentum", "dampening", "nesterov", "weightDecay", "maximize"',
    ],
    [
      'tensors and groups mixed',
      () => [[param([2]), { params: [param([2])] }], { lr: 0.1 }],
      ArgumentError,
      'SGD: params must be all tensors or all parameter groups ({ params, ...options }), not a mix',
    ],
    [
      'a computed tensor',
      () => [[computed()], { lr: 0.1 }],
      ArgumentError,
      'SGD: parameter group 0, params[0] is not a leaf (it was computed by mul); an optimizer can only update leaves',
    ],
    [
      'a parameter twice',
      () => {
        const p = param([2]);
        return [[{ params: [p] }, { params: [p] }], { lr: 0.1 }];
      },
      ArgumentError,
      'SGD: parameter group 1, params[0] (shape [2]) appears twice; each parameter may be in one group, once',
    ],
    [
      'a group without params',
      () => [[{ lr: 0.1 }], { lr: 0.1 }],
      ArgumentError,
      'SGD: parameter group 0 must be an object { params, ...options }, got an object',
    ],
  ]),
  ...table('Adam', (p, o) => new Adam(p, o), [
    ['β₁ = 1', () => [[param([2])], { betas: [1, 0.999] }], ArgumentError, 'Adam (parameter group 0): betas[0] must be in [0, 1), got 1'],
    [
      'one beta',
      () => [[param([2])], { betas: [0.9] }],
      ArgumentError,
      'Adam (parameter group 0): betas must be a pair [β₁, β₂], got [0.9]',
    ],
    ['a negative eps', () => [[param([2])], { eps: -1e-8 }], ArgumentError, 'Adam (parameter group 0): eps must be >= 0, got -1e-8'],
    [
      'amsgrad is a string',
      () => [[param([2])], { amsgrad: 'true' }],
      ArgumentError,
      'Adam (parameter group 0): amsgrad must be true or false, got "true"',
    ],
  ]),
  ...table('AdamW', (p, o) => new AdamW(p, o), [
    [
      'a negative weight decay',
      () => [[param([2])], { weightDecay: -0.01 }],
      ArgumentError,
      'AdamW (parameter group 0): weightDecay must be >= 0, got -0.01',
    ],
    [
      'an infinite learning rate',
      () => [[param([2])], { lr: Infinity }],
      ArgumentError,
      'AdamW (parameter group 0): lr must be a finite number, got Infinity',
    ],
  ]),
  ...table(
    'Optimizer',
    (o: nn.SGD) => o.step(),
    [
      [
        'step() with a gradient of the wrong shape in the second group',
        twoGroupsOneBadGrad,
        ShapeError,
        'SGD.step: parameter 0 of group 1 has shape [2] but its grad has shape [3]; they must be equal',
      ],
    ],
    { who: 'SGD.step' },
  ),
  ...table(
    'Optimizer',
    (o: nn.Adam) => o.step(),
    [
      [
        'step() after a group’s lr was set to a bad value',
        twoGroupsOneBadOption,
        ArgumentError,
        'Adam (parameter group 1): lr must be >= 0, got -1',
      ],
    ],
    { who: 'Adam' },
  ),
  ...table(
    'Optimizer',
    (o: nn.SGD, sd) => o.loadStateDict(sd),
    [
      [
        'loadStateDict() with null',
        () => [sgd(), null],
        StateDictError,
        'SGD.loadStateDict: the state dict has no parameter groups, this optimizer has 1',
      ],
      [
        'loadStateDict() with another number of groups',
        () => [sgd(), { state: {}, paramGroups: [] }],
        StateDictError,
        'SGD.loadStateDict: the state dict has 0 parameter groups, this optimizer has 1; they must match',
      ],
      [
        'loadStateDict() with another number of parameters',
        () => [sgd(), { state: {}, paramGroups: [{ params: [0, 1], lr: 0.1 }] }],
        StateDictError,
        'SGD.loadStateDict: parameter group 0 has 2 parameters in the state dict, 1 here; they must match',
      ],
      [
        'loadStateDict() with state for an unknown parameter',
        () => [sgd(), { state: { 5: { momentumBuffer: null } }, paramGroups: [{ params: [0], lr: 0.1 }] }],
        StateDictError,
        'SGD.loadStateDict: state for parameter 5, which is in no parameter group',
      ],
      [
        'loadStateDict() with a state that is not an object',
        () => [sgd(), { state: { 0: 5 }, paramGroups: [{ params: [0], lr: 0.1 }] }],
        StateDictError,
        'SGD.loadStateDict: the state of parameter 0 must be an object of tensors, numbers or nulls, got 5',
      ],
      [
        'loadStateDict() with a state value that is a string',
        () => [sgd(), { state: { 0: { momentumBuffer: 'x' } }, paramGroups: [{ params: [0], lr: 0.1 }] }],
        StateDictError,
        'SGD.loadStateDict: state "momentumBuffer" of parameter 0 must be a Tensor, a number or null, got "x"',
      ],
      [
        'loadStateDict() with a momentum buffer of the wrong shape',
        () => {
          const { opt, sd } = stepped();
          sd.state[0]!.momentumBuffer = t([3]);
          return [opt, sd];
        },
        ShapeError,
        'SGD.loadStateDict: state "momentumBuffer" of parameter 0 has shape [3], the parameter has shape [2]',
      ],
      [
        'loadStateDict() with a negative learning rate',
        () => [sgd(), { state: {}, paramGroups: [{ params: [0], lr: -1 }] }],
        ArgumentError,
        'SGD (parameter group 0): lr must be >= 0, got -1',
      ],
    ],
    { who: 'SGD' },
  ),
  ...table(
    'Optimizer',
    (o: nn.SGD, g) => o.addParamGroup(g),
    [
      [
        'addParamGroup() with a parameter already in a group',
        () => {
          const o = sgd();
          return [o, { params: o.paramGroups[0]!.params }];
        },
        ArgumentError,
        'SGD: parameter group 1, params[0] (shape [2]) appears twice',
      ],
      [
        'addParamGroup() with a misspelt option',
        () => [sgd(), { params: [param([2])], learningRate: 0.1 }],
        ArgumentError,
        'SGD (parameter group 1): unknown option "learningRate"',
      ],
      [
        'addParamGroup() with a number',
        () => [sgd(), 3],
        ArgumentError,
        'SGD: parameter group 1 must be an object { params, ...options }, got 3',
      ],
    ],
    { who: 'SGD' },
  ),
];

// ---- initialisers -------------------------------------------------------------------------------

const gen = () => defaultRng(0);
const init: BadInput[] = [
  ...table('calculateGain', (n, p) => nn.calculateGain(n, p), [
    [
      'an unknown nonlinearity',
      () => ['gelu'],
      ArgumentError,
      'calculateGain: unsupported nonlinearity "gelu"; expected one of linear, conv1d',
    ],
    ['a class instead of a name', () => [ReLU], ArgumentError, 'calculateGain: unsupported nonlinearity a function; expected one of'],
    [
      'a NaN slope for leaky_relu',
      () => ['leaky_relu', NaN],
      ArgumentError,
      'calculateGain: param (the negative slope) must be a finite number, got NaN',
    ],
  ]),
  ...table('calculateFans', (x) => nn.calculateFans(x), [
    [
      'a 1-d tensor',
      () => [t([3])],
      ShapeError,
      'calculateFans: fan in and fan out need a tensor with at least 2 dimensions, got shape [3]',
    ],
    ['nested arrays', () => [[[1, 2]]], ArgumentError, 'calculateFans: expected a Tensor, got [[1, 2]]'],
  ]),
  ...(['kaimingUniform_', 'kaimingNormal_'] as const).flatMap((fn) =>
    table(fn, (x, o) => (nn[fn] as AnyFn)(x, o), [
      [
        'a 1-d tensor',
        () => [param([3]), { generator: gen() }],
        ShapeError,
        `${fn}: fan in and fan out need a tensor with at least 2 dimensions, got shape [3]`,
      ],
      [
        'a computed tensor',
        () => [computed(), { generator: gen() }],
        ArgumentError,
        `${fn}: can only fill a leaf tensor (a parameter); this one was computed by mul`,
      ],
      [
        'an unknown mode',
        () => [param([2, 2]), { mode: 'fan_avg' }],
        ArgumentError,
        `${fn}: mode must be 'fan_in' or 'fan_out', got "fan_avg"`,
      ],
      [
        'an unknown nonlinearity',
        () => [param([2, 2]), { nonlinearity: 'gelu' }],
        ArgumentError,
        `${fn}: unsupported nonlinearity "gelu"; expected one of`,
      ],
      ['a NaN slope', () => [param([2, 2]), { a: NaN }], ArgumentError, `${fn}: a must be a finite number, got NaN`],
      [
        'a zero fan',
        () => [param([2, 0]), { generator: gen() }],
        ShapeError,
        `${fn}: the tensor of shape [2,0] has fan_in = 0, so no standard deviation can be computed`,
      ],
      [
        'a generator that is not one',
        () => [param([2, 2]), { generator: 7 }],
        ArgumentError,
        `${fn}: generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got 7`,
      ],
      ['a misspelt option', () => [param([2, 2]), { fan: 'fan_in' }], ArgumentError, `${fn}: unknown option "fan"`],
    ]),
  ),
  ...(['xavierUniform_', 'xavierNormal_'] as const).flatMap((fn) =>
    table(fn, (x, o) => (nn[fn] as AnyFn)(x, o), [
      ['a 1-d tensor', () => [param([3])], ShapeError, `${fn}: fan in and fan out need a tensor with at least 2 dimensions, got shape [3]`],
      ['a NaN gain', () => [param([2, 2]), { gain: NaN }], ArgumentError, `${fn}: gain must be a finite number, got NaN`],
      ['an empty tensor', () => [param([0, 0])], ShapeError, `${fn}: the tensor of shape [0,0] has fanIn + fanOut = 0`],
      ['a string', () => ['w'], ArgumentError, `${fn}: expected a Tensor, got "w"`],
    ]),
  ),
  ...table('uniform_', (x, o) => nn.uniform_(x, o), [
    ['low above high', () => [param([2]), { low: 1, high: 0 }], ArgumentError, 'uniform_: low (1) must not exceed high (0)'],
    ['a NaN low', () => [param([2]), { low: NaN }], ArgumentError, 'uniform_: low must be a finite number, got NaN'],
    [
      'a computed tensor',
      () => [computed()],
      ArgumentError,
      'uniform_: can only fill a leaf tensor (a parameter); this one was computed by mul',
    ],
    [
      'a generator that returns the wrong shape',
      () => [param([2]), { generator: { uniform: () => t([3]), normal: () => t([3]) } }],
      ArgumentError,
      'uniform_: the generator returned shape [3] for a tensor of shape [2]; expected 2 values',
    ],
  ]),
  ...table('normal_', (x, o) => nn.normal_(x, o), [
    ['a negative std', () => [param([2]), { std: -1 }], ArgumentError, 'normal_: std must be >= 0, got -1'],
    ['an infinite mean', () => [param([2]), { mean: Infinity }], ArgumentError, 'normal_: mean must be a finite number, got Infinity'],
    [
      'a misspelt option',
      () => [param([2]), { sigma: 1 }],
      ArgumentError,
      'normal_: unknown option "sigma"; the options are "mean", "std", "generator"',
    ],
  ]),
  ...table('constant_', (x, v) => nn.constant_(x, v), [
    ['a string value', () => [param([2]), '1'], ArgumentError, 'constant_: value must be a finite number, got "1"'],
    [
      'a computed tensor',
      () => [computed(), 1],
      ArgumentError,
      'constant_: can only fill a leaf tensor (a parameter); this one was computed by mul',
    ],
  ]),
  ...table('zeros_', (x) => nn.zeros_(x), [
    ['nested arrays', () => [[1, 2]], ArgumentError, 'zeros_: expected a Tensor, got [1, 2]'],
    [
      'a computed tensor',
      () => [computed()],
      ArgumentError,
      'zeros_: can only fill a leaf tensor (a parameter); this one was computed by mul',
    ],
  ]),
  ...table('ones_', (x) => nn.ones_(x), [['undefined', () => [undefined], ArgumentError, 'ones_: expected a Tensor, got undefined']]),
];

// ---- serialisation -------------------------------------------------------------------------------

const V = nn.stateDictToJSON(validSd());
const json: BadInput[] = [
  ...table('stateDictToJSON', (sd) => nn.stateDictToJSON(sd), [
    [
      'a string',
      () => ['weights'],
      StateDictFormatError,
      'stateDictToJSON: expected a state dict (a Map or an object of tensors by name), got "weights"',
    ],
    [
      'an entry that is not a tensor',
      () => [new Map<string, unknown>([['w', [1, 2]]])],
      StateDictFormatError,
      'stateDictToJSON: "w" is [1, 2], not a Tensor',
    ],
    [
      'a name that is not a string',
      () => [new Map<unknown, Tensor>([[1, t([1])]])],
      StateDictFormatError,
      'stateDictToJSON: every name must be a string, got 1',
    ],
  ]),
  ...table('stateDictFromJSON', (s) => nn.stateDictFromJSON(s), [
    ['a number', () => [5], StateDictFormatError, 'stateDictFromJSON: expected a string, got 5'],
    ['truncated JSON', () => [V.slice(0, 40)], StateDictFormatError, 'stateDictFromJSON: not valid JSON: '],
    [
      'a JSON list',
      () => ['[]'],
      StateDictFormatError,
      'stateDictFromJSON: not a tapegrad state dict (expected "format": "tapegrad.stateDict")',
    ],
    [
      'another version',
      () => [V.replace('"version": 1', '"version": 2')],
      StateDictFormatError,
      'stateDictFromJSON: unsupported version 2; this reader knows version 1',
    ],
    [
      'tensors that are not a list',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":{}}'],
      StateDictFormatError,
      'stateDictFromJSON: "tensors" must be a list',
    ],
    [
      'a tensor that is not an object',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":[5]}'],
      StateDictFormatError,
      'stateDictFromJSON: tensors[0] must be an object',
    ],
    [
      'a name that is not a string',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":[{"name":1,"shape":[],"data":[1]}]}'],
      StateDictFormatError,
      'stateDictFromJSON: tensors[0].name must be a string, got 1',
    ],
    [
      'a name given twice',
      () => [
        '{"format":"tapegrad.stateDict","version":1,"tensors":[{"name":"a","shape":[],"data":[1]},{"name":"a","shape":[],"data":[2]}]}',
      ],
      StateDictFormatError,
      'stateDictFromJSON: tensors[1] repeats the name "a"; each name must appear once',
    ],
    [
      'a negative dimension',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":[{"name":"a","shape":[-1],"data":[]}]}'],
      StateDictFormatError,
      'stateDictFromJSON: tensors[0] ("a").shape must be a list of non-negative integers, got [-1]',
    ],
    [
      'too few values for the shape',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":[{"name":"a","shape":[2],"data":[1]}]}'],
      StateDictFormatError,
      'stateDictFromJSON: tensors[0] ("a").data must be a list of 2 values for shape [2], got 1 values',
    ],
    [
      'a value that is a word',
      () => ['{"format":"tapegrad.stateDict","version":1,"tensors":[{"name":"a","shape":[1],"data":["one"]}]}'],
      StateDictFormatError,
      'stateDictFromJSON: tensors[0] ("a").data[0] is "one"; expected a number or one of "NaN", "Infinity", "-Infinity", "-0"',
    ],
  ]),
  ...table(
    'saveJSON',
    (p, sd) => nnNode.saveJSON(p, sd),
    [
      ['a path that is a number', () => [5, validSd()], ArgumentError, 'saveJSON: path must be a non-empty string, got 5'],
      [
        'a state dict that is not one',
        () => [file('keep.json'), 'weights'],
        StateDictFormatError,
        'saveJSON: expected a state dict (a Map or an object of tensors by name), got "weights"',
      ],
      [
        'a directory that does not exist',
        () => [file('no/such/dir/w.json'), validSd()],
        ArgumentError,
        /saveJSON\(".*no\/such\/dir\/w\.json"\): cannot write the file: ENOENT: no such file or directory/,
      ],
    ],
    { state: scratchState },
  ),
  ...table(
    'loadJSON',
    (p) => nnNode.loadJSON(p),
    [
      [
        'a file that does not exist',
        () => [file('missing.json')],
        ArgumentError,
        /loadJSON\(".*missing\.json"\): cannot read the file: ENOENT: no such file or directory/,
      ],
      ['a directory', () => [file('a-directory')], ArgumentError, /loadJSON\(".*a-directory"\): cannot read the file: EISDIR/],
      ['a truncated file', () => [file('truncated.json')], StateDictFormatError, /loadJSON\(".*truncated\.json"\): not valid JSON: /],
      [
        'a safetensors file',
        () => [file('valid.safetensors')],
        StateDictFormatError,
        /loadJSON\(".*valid\.safetensors"\): not valid JSON: /,
      ],
      ['a path that is not a string', () => [undefined], ArgumentError, 'loadJSON: path must be a non-empty string, got undefined'],
    ],
    { state: scratchState },
  ),
];

const hostile: [what: string, bytes: () => Uint8Array, message: string | RegExp][] = [
  [
    'fewer than 8 bytes',
    () => new Uint8Array([1, 2, 3]),
    "the file has 3 bytes, fewer than the 8 that hold the header's length; it is truncated or not safetensors",
  ],
  [
    'a header longer than the file',
    () => safetensors('{}', 0, 100n),
    'the header claims 100 bytes but only 2 follow the length; the file is truncated',
  ],
  [
    'a header length of 2^63',
    () => safetensors('{}', 0, 2n ** 63n),
    'the header claims 9223372036854775808 bytes, more than the limit of 100000000; the file is corrupt or not safetensors',
  ],
  ['a header that is not UTF-8', () => safetensors('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)), 'the header is not valid UTF-8'],
  ['a header that is not JSON', () => safetensors('{"a":'), 'the header is not valid JSON: '],
  [
    'a header that is a JSON list',
    () => safetensors('[1, 2]'),
    'the header must be a JSON object starting with "{", it starts with "[1, 2]"',
  ],
  ['a tensor entry that is a number', () => safetensors({ a: 5 }), 'tensor "a": expected {"dtype", "shape", "data_offsets"}, got 5'],
  [
    'a dtype it does not read',
    () => safetensors({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, 2),
    'tensor "a" has dtype U8, which is not supported: the dtypes read are F64, F32, F16, BF16, I64, I32 (each widened to float64 exactly)',
  ],
  [
    'an I64 value beyond 2^53',
    () => {
      const bytes = safetensors({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
      new DataView(bytes.buffer).setBigInt64(bytes.length - 8, 2n ** 53n + 1n, true);
      return bytes;
    },
    'tensor "a": the I64 value 9007199254740993 at index 0 is beyond ±2^53, where float64 cannot hold every integer; it must be within ±2^53',
  ],
  [
    'a dtype that is not a string',
    () => safetensors({ a: { dtype: 64, shape: [1], data_offsets: [0, 8] } }, 8),
    'tensor "a": "dtype" must be a string, got 64',
  ],
  [
    'a negative dimension',
    () => safetensors({ a: f64([-1], 0, 8) }, 8),
    'tensor "a": "shape" must be a list of non-negative integers, got [-1]',
  ],
  [
    'a fractional dimension',
    () => safetensors({ a: f64([0.5], 0, 8) }, 8),
    'tensor "a": "shape" must be a list of non-negative integers, got [0.5]',
  ],
  [
    'offsets that are not a pair',
    () => safetensors({ a: { dtype: 'F64', shape: [1], data_offsets: [0] } }, 8),
    'tensor "a": "data_offsets" must be [begin, end] with non-negative integers, got [0]',
  ],
  [
    'offsets that end before they begin',
    () => safetensors({ a: f64([0], 8, 0) }, 8),
    'tensor "a": data_offsets [8, 0] end before they begin; end must be >= begin',
  ],
  [
    'offsets past the end of the file',
    () => safetensors({ a: f64([2], 0, 16) }, 8),
    'tensor "a": data_offsets [0, 16] reach past the 8 data bytes of the file; the file is truncated or the offsets are wrong',
  ],
  [
    'a byte range that does not match the shape',
    () => safetensors({ a: f64([2], 0, 8) }, 8),
    'tensor "a": shape [2] × 8 bytes (F64) = 16 bytes, but data_offsets [0, 8] span 8; they must be equal',
  ],
  [
    'a shape whose element count overflows',
    () => safetensors({ a: f64([2 ** 40, 2 ** 40], 0, 8) }, 8),
    /tensor "a": shape \[1099511627776, 1099511627776\] has more elements than can be counted; it must have at most 2\^53 - 1/,
  ],
  [
    'a gap between tensors',
    () => safetensors({ a: f64([1], 0, 8), b: f64([1], 16, 24) }, 24),
    'tensor "b": data_offsets begin at 16, expected 8 (the tensors\' bytes must be contiguous, without gaps or overlaps)',
  ],
  [
    'overlapping tensors',
    () => safetensors({ a: f64([2], 0, 16), b: f64([1], 8, 16) }, 16),
    'tensor "b": data_offsets begin at 8, expected 16',
  ],
  [
    'bytes after the last tensor',
    () => safetensors({ a: f64([1], 0, 8) }, 16),
    'the tensors cover 8 data bytes but the file has 16 after the header; they must be equal',
  ],
  [
    'metadata that is not strings',
    () => safetensors({ __metadata__: { epoch: 3 }, a: f64([1], 0, 8) }, 8),
    '"__metadata__" must be an object of string values',
  ],
  [
    'a valid file cut short by one byte',
    () => nn.encodeSafetensors(validSd()).subarray(0, -1),
    'tensor "weight": data_offsets [16, 48] reach past the 47 data bytes of the file; the file is truncated',
  ],
];

const checkpointRows: BadInput[] = [
  ...table('encodeCheckpoint', (parts) => nn.encodeCheckpoint(parts), [
    ['parts that are not an object', () => [5], StateDictError, 'encodeCheckpoint: expected an object of parts, got 5'],
    ['a model that is not a Module', () => [{ model: 5 }], StateDictError, 'encodeCheckpoint: model must be a Module, got 5'],
    [
      'an optimizer without a state dict',
      () => [{ optimizer: {} }],
      StateDictError,
      'encodeCheckpoint: optimizer must have stateDict() and loadStateDict(), got an object',
    ],
    [
      'a generator that is not one',
      () => [{ generator: {} }],
      StateDictError,
      'encodeCheckpoint: generator must be a Generator of @tapegrad/core (defaultRng(seed)), got an object',
    ],
    [
      'an extra value JSON cannot hold',
      () => [{ loss: Number.NaN }],
      StateDictError,
      'encodeCheckpoint: loss is NaN, which JSON cannot hold exactly; store it as a string',
    ],
  ]),
  ...table(
    'decodeCheckpoint',
    (b, into) => nn.decodeCheckpoint(b, into),
    [
      [
        'bytes that are not a Uint8Array',
        () => ['x', {}],
        StateDictError,
        'decodeCheckpoint: expected the bytes of a checkpoint (a Uint8Array), got "x"',
      ],
      ['a plain state dict', () => [nn.encodeSafetensors(validSd()), {}], StateDictError, /^decodeCheckpoint: not a tapegrad checkpoint/],
      [
        'a part the checkpoint does not hold',
        () => [nn.encodeCheckpoint({ epoch: 1 }), { model: linear() }],
        StateDictError,
        'decodeCheckpoint: the checkpoint has no model; it holds only extra values',
      ],
    ],
    { knownGap: undefined },
  ),
  ...table('saveCheckpoint', (p, parts) => nnNode.saveCheckpoint(p, parts), [
    ['a path that is not a string', () => [null, {}], ArgumentError, 'saveCheckpoint: path must be a non-empty string, got null'],
  ]),
  ...table('loadCheckpoint', (p, into) => nnNode.loadCheckpoint(p, into), [
    [
      'a file that does not exist',
      () => [file('missing.ckpt'), {}],
      ArgumentError,
      /^loadCheckpoint\(".*missing\.ckpt"\): cannot read the file: ENOENT/,
    ],
  ]),
];

const safetensorsRows: BadInput[] = [
  ...table('encodeSafetensors', (sd, o) => nn.encodeSafetensors(sd, o), [
    [
      'a tensor named __metadata__',
      () => [new Map([['__metadata__', t([1])]])],
      SafetensorsError,
      'encodeSafetensors: "__metadata__" is reserved and cannot name a tensor',
    ],
    [
      'metadata that is a list',
      () => [validSd(), { metadata: ['pt'] }],
      SafetensorsError,
      'encodeSafetensors: metadata must be an object of strings, got ["pt"]',
    ],
    [
      'a metadata value that is a number',
      () => [validSd(), { metadata: { epoch: 3 } }],
      SafetensorsError,
      'encodeSafetensors: metadata["epoch"] must be a string, got 3',
    ],
    [
      'a misspelt option',
      () => [validSd(), { meta: { a: 'b' } }],
      ArgumentError,
      'encodeSafetensors: unknown option "meta"; the options are "metadata", "dtype"',
    ],
    [
      'a dtype it does not write',
      () => [validSd(), { dtype: 'F16' }],
      SafetensorsError,
      'encodeSafetensors: dtype must be "F64" or "F32", got "F16"',
    ],
    ['an entry that is not a tensor', () => [{ w: 5 }], StateDictFormatError, 'encodeSafetensors: "w" is 5, not a Tensor'],
  ]),
  ...table('decodeSafetensors', (b) => nn.decodeSafetensors(b), [
    ['a string', () => ['safetensors'], SafetensorsError, 'decodeSafetensors: expected a Uint8Array, got "safetensors"'],
    ['an ArrayBuffer', () => [new ArrayBuffer(16)], SafetensorsError, 'decodeSafetensors: expected a Uint8Array, got an ArrayBuffer'],
    ...hostile.map(([what, bytes, message]): [string, () => unknown[], typeof SafetensorsError, string | RegExp] => [
      what,
      () => [bytes()],
      SafetensorsError,
      typeof message === 'string' ? `decodeSafetensors: ${message}` : message,
    ]),
  ]),
  ...table(
    'saveSafetensors',
    (p, sd, o) => nnNode.saveSafetensors(p, sd, o),
    [
      ['a path that is not a string', () => [null, validSd()], ArgumentError, 'saveSafetensors: path must be a non-empty string, got null'],
      ['an empty path', () => ['', validSd()], ArgumentError, 'saveSafetensors: path must be a non-empty string, got ""'],
      [
        'bad metadata',
        () => [file('keep.json'), validSd(), { metadata: { a: 1 } }],
        SafetensorsError,
        'saveSafetensors: metadata["a"] must be a string, got 1',
      ],
      [
        'a list of tensors',
        () => [file('keep.json'), [t([1])]],
        StateDictFormatError,
        'saveSafetensors: expected a state dict (a Map or an object of tensors by name), got [a Tensor]',
      ],
      [
        'a directory that does not exist',
        () => [file('nowhere/w.safetensors'), validSd()],
        ArgumentError,
        /saveSafetensors\(".*nowhere\/w\.safetensors"\): cannot write the file: ENOENT: no such file or directory/,
      ],
    ],
    { state: scratchState },
  ),
  ...(['loadSafetensors', 'readSafetensors'] as const).flatMap((fn) =>
    table(
      fn,
      (p) => (nnNode[fn] as AnyFn)(p),
      [
        [
          'a file that does not exist',
          () => [file('missing.safetensors')],
          ArgumentError,
          new RegExp(`^${fn}\\(".*missing\\.safetensors"\\): cannot read the file: ENOENT: no such file or directory`),
        ],
        [
          'a directory',
          () => [file('a-directory')],
          ArgumentError,
          new RegExp(`^${fn}\\(".*a-directory"\\): cannot read the file: EISDIR`),
        ],
        [
          'a file of 3 bytes',
          () => [file('short.safetensors')],
          SafetensorsError,
          new RegExp(`^${fn}\\(".*short\\.safetensors"\\): the file has 3 bytes, fewer than the 8 that hold the header's length`),
        ],
        [
          'a file cut short by one byte',
          () => [file('truncated.safetensors')],
          SafetensorsError,
          'tensor "weight": data_offsets [16, 48] reach past the 47 data bytes of the file; the file is truncated',
        ],
        ['a JSON file', () => [file('valid.json')], SafetensorsError, /the header claims \d+ bytes, more than the limit of 100000000/],
        [
          'a hostile header',
          () => [file('hostile.safetensors')],
          SafetensorsError,
          'the header claims 9223372036854775808 bytes, more than the limit of 100000000',
        ],
        ['a path that is a number', () => [42], ArgumentError, `${fn}: path must be a non-empty string, got 42`],
      ],
      { state: scratchState },
    ),
  ),
];

// ---- diagnostics ---------------------------------------------------------------------------------

const diagnostics: BadInput[] = [
  ...table('activationStats', (m, x) => nn.activationStats(m, x), [
    [
      'a function instead of a module',
      () => [(x: Tensor) => x, t([1, 2])],
      ArgumentError,
      'activationStats: expected a Module, got a function',
    ],
    ['an input of the wrong feature size', () => [mlp(), t([4, 5])], ShapeError, 'Linear(in=2, out=3): expected input [..., 2], got [4,5]'],
    ['an input that is a string', () => [mlp(), 'x'], ArgumentError, 'Linear(in=2, out=3): expected a Tensor of shape [..., 2], got "x"'],
  ]).map((row) => (row.what.startsWith('an input') ? { ...row, who: 'Linear(in=2, out=3)' } : row)),
  ...table('gradientNorms', (m) => nn.gradientNorms(m), [
    ['a list of parameters', () => [[param([2])]], ArgumentError, 'gradientNorms: expected a Module, got [a Parameter]'],
  ]),
];

// ---- schedulers and gradient clipping ------------------------------------------------------------

/** A parameter whose grad is set, for the clipping rows. */
const withGrad = () => {
  const p = param([2]);
  p.grad = t([2], 3);
  return p;
};
/** A StepLR over one group, stepped twice, and its state dict. */
const steppedScheduler = () => {
  const sched = new nn.StepLR(sgd(), { stepSize: 1, gamma: 0.5 });
  sched.step();
  sched.step();
  return { sched, sd: sched.stateDict() };
};
/** A ReduceLROnPlateau that has seen two metrics, and its state dict. */
const steppedPlateau = () => {
  const sched = new nn.ReduceLROnPlateau(sgd(), { patience: 0 });
  sched.step(2);
  sched.step(3);
  return { sched, sd: sched.stateDict() };
};

const schedulers: BadInput[] = [
  ...table('clipGradNorm_', (p, m, o) => nn.clipGradNorm_(p, m, o), [
    ['a negative maxNorm', () => [[withGrad()], -1], ArgumentError, 'clipGradNorm_: maxNorm must be >= 0, got -1'],
    ['a NaN maxNorm', () => [[withGrad()], Number.NaN], ArgumentError, 'clipGradNorm_: maxNorm must be a finite number, got NaN'],
    [
      'normType 0',
      () => [[withGrad()], 1, { normType: 0 }],
      ArgumentError,
      'clipGradNorm_: normType must be a number > 0 (or Infinity), got 0',
    ],
    [
      'normType as a string',
      () => [[withGrad()], 1, { normType: 'inf' }],
      ArgumentError,
      'clipGradNorm_: normType must be a number > 0 (or Infinity), got "inf"',
    ],
    ['a misspelt option', () => [[withGrad()], 1, { norm_type: 2 }], ArgumentError, 'clipGradNorm_: unknown option "norm_type"'],
    [
      'errorIfNonfinite as a string',
      () => [[withGrad()], 1, { errorIfNonfinite: 'yes' }],
      ArgumentError,
      'clipGradNorm_: errorIfNonfinite must be true or false, got "yes"',
    ],
    [
      'a NaN gradient with errorIfNonfinite',
      () => {
        const p = param([2]);
        p.grad = t([2], Number.NaN);
        return [[p], 1, { errorIfNonfinite: true }];
      },
      ArgumentError,
      'clipGradNorm_: the total norm of order 2 of the gradients is NaN, so it cannot be clipped; pass errorIfNonfinite: false',
    ],
    ['the module itself', () => [linear(), 1], ArgumentError, 'clipGradNorm_: got the module itself; pass its parameters'],
    ['a number for params', () => [5, 1], ArgumentError, 'clipGradNorm_: params must be a tensor or an iterable of tensors, got 5'],
    ['an array holding a number', () => [[withGrad(), 3], 1], ArgumentError, 'clipGradNorm_: params[1] is 3, not a Tensor'],
  ]),
  ...table('clipGradValue_', (p, c) => nn.clipGradValue_(p, c), [
    ['a negative clipValue', () => [[withGrad()], -0.5], ArgumentError, 'clipGradValue_: clipValue must be >= 0, got -0.5'],
    [
      'an infinite clipValue',
      () => [[withGrad()], Number.POSITIVE_INFINITY],
      ArgumentError,
      'clipGradValue_: clipValue must be a finite number, got Infinity',
    ],
    ['a string for params', () => ['w', 1], ArgumentError, 'clipGradValue_: params must be a tensor or an iterable of tensors, got "w"'],
    ['an array holding null', () => [[null], 1], ArgumentError, 'clipGradValue_: params[0] is null, not a Tensor'],
  ]),
  ...table('StepLR', (o, opts) => new nn.StepLR(o, opts), [
    ['no options', () => [sgd(), {}], ArgumentError, 'StepLR: stepSize must be an integer >= 1, got undefined'],
    ['stepSize 0', () => [sgd(), { stepSize: 0 }], ArgumentError, 'StepLR: stepSize must be an integer >= 1, got 0'],
    ['a negative gamma', () => [sgd(), { stepSize: 2, gamma: -0.1 }], ArgumentError, 'StepLR: gamma must be >= 0, got -0.1'],
    [
      'a misspelt option',
      () => [sgd(), { step_size: 2 }],
      ArgumentError,
      'StepLR: unknown option "step_size"; the options are "stepSize", "gamma"',
    ],
    [
      'a list of parameters for the optimizer',
      () => [[param([2])], { stepSize: 2 }],
      ArgumentError,
      'StepLR: expected an optimizer (new SGD(...), new Adam(...)), got [a Parameter]',
    ],
    ['options that are a number', () => [sgd(), 3], ArgumentError, 'StepLR: options must be an object, got 3'],
  ]),
  ...table('MultiStepLR', (o, opts) => new nn.MultiStepLR(o, opts), [
    [
      'milestones that are a number',
      () => [sgd(), { milestones: 5 }],
      ArgumentError,
      'MultiStepLR: milestones must be an array of epochs (integers >= 1), got 5',
    ],
    [
      'a fractional milestone',
      () => [sgd(), { milestones: [2, 3.5] }],
      ArgumentError,
      'MultiStepLR: milestones[1] must be an integer >= 1, got 3.5',
    ],
    [
      'a milestone at epoch 0',
      () => [sgd(), { milestones: [0] }],
      ArgumentError,
      'MultiStepLR: milestones[0] must be an integer >= 1, got 0',
    ],
    [
      'a NaN gamma',
      () => [sgd(), { milestones: [2], gamma: Number.NaN }],
      ArgumentError,
      'MultiStepLR: gamma must be a finite number, got NaN',
    ],
  ]),
  ...table('ExponentialLR', (o, opts) => new nn.ExponentialLR(o, opts), [
    ['no gamma', () => [sgd(), {}], ArgumentError, 'ExponentialLR: gamma is required: pass { gamma }, e.g. { gamma: 0.9 }'],
    ['gamma as a string', () => [sgd(), { gamma: '0.9' }], ArgumentError, 'ExponentialLR: gamma must be a finite number, got "0.9"'],
    [
      'the module for the optimizer',
      () => [linear(), { gamma: 0.9 }],
      ArgumentError,
      'ExponentialLR: expected an optimizer (new SGD(...), new Adam(...)), got a Linear',
    ],
  ]),
  ...table('CosineAnnealingLR', (o, opts) => new nn.CosineAnnealingLR(o, opts), [
    ['tMax 0', () => [sgd(), { tMax: 0 }], ArgumentError, 'CosineAnnealingLR: tMax must be an integer >= 1, got 0'],
    ['a fractional tMax', () => [sgd(), { tMax: 2.5 }], ArgumentError, 'CosineAnnealingLR: tMax must be an integer >= 1, got 2.5'],
    ['a negative etaMin', () => [sgd(), { tMax: 10, etaMin: -1e-3 }], ArgumentError, 'CosineAnnealingLR: etaMin must be >= 0, got -0.001'],
    [
      'PyTorch’s T_max',
      () => [sgd(), { T_max: 10 }],
      ArgumentError,
      'CosineAnnealingLR: unknown option "T_max"; the options are "tMax", "etaMin"',
    ],
  ]),
  ...table('LinearLR', (o, opts) => new nn.LinearLR(o, opts), [
    ['startFactor 0', () => [sgd(), { startFactor: 0 }], ArgumentError, 'LinearLR: startFactor must be in (0, 1], got 0'],
    ['startFactor above 1', () => [sgd(), { startFactor: 1.5 }], ArgumentError, 'LinearLR: startFactor must be in (0, 1], got 1.5'],
    ['a negative endFactor', () => [sgd(), { endFactor: -0.5 }], ArgumentError, 'LinearLR: endFactor must be in [0, 1], got -0.5'],
    ['totalIters 0', () => [sgd(), { totalIters: 0 }], ArgumentError, 'LinearLR: totalIters must be an integer >= 1, got 0'],
  ]),
  ...table(
    'LRScheduler',
    (s: nn.LRScheduler, sd) => s.loadStateDict(sd),
    [
      [
        'loadStateDict() with null',
        () => [steppedScheduler().sched, null],
        StateDictError,
        'StepLR.loadStateDict: expected a scheduler state dict (an object), got null',
      ],
      [
        'loadStateDict() of two groups into one',
        () => [
          steppedScheduler().sched,
          new nn.StepLR(new SGD([{ params: [param([1])] }, { params: [param([1])] }], { lr: 0.1 }), { stepSize: 1 }).stateDict(),
        ],
        StateDictError,
        'StepLR.loadStateDict: baseLrs must be an array of 1 finite numbers (one per parameter group), got [0.1, 0.1]',
      ],
      [
        'loadStateDict() of another scheduler',
        () => [steppedScheduler().sched, new nn.ExponentialLR(sgd(), { gamma: 0.9 }).stateDict()],
        StateDictError,
        'StepLR.loadStateDict: the state dict has no "stepSize"; it must have every option',
      ],
      [
        'loadStateDict() with a negative lastEpoch',
        () => {
          const { sched, sd } = steppedScheduler();
          return [sched, { ...sd, lastEpoch: -1 }];
        },
        StateDictError,
        'StepLR.loadStateDict: lastEpoch must be an integer >= 0, got -1',
      ],
      [
        'loadStateDict() with a bad option',
        () => {
          const { sched, sd } = steppedScheduler();
          return [sched, { ...sd, stepSize: 0 }];
        },
        StateDictError,
        'StepLR.loadStateDict: StepLR: stepSize must be an integer >= 1, got 0',
      ],
    ],
    { who: 'StepLR.loadStateDict' },
  ),
  ...table('ReduceLROnPlateau', (o, opts) => new nn.ReduceLROnPlateau(o, opts), [
    ['an unknown mode', () => [sgd(), { mode: 'minimum' }], ArgumentError, `ReduceLROnPlateau: mode must be 'min' or 'max', got "minimum"`],
    [
      'an unknown thresholdMode',
      () => [sgd(), { thresholdMode: 'relative' }],
      ArgumentError,
      `ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got "relative"`,
    ],
    ['factor 1', () => [sgd(), { factor: 1 }], ArgumentError, 'ReduceLROnPlateau: factor must be in [0, 1), got 1'],
    [
      'a fractional patience',
      () => [sgd(), { patience: 1.5 }],
      ArgumentError,
      'ReduceLROnPlateau: patience must be an integer >= 0, got 1.5',
    ],
    ['a negative cooldown', () => [sgd(), { cooldown: -1 }], ArgumentError, 'ReduceLROnPlateau: cooldown must be an integer >= 0, got -1'],
    ['a negative threshold', () => [sgd(), { threshold: -1e-4 }], ArgumentError, 'ReduceLROnPlateau: threshold must be >= 0, got -0.0001'],
    [
      'minLr for two groups of one',
      () => [sgd(), { minLr: [0, 0] }],
      ArgumentError,
      'ReduceLROnPlateau: minLr must have one value per parameter group (1), got 2 values',
    ],
    ['a negative minLr', () => [sgd(), { minLr: -1 }], ArgumentError, 'ReduceLROnPlateau: minLr must be >= 0, got -1'],
    ['a NaN eps', () => [sgd(), { eps: Number.NaN }], ArgumentError, 'ReduceLROnPlateau: eps must be a finite number, got NaN'],
    ['PyTorch’s min_lr', () => [sgd(), { min_lr: 0.1 }], ArgumentError, 'ReduceLROnPlateau: unknown option "min_lr"'],
    [
      'no optimizer',
      () => [undefined],
      ArgumentError,
      'ReduceLROnPlateau: expected an optimizer (new SGD(...), new Adam(...)), got undefined',
    ],
  ]),
  ...table(
    'ReduceLROnPlateau',
    (s: nn.ReduceLROnPlateau, m) => s.step(m),
    [
      [
        'step() with no metric',
        () => [steppedPlateau().sched],
        ArgumentError,
        'ReduceLROnPlateau.step: metric must be a number, got undefined',
      ],
      [
        'step() with a tensor',
        () => [steppedPlateau().sched, t([1])],
        ArgumentError,
        'ReduceLROnPlateau.step: metric must be a number, got a Tensor',
      ],
      [
        'step(-Infinity) in min mode',
        () => [steppedPlateau().sched, Number.NEGATIVE_INFINITY],
        ArgumentError,
        "ReduceLROnPlateau.step: metric must not be -Infinity in 'min' mode; no later metric could improve on it",
      ],
    ],
    { who: 'ReduceLROnPlateau.step' },
  ),
  ...table(
    'ReduceLROnPlateau',
    (s: nn.ReduceLROnPlateau, sd) => s.loadStateDict(sd),
    [
      [
        'loadStateDict() with an array',
        () => [steppedPlateau().sched, []],
        StateDictError,
        'ReduceLROnPlateau.loadStateDict: expected a scheduler state dict (an object), got []',
      ],
      [
        'loadStateDict() with a bad option',
        () => {
          const { sched, sd } = steppedPlateau();
          return [sched, { ...sd, options: { ...sd.options, factor: 2 } }];
        },
        StateDictError,
        'ReduceLROnPlateau.loadStateDict: ReduceLROnPlateau: factor must be in [0, 1), got 2',
      ],
      [
        'loadStateDict() with a string best',
        () => {
          const { sched, sd } = steppedPlateau();
          return [sched, { ...sd, best: '2' }];
        },
        StateDictError,
        'ReduceLROnPlateau.loadStateDict: best must be a number or null, got "2"',
      ],
      [
        'loadStateDict() with a negative cooldownCounter',
        () => {
          const { sched, sd } = steppedPlateau();
          return [sched, { ...sd, cooldownCounter: -2 }];
        },
        StateDictError,
        'ReduceLROnPlateau.loadStateDict: cooldownCounter must be an integer >= 0, got -2',
      ],
      [
        'loadStateDict() with an extra key',
        () => {
          const { sched, sd } = steppedPlateau();
          return [sched, { ...sd, verbose: false }];
        },
        StateDictError,
        'ReduceLROnPlateau.loadStateDict: ReduceLROnPlateau: unknown option "verbose"',
      ],
    ],
    { who: 'ReduceLROnPlateau.loadStateDict' },
  ),
];

export const NN_CASES: BadInput[] = [
  ...modules,
  ...NN_LAYER_CASES,
  ...random,
  ...losses,
  ...optimizers,
  ...init,
  ...json,
  ...safetensorsRows,
  ...checkpointRows,
  ...diagnostics,
  ...schedulers,
  ...NN_DATA_CASES,
];

/**
 * Exports of nn that need no bad-input row, and why. Every other function or class exported by
 * nn's index must appear in `NN_CASES`.
 */
export const NN_ALLOWED: Record<string, string> = {
  DEFAULT_SEED: 'a constant',
  MAX_HEADER_SIZE: 'a constant',
  Activation: 'an abstract class: its subclasses (ReLU, …) have rows',
  Identity: 'takes no options, and its forward returns any input unchanged, as torch.nn.Identity',
  StateDictError: 'an error class: any message is accepted, as by Error',
  StateDictFormatError: 'an error class: any message is accepted, as by Error',
  SafetensorsError: 'an error class: any message is accepted, as by Error',
};
