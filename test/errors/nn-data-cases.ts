/**
 * The bad-input rows of nn's data loading (TensorDataset, DataLoader), spread into `NN_CASES` by
 * nn-cases.ts. See `sweep.ts`.
 */
import { ArgumentError, AxisError, ShapeError, Tensor } from '@tapegrad/core';
import { DataLoader, TensorDataset, setDefaultGenerator } from '@tapegrad/nn';
import { table, type BadInput } from './sweep.js';

const t = (shape: number[]) =>
  new Tensor(
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i + 1) / 10),
    shape,
  );
const data = () => new TensorDataset(t([4, 3]), t([4]));
/** A generator with uniform and normal (enough for the layers) but no permutation. */
const noPermutation = () => ({ uniform: () => t([1]), normal: () => t([1]) });

export const NN_DATA_CASES: BadInput[] = [
  ...table('TensorDataset', (...ts) => new TensorDataset(...ts), [
    ['no tensors', () => [], ArgumentError, 'TensorDataset: expected at least one tensor in tensors, got none'],
    ['an array instead of a tensor', () => [t([2, 2]), [1, 2]], ArgumentError, 'TensorDataset: tensors[1] must be a Tensor, got [1, 2]'],
    ['a 0-d tensor', () => [t([])], ShapeError, 'TensorDataset: tensors[0] is 0-d; each tensor must have a first dimension'],
    [
      'first dimensions that differ',
      () => [t([3, 2]), t([4])],
      ShapeError,
      'TensorDataset: all tensors must have the same first dimension, got shapes [3,2], [4]',
    ],
  ]),
  ...table(
    'TensorDataset',
    (d: TensorDataset, i) => d.at(i),
    [
      [
        'at() past the end',
        () => [data(), 4],
        AxisError,
        'TensorDataset.at: index 4 is out of range for a dataset of length 4; valid indices: [-4, 3]',
      ],
      [
        'at() before the start',
        () => [data(), -5],
        AxisError,
        'TensorDataset.at: index -5 is out of range for a dataset of length 4; valid indices: [-4, 3]',
      ],
      ['at() with a fractional index', () => [data(), 1.5], ArgumentError, 'TensorDataset.at: index must be an integer, got 1.5'],
      ['at() with a string index', () => [data(), '1'], ArgumentError, 'TensorDataset.at: index must be an integer, got "1"'],
    ],
    { who: 'TensorDataset.at' },
  ),
  ...table('DataLoader', (d, o) => new DataLoader(d, o), [
    ['a zero batchSize', () => [data(), { batchSize: 0 }], ArgumentError, 'DataLoader: batchSize must be an integer >= 1, got 0'],
    ['a fractional batchSize', () => [data(), { batchSize: 2.5 }], ArgumentError, 'DataLoader: batchSize must be an integer >= 1, got 2.5'],
    ['batchSize as a string', () => [data(), { batchSize: '4' }], ArgumentError, 'DataLoader: batchSize must be an integer >= 1, got "4"'],
    ['shuffle as a string', () => [data(), { shuffle: 'yes' }], ArgumentError, 'DataLoader: shuffle must be true or false, got "yes"'],
    ['dropLast as a number', () => [data(), { dropLast: 1 }], ArgumentError, 'DataLoader: dropLast must be true or false, got 1'],
    [
      'a generator without permutation()',
      () => [data(), { shuffle: true, generator: noPermutation() }],
      ArgumentError,
      'DataLoader: generator must have a permutation(n) method (as defaultRng(seed) has), got an object',
    ],
    [
      'a seed instead of a generator',
      () => [data(), { shuffle: true, generator: 42 }],
      ArgumentError,
      'DataLoader: generator must have a permutation(n) method (as defaultRng(seed) has), got 42',
    ],
    [
      'a snake_case option',
      () => [data(), { batch_size: 4 }],
      ArgumentError,
      'DataLoader: unknown option "batch_size"; the options are "batchSize", "shuffle", "generator", "dropLast"',
    ],
    ['options that are not an object', () => [data(), 4], ArgumentError, 'DataLoader: options must be an object, got 4'],
    [
      'a tensor instead of a dataset',
      () => [t([4, 3])],
      ArgumentError,
      'DataLoader: dataset must be a TensorDataset or an object with length and tensors (see Dataset), got a Tensor',
    ],
    [
      'an array of tensors instead of a dataset',
      () => [[t([4, 3]), t([4])]],
      ArgumentError,
      'DataLoader: dataset must be a TensorDataset or an object with length and tensors (see Dataset), got [a Tensor, a Tensor]',
    ],
    [
      'a dataset with a fractional length',
      () => [{ length: 2.5, tensors: [t([2, 1])] }],
      ArgumentError,
      'DataLoader: dataset.length must be an integer >= 0, got 2.5',
    ],
    [
      'a dataset without tensors',
      () => [{ length: 0, tensors: [] }],
      ArgumentError,
      'DataLoader: expected at least one tensor in dataset.tensors, got none',
    ],
    [
      'a dataset whose tensors are not of its length',
      () => [{ length: 5, tensors: [t([4, 3]), t([4])] }],
      ShapeError,
      "DataLoader: all tensors must have the first dimension 5 (the dataset's length), got shapes [4,3], [4]",
    ],
  ]),
  ...table(
    'DataLoader',
    (loader: DataLoader) => {
      // The epoch draws from the default generator: swapped for one without permutation() for this call.
      const before = setDefaultGenerator(noPermutation());
      try {
        return [...loader];
      } finally {
        setDefaultGenerator(before);
      }
    },
    [
      [
        'shuffling when the default generator has no permutation()',
        () => [new DataLoader(data(), { shuffle: true })],
        ArgumentError,
        'DataLoader: the default generator (set by setDefaultGenerator) has no permutation(n) method, so it cannot shuffle',
      ],
    ],
  ),
  ...table('DataLoader', (loader: DataLoader) => [...loader], [
    [
      'a generator whose permutation() is not one',
      () => [new DataLoader(data(), { shuffle: true, generator: { permutation: (n: number) => Array(n).fill(0) } })],
      ArgumentError,
      'DataLoader: generator.permutation(4) must return the integers 0..3 in some order, got [0, 0, 0, 0]',
    ],
  ]),
];
