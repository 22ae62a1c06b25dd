/**
 * The bad-input rows of nn's normalization, dropout and container layers (Dropout, LayerNorm,
 * BatchNorm1d, ModuleList, ModuleDict) and of toPyTorch, spread into `NN_CASES` by nn-cases.ts.
 * See `sweep.ts`.
 */
import { ArgumentError, ShapeError, Tensor, defaultRng } from '@tapegrad/core';
import {
  BCEWithLogitsLoss,
  BatchNorm1d,
  Dropout,
  LayerNorm,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ReLU,
  Sequential,
  toPyTorch,
} from '@tapegrad/nn';
import { table, type BadInput } from './sweep.js';

const t = (shape: number[]) =>
  new Tensor(
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i + 1) / 10),
    shape,
  );
const list = () => new ModuleList([new Linear(2, 2, { generator: defaultRng(0) }), new ReLU()]);
/** A module of the user's: its forward is code that toPyTorch cannot translate. */
class Residual extends Module {
  inner = new Linear(2, 2, { generator: defaultRng(0) });
  forward(x: Tensor): Tensor {
    return x.add(this.inner.forward(x));
  }
}
class DoubledReLU extends ReLU {
  override forward(z: Tensor): Tensor {
    return super.forward(z).mul(2);
  }
}
const shared = () => {
  const l = new Linear(2, 2, { generator: defaultRng(0) });
  return new Sequential(l, new ReLU(), l);
};
const withField = () => {
  const s = new Sequential(new ReLU()) as Sequential & { scale?: Parameter };
  s.scale = new Parameter(t([1]));
  return s;
};
const dict = () => new ModuleDict({ a: new ReLU(), b: new Linear(2, 2, { generator: defaultRng(0) }) });

export const NN_LAYER_CASES: BadInput[] = [
  ...table('Dropout', (p, o) => new Dropout(p, o), [
    ['p above 1', () => [1.5], ArgumentError, 'Dropout: p must be in [0, 1], got 1.5'],
    ['a negative p', () => [-0.1], ArgumentError, 'Dropout: p must be >= 0, got -0.1'],
    ['a NaN p', () => [NaN], ArgumentError, 'Dropout: p must be a finite number, got NaN'],
    ['p as a string', () => ['0.5'], ArgumentError, 'Dropout: p must be a finite number, got "0.5"'],
    ['p given as an option', () => [undefined, { p: 0.2 }], ArgumentError, 'Dropout: unknown option "p"; the options are "generator"'],
    ['a generator without uniform', () => [0.5, { generator: {} }], ArgumentError, 'Dropout: generator must have uniform(low, high, size)'],
  ]),
  ...table(
    'Dropout',
    (m: Dropout, x) => m.forward(x),
    [
      [
        'forward() with an array',
        () => [new Dropout(0.5, { generator: defaultRng(0) }), [1, 2]],
        ArgumentError,
        'expected a Tensor, got [1, 2]',
      ],
    ],
    { who: 'Dropout(p=0.5)' },
  ),
  ...table('LayerNorm', (s, o) => new LayerNorm(s, o), [
    ['a zero size', () => [0], ArgumentError, 'LayerNorm: normalizedShape[0] must be an integer >= 1, got 0'],
    [
      'an empty shape',
      () => [[]],
      ArgumentError,
      'LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got []',
    ],
    ['a fractional size in a shape', () => [[3, 2.5]], ArgumentError, 'LayerNorm: normalizedShape[1] must be an integer >= 1, got 2.5'],
    [
      'a string shape',
      () => ['8'],
      ArgumentError,
      'LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got "8"',
    ],
    ['a negative eps', () => [8, { eps: -1 }], ArgumentError, 'LayerNorm: eps must be >= 0, got -1'],
    [
      'elementwiseAffine a string',
      () => [8, { elementwiseAffine: 'yes' }],
      ArgumentError,
      'LayerNorm: elementwiseAffine must be true or false, got "yes"',
    ],
    [
      'a snake_case option',
      () => [8, { elementwise_affine: false }],
      ArgumentError,
      'LayerNorm: unknown option "elementwise_affine"; the options are "eps", "elementwiseAffine"',
    ],
  ]),
  ...table(
    'LayerNorm',
    (m: LayerNorm, x) => m.forward(x),
    [
      [
        'forward() with the wrong trailing size',
        () => [new LayerNorm(4), t([2, 3])],
        ShapeError,
        'LayerNorm([4]): expected input [*, 4], got [2,3]',
      ],
      [
        'forward() with too few axes',
        () => [new LayerNorm([2, 3]), t([3])],
        ShapeError,
        'LayerNorm([2,3]): expected input [*, 2, 3], got [3]',
      ],
      [
        'forward() with a string',
        () => [new LayerNorm(4), 'x'],
        ArgumentError,
        'LayerNorm([4]): expected a Tensor of shape [*, 4], got "x"',
      ],
    ],
    { who: 'LayerNorm(' },
  ),
  ...table('BatchNorm1d', (n, o) => new BatchNorm1d(n, o), [
    ['zero features', () => [0], ArgumentError, 'BatchNorm1d: numFeatures must be an integer >= 1, got 0'],
    ['a shape for the features', () => [[8]], ArgumentError, 'BatchNorm1d: numFeatures must be an integer >= 1, got [8]'],
    ['momentum above 1', () => [8, { momentum: 2 }], ArgumentError, 'BatchNorm1d: momentum must be in [0, 1] or null, got 2'],
    ['a NaN momentum', () => [8, { momentum: NaN }], ArgumentError, 'BatchNorm1d: momentum must be a finite number, got NaN'],
    ['an infinite eps', () => [8, { eps: Infinity }], ArgumentError, 'BatchNorm1d: eps must be a finite number, got Infinity'],
    ['affine a number', () => [8, { affine: 1 }], ArgumentError, 'BatchNorm1d: affine must be true or false, got 1'],
    [
      'a snake_case option',
      () => [8, { track_running_stats: false }],
      ArgumentError,
      'BatchNorm1d: unknown option "track_running_stats"; the options are "eps", "momentum", "affine", "trackRunningStats"',
    ],
  ]),
  ...table(
    'BatchNorm1d',
    (m: BatchNorm1d, x) => m.forward(x),
    [
      [
        'forward() with the wrong channel count',
        () => [new BatchNorm1d(3), t([4, 2])],
        ShapeError,
        'expected input [N, 3] or [N, 3, L], got [4,2]',
      ],
      ['forward() of a 1-d input', () => [new BatchNorm1d(3), t([3])], ShapeError, 'expected input [N, 3] or [N, 3, L], got [3]'],
      [
        'forward() of a 4-d input',
        () => [new BatchNorm1d(3), t([2, 3, 2, 2])],
        ShapeError,
        'expected input [N, 3] or [N, 3, L], got [2,3,2,2]',
      ],
      [
        'forward() of one sample in training (running statistics unchanged)',
        () => [new BatchNorm1d(3), t([1, 3])],
        ShapeError,
        'expected more than 1 value per channel when training, got input [1,3]',
      ],
      [
        'forward() with an array',
        () => [new BatchNorm1d(3), [[1, 2, 3]]],
        ArgumentError,
        'expected a Tensor of shape [N, 3] or [N, 3, L], got [[1, 2, 3]]',
      ],
    ],
    { who: 'BatchNorm1d(3)' },
  ),
  ...table('ModuleList', (ms) => new ModuleList(ms), [
    ['a string among modules', () => [[new ReLU(), 'relu']], ArgumentError, 'ModuleList: module 1 is "relu", not a Module'],
    ['a module, not a list', () => [new ReLU()], ArgumentError, 'ModuleList: expected an array (or iterable) of modules, got a ReLU'],
  ]),
  ...table(
    'ModuleList',
    (l: ModuleList, i) => l.at(i),
    [
      [
        'at() an index out of range',
        () => [list(), 2],
        ArgumentError,
        'ModuleList.at: index 2 is out of range for 2 modules; it must be an integer in [-2, 1]',
      ],
    ],
    { who: 'ModuleList.at' },
  ),
  ...table(
    'ModuleList',
    (l: ModuleList, i, m) => l.insert(i, m),
    [
      [
        'insert() past the end',
        () => [list(), 3, new ReLU()],
        ArgumentError,
        'ModuleList.insert: index 3 is out of range for 2 modules; it must be an integer in [-2, 2]',
      ],
      ['insert() a tensor', () => [list(), 0, t([2])], ArgumentError, 'ModuleList.insert: expected a Module, got a Tensor'],
    ],
    { who: 'ModuleList.insert' },
  ),
  ...table(
    'ModuleList',
    (l: ModuleList, ms) => l.extend(ms),
    [
      [
        'extend() with a function among modules',
        () => [list(), [new ReLU(), () => 0]],
        ArgumentError,
        'module 1 is a function, not a Module',
      ],
    ],
    {
      who: 'ModuleList.extend',
    },
  ),
  ...table(
    'ModuleList',
    (l: ModuleList, m) => l.append(m),
    [['append() a string', () => [list(), 'relu'], ArgumentError, 'expected a Module, got "relu"']],
    {
      who: 'ModuleList.append',
    },
  ),
  ...table(
    'ModuleList',
    (l: ModuleList, i) => l.pop(i),
    [['pop() from an index out of range', () => [list(), -3], ArgumentError, 'index -3 is out of range for 2 modules']],
    {
      who: 'ModuleList.pop',
    },
  ),
  ...table('ModuleList', (l: ModuleList) => l.forward(), [
    ['forward()', () => [list()], ArgumentError, 'has no forward; its modules must be called from the forward'],
  ]),
  ...table('ModuleDict', (ms) => new ModuleDict(ms), [
    ['a string value', () => [{ a: 'relu' }], ArgumentError, 'ModuleDict: the value for key "a" is "relu", not a Module'],
    ['a dotted key', () => [{ 'a.b': new ReLU() }], ArgumentError, 'ModuleDict: a key must be a non-empty string without ".", got "a.b"'],
    ['a number', () => [3], ArgumentError, 'ModuleDict: expected an object of modules by key or an iterable of [key, module] pairs, got 3'],
    [
      'pairs of the wrong length',
      () => [[['a', new ReLU(), 1]]],
      ArgumentError,
      'ModuleDict: expected [key, module] pairs, got ["a", a ReLU, 1]',
    ],
  ]),
  ...table(
    'ModuleDict',
    (d: ModuleDict, k) => d.get(k),
    [['get() a missing key', () => [dict(), 'c'], ArgumentError, 'ModuleDict.get: no such key "c"; the keys are ["a", "b"]']],
    {
      who: 'ModuleDict.get',
    },
  ),
  ...table('ModuleDict', (d: ModuleDict, k) => d.pop(k), [['pop() a missing key', () => [dict(), 'c'], ArgumentError, 'no such key "c"']], {
    who: 'ModuleDict.get',
  }),
  ...table(
    'ModuleDict',
    (d: ModuleDict, k, m) => d.set(k, m),
    [
      [
        'set() an empty key',
        () => [dict(), '', new ReLU()],
        ArgumentError,
        'ModuleDict.set: a key must be a non-empty string without ".", got ""',
      ],
      ['set() a parameter', () => [dict(), 'c', t([2])], ArgumentError, 'ModuleDict.set: expected a Module, got a Tensor'],
    ],
    { who: 'ModuleDict.set' },
  ),
  ...table(
    'ModuleDict',
    (d: ModuleDict, ms) => d.update(ms),
    [
      [
        'update() with a bad value after good ones',
        () => [dict(), { c: new ReLU(), d: 1 }],
        ArgumentError,
        'the value for key "d" is 1, not a Module',
      ],
    ],
    {
      who: 'ModuleDict.update',
    },
  ),
  ...table('ModuleDict', (d: ModuleDict) => d.forward(), [
    ['forward()', () => [dict()], ArgumentError, 'has no forward; its modules must be called from the forward'],
  ]),
  ...table('toPyTorch', (m, o) => toPyTorch(m, o), [
    ['a plain object for the model', () => [{ forward: () => 0 }], ArgumentError, 'toPyTorch: model must be a Module, got an object'],
    [
      'a module of the user’s at the root',
      () => [new Residual()],
      ArgumentError,
      'the module at the root is a Residual, which has no PyTorch translation; supported are Linear',
    ],
    [
      'a module of the user’s inside a container',
      () => [new Sequential(new ReLU(), new ModuleDict({ block: new Residual() }))],
      ArgumentError,
      'the module at "1.block" is a Residual',
    ],
    [
      'a subclass of ReLU',
      () => [new Sequential(new DoubledReLU())],
      ArgumentError,
      'is a DoubledReLU, a subclass of ReLU whose forward may differ',
    ],
    ['a module in two places', () => [shared()], ArgumentError, 'the same module Linear is at "0" and at "2", which is not supported'],
    [
      'a Sequential with a parameter field',
      () => [withField()],
      ArgumentError,
      'holds ["scale", "0"] where torch.nn.Sequential would hold ["0"]',
    ],
    [
      'a ModuleDict key PyTorch refuses',
      () => [new ModuleDict({ train: new ReLU() })],
      ArgumentError,
      'has the key "train", which PyTorch\'s ModuleDict does not accept',
    ],
    [
      'a weighted loss',
      () => [new BCEWithLogitsLoss({ posWeight: [2] })],
      ArgumentError,
      'the BCEWithLogitsLoss at the root cannot be translated',
    ],
    ['an empty path', () => [new ReLU(), { path: '' }], ArgumentError, 'toPyTorch: path must be a non-empty string, got ""'],
    [
      'a dtype it does not write',
      () => [new ReLU(), { dtype: 'BF16' }],
      ArgumentError,
      'toPyTorch: dtype must be "F64" or "F32", got "BF16"',
    ],
    [
      'an unknown option',
      () => [new ReLU(), { strict: false }],
      ArgumentError,
      'toPyTorch: unknown option "strict"; the options are "path", "dtype"',
    ],
  ]),
];
