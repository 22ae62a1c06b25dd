/** Making tensors: nested arrays, factories against NumPy, and the Tensor's own accessors. */
import { ArgumentError, Tensor, arange, eye, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { readFixture } from '../helpers.js';

const { factories } = readFixture<{ factories: Record<string, number[] | number[][]> }>('core-format.json');

describe('factories equal NumPy', () => {
  const made: Record<string, () => Tensor> = {
    'arange(5)': () => arange(5),
    'arange(1, 2, 0.25)': () => arange(1, 2, 0.25),
    'arange(0, 1, 0.1)': () => arange(0, 1, 0.1),
    'arange(-3, 3.5, 0.5)': () => arange(-3, 3.5, 0.5),
    'arange(10, 0, -3)': () => arange(10, 0, -3),
    'linspace(-3, 3, 7)': () => linspace(-3, 3, 7),
    'linspace(0, 1, 11)': () => linspace(0, 1, 11),
    'linspace(-1, 2.5, 50)': () => linspace(-1, 2.5, 50),
    'eye(3)': () => eye(3),
    'eye(2, 4)': () => eye(2, 4),
  };
  test.each(Object.keys(factories))('%s', (name) => {
    expect(made[name]!().toArray()).toEqual(factories[name]);
  });
});

describe('tensor()', () => {
  test('shapes from nested arrays, including 0-d and empty', () => {
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor([1, 2, 3]).shape).toEqual([3]);
    expect(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]).shape,
    ).toEqual([2, 3]);
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  test('toArray() gives the nested arrays back', () => {
    const values = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    expect(tensor(values).toArray()).toEqual(values);
    expect(tensor(3).toArray()).toBe(3);
    expect(tensor([[], []]).toArray()).toEqual([[], []]);
  });

  test('copies its input: changing the source later changes nothing', () => {
    const src = new Float64Array([1, 2]);
    const t = tensor(src);
    src[0] = 99;
    expect(t.data[0]).toBe(1);
  });

  test('ragged arrays are refused with the place named', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ArgumentError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array: values[1] has length 1 but values[0] has length 2; every array at one depth must have the same length',
    );
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/ragged nested array: values\[1\] is a number but values\[0\] is an array/);
    expect(() => tensor([1, '2'] as never)).toThrow('tensor: values[1] is "2"; expected a number');
    expect(() => tensor({} as never)).toThrow('tensor: values must be a number or nested arrays of numbers, got an object');
  });

  test('item() only on one-element tensors', () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(() => tensor([1, 2]).item()).toThrow(
      'item: only a tensor with exactly one element has an item; this one has shape [2] (2 elements)',
    );
  });

  test('detach() shares the values but not the tape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    expect(d.data).toBe(y.data);
  });
});

describe('filled tensors', () => {
  test('zeros, ones, full and the *Like versions', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones(3).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 0.25).toArray()).toEqual([0.25, 0.25]);
    expect(zerosLike(tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(onesLike(tensor([[1, 2]])).toArray()).toEqual([[1, 1]]);
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  test('bad sizes name the argument', () => {
    expect(() => zeros([2, -1])).toThrow('zeros: shape must be an array of non-negative integers, got [2, -1]');
    expect(() => ones([1.5])).toThrow('ones: shape must be an array of non-negative integers, got [1.5]');
    expect(() => arange(0, 1, 0)).toThrow('arange: step must not be 0');
    expect(() => arange(0, NaN)).toThrow('arange: stop must be a finite number, got NaN');
    expect(() => linspace(0, 1, -2)).toThrow('linspace: num must be a non-negative integer, got -2');
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow('Tensor: shape [2,2] holds 4 values but data has 3');
  });
});

describe('options are checked, and a mistake is met with what was meant', () => {
  test('a misspelt key names the option it resembles; an unknown one lists the options', () => {
    expect(() => tensor([1], { requires_grad: true } as never)).toThrow(
      'tensor: unknown option "requires_grad"; did you mean "requiresGrad"? The options are "requiresGrad", "name"',
    );
    expect(() => zeros([2], { dtype: 'f32' } as never)).toThrow('zeros: unknown option "dtype"; the options are "requiresGrad", "name"');
    expect(() => new Tensor(new Float64Array(1), [1], { requiresgrad: true } as never)).toThrow(
      /^Tensor: unknown option "requiresgrad"; did you mean "requiresGrad"\?/,
    );
    expect(() => scalar(1, { nmae: 'x' } as never)).toThrow(/^scalar: unknown option "nmae"; did you mean "name"\?/);
  });

  test('a shape spread over the arguments, as torch.zeros(2, 3), says to pass one array', () => {
    expect(() => zeros(2, 3 as never)).toThrow(
      'zeros: options must be an object, got 3; the shape is one array: zeros([2, 3]), not zeros(2, 3)',
    );
    expect(() => ones(2, 3 as never)).toThrow('ones([2, 3])');
    expect(() => full(2, 3, 4 as never)).toThrow('full([2, 3], 4)');
  });

  test('a shape in place of tensor()’s options says how to shape the values', () => {
    expect(() => tensor(new Float64Array(6), [2, 3] as never)).toThrow(
      'a Float64Array becomes a 1-d tensor. For shape [2, 3], use new Tensor(data, [2, 3]) (which keeps the array) or tensor(data).reshape([2, 3])',
    );
    expect(() => tensor([1, 2, 3, 4], [2, 2] as never)).toThrow(ArgumentError);
  });
});
