/** Bad input gets a named error that says what was wrong and what was expected, and changes nothing. */
import {
  ArgumentError,
  AxisError,
  ShapeError,
  TapegradError,
  add,
  broadcastTo,
  concat,
  matmul,
  permute,
  reshape,
  slice,
  select,
  squeeze,
  sum,
  tensor,
  zeros,
} from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

describe('shape errors name the op and both shapes', () => {
  test.each([
    ['matmul', () => matmul(zeros([2, 3]), zeros([4, 5])), 'matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ'],
    [
      'add',
      () => add(zeros([2, 3]), zeros([4])),
      'add: cannot broadcast shapes [2,3] and [4]: dimension 3 and dimension 4 (axis -1 from the right) differ and neither is 1',
    ],
    ['reshape', () => reshape(zeros([2, 3]), [4, 2]), 'reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements)'],
    ['broadcastTo', () => broadcastTo(zeros([3]), [2, 4]), 'broadcastTo: cannot broadcast [3] to [2,4]'],
    [
      'concat',
      () => concat([zeros([2, 3]), zeros([2, 4])], 0),
      'concat: tensors[1] has shape [2,4] but tensors[0] has [2,3]; all dimensions but axis 0 must match',
    ],
    ['squeeze', () => squeeze(zeros([2, 1]), 0), 'squeeze: axis 0 of shape [2,1] has length 2, not 1'],
    [
      'matmul 0-d',
      () => matmul(zeros([]), zeros([2])),
      'matmul: both operands need at least one dimension, got [] and [2]; use mul for a scalar',
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(message);
  });
});

describe('axes out of range', () => {
  test.each([
    ['sum', () => sum(zeros([2, 3]), 2), 'sum: axis 2 is out of range for a tensor of rank 2; valid axes: [-2, 1]'],
    ['sum negative', () => sum(zeros([2, 3]), -3), 'sum: axis -3 is out of range for a tensor of rank 2; valid axes: [-2, 1]'],
    ['slice', () => slice(zeros([2]), 1, 0, 1), 'slice: axis 1 is out of range for a tensor of rank 1; valid axes: [-1, 0]'],
    ['select', () => select(zeros([2, 3]), 1, 3), 'select: index 3 is out of range for axis 1 of length 3 (shape [2,3])'],
    ['0-d', () => sum(zeros([]), 0), 'sum: axis 0 is out of range for a tensor of rank 0; valid axes: none (the tensor is 0-d)'],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(AxisError);
    expect(call).toThrow(message);
  });
});

describe('wrong argument types', () => {
  test.each([
    ['a string operand', () => add(tensor([1]), 'x' as never), 'add: b must be a Tensor, a number or nested arrays of numbers, got "x"'],
    ['a fractional axis', () => sum(zeros([2]), 0.5), 'sum: axis must be an integer, got 0.5'],
    ['a repeated axis', () => sum(zeros([2, 2]), [0, -2]), 'sum: axis 0 appears twice in [0, -2]'],
    ['a bad permutation', () => permute(zeros([2, 3]), [0, 0]), 'permute: axes must list each axis once, got [0, 0]'],
    ['a zero step', () => slice(zeros([4]), 0, 0, 4, 0), 'slice: step must be a positive integer, got 0'],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(ArgumentError);
    expect(call).toThrow(message);
  });

  test('every error is a TapegradError with its class name as name', () => {
    try {
      matmul(zeros([2, 3]), zeros([4, 5]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TapegradError);
      expect((e as Error).name).toBe('ShapeError');
    }
  });

  test('a failed op leaves its inputs unchanged and records nothing', () => {
    const a = tensor([[1, 2, 3]], { requiresGrad: true });
    const before = a.data.slice();
    expect(() => matmul(a, a)).toThrow(ShapeError);
    expect(a.data).toEqual(before);
    expect(a.grad).toBeNull();
  });
});
