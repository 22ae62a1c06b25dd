/**
 * Operands: how a number or nested arrays become a tensor when an op is given one.
 */
import { ArgumentError, GraphError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { sameShape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** The shape of a 0-d tensor, shared by the constants `toTensor` makes from numbers. */
const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/**
 * `x` itself if it is a tensor, else a new constant tensor made from it: what every op does first
 * with each operand, so that `add(x, 1)` and `matmul(x, [[1], [2]])` work. `op` and `argName`
 * name the op and the argument in the error.
 *
 * @example
 * toTensor(2, 'add', 'b').shape; // []
 */
export function toTensor(x: TensorLike, op: string, argName = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') {
    const data = new Float64Array(1);
    data[0] = x;
    return new Tensor(data, SCALAR_SHAPE);
  }
  if (Array.isArray(x)) {
    const { data, shape } = flattenNested(op, x, argName);
    return new Tensor(data, shape);
  }
  throw new ArgumentError(`${op}: ${argName} must be a Tensor, a number or nested arrays of numbers, got ${describeValue(x)}`);
}

/**
 * Reads nested arrays breadth-first (no recursion), checking that they are rectangular: their values
 * in row-major order, and their shape.
 */
export function flattenNested(op: string, values: unknown, argName = 'values'): { data: Float64Array; shape: number[] } {
  if (typeof values === 'number') return { data: new Float64Array([values]), shape: [] };
  if (!Array.isArray(values)) {
    throw new ArgumentError(`${op}: ${argName} must be a number or nested arrays of numbers, got ${describeValue(values)}`);
  }
  const shape: number[] = [];
  // One level at a time: `level` holds every array at the current depth, `paths` where each sits.
  let level: unknown[][] = [values];
  let paths: string[] = [''];
  for (;;) {
    const first = level[0]!;
    shape.push(first.length);
    const leavesHere = first.length > 0 && !Array.isArray(first[0]);
    const next: unknown[][] = [];
    const nextPaths: string[] = [];
    for (let i = 0; i < level.length; i++) {
      const arr = level[i]!;
      if (arr.length !== first.length) {
        throw new ArgumentError(
          `${op}: ragged nested array: ${argName}${paths[i]} has length ${arr.length} but ${argName}${paths[0]} has length ${first.length}; every array at one depth must have the same length`,
        );
      }
      for (let j = 0; j < arr.length; j++) {
        const item = arr[j];
        const isArr = Array.isArray(item);
        if (isArr === leavesHere || (!isArr && typeof item !== 'number')) {
          const where = `${argName}${paths[i]}[${j}]`;
          if (!isArr && typeof item !== 'number') throw new ArgumentError(`${op}: ${where} is ${describeValue(item)}; expected a number`);
          throw new ArgumentError(
            `${op}: ragged nested array: ${where} is ${isArr ? 'an array' : 'a number'} but ${argName}${paths[0]}[0] is ${leavesHere ? 'a number' : 'an array'}; at one depth the items must be all numbers or all arrays`,
          );
        }
        if (isArr) {
          next.push(item as unknown[]);
          nextPaths.push(`${paths[i]}[${j}]`);
        }
      }
    }
    if (leavesHere || first.length === 0) {
      if (first.length === 0 && level.some((a) => a.length !== 0)) throw new ArgumentError(`${op}: ragged nested array in ${argName}`);
      const data = new Float64Array(sizeOf(shape));
      let k = 0;
      for (const arr of level) for (const v of arr) data[k++] = v as number;
      return { data, shape };
    }
    level = next;
    paths = nextPaths;
  }
}

/**
 * The gradient a backward pass from `output` starts with: `grad` as a tensor of the output's shape,
 * or 1 for a one-element output when no `grad` is given. `who` names the caller in errors.
 */
export function seedGradient(who: string, output: Tensor, grad: TensorLike | undefined): Tensor {
  if (!(output instanceof Tensor)) throw new ArgumentError(`${who}: expected a Tensor, got ${describeValue(output)}`);
  if (!output.requiresGrad) {
    throw new GraphError(
      `${who}: this tensor does not require grad: no input of the computation that made it had requiresGrad set (or it was computed inside noGrad)`,
    );
  }
  if (grad === undefined) {
    if (output.size !== 1) {
      throw new GraphError(
        `${who}: the output has shape ${fmtShape(output.shape)}; a gradient can only be created implicitly for a one-element output. Pass { grad } with the same shape`,
      );
    }
    return new Tensor(new Float64Array([1]), output.shape);
  }
  const g = toTensor(grad, who, 'grad');
  if (!sameShape(g.shape, output.shape)) {
    throw new ShapeError(
      `${who}: grad has shape ${fmtShape(g.shape)} but the output has shape ${fmtShape(output.shape)}; they must be equal`,
    );
  }
  return g;
}
