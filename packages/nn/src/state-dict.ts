/**
 * State dicts: the types, the error, and the checks `Module.loadStateDict` runs before it writes.
 */
import { ArgumentError, Tensor, TapegradError, describeValue, fmtShape } from '@tapegrad/core';
import { Parameter } from './parameter.js';

/** A module's parameters and buffers by dotted name (`0.weight`, `2.bias`, `1.running_mean`), as PyTorch's `state_dict()`. */
export type StateDict = Map<string, Tensor>;

/** What `loadStateDict` accepts: a `StateDict`, or a plain object of tensors by name. */
export type StateDictLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/**
 * A state dict that does not fit a module (missing or unexpected keys, or a shape that differs), or
 * an optimizer state dict that does not fit the optimizer.
 *
 * @example
 * try { new Linear(2, 3).loadStateDict({ weight: zeros([3, 2]) }); }
 * catch (e) { console.log(e instanceof StateDictError, String(e)); }
 * // true StateDictError: loadStateDict: error(s) loading the state dict into Linear:
 * //   missing key(s): "bias"
 */
export class StateDictError extends TapegradError {}

/**
 * What is wrong with loading `stateDict` into a module whose parameters and buffers are `own`:
 * missing and unexpected keys (problems only when `strict`), values that are not tensors, shapes
 * that differ. `owner` names the module in the messages.
 */
export function stateDictProblems(
  stateDict: StateDictLike,
  own: ReadonlyMap<string, Tensor>,
  strict: boolean,
  owner: string,
): { given: Map<string, Tensor>; missingKeys: string[]; unexpectedKeys: string[]; problems: string[] } {
  const given = toEntries(stateDict);
  const missingKeys = [...own.keys()].filter((k) => !given.has(k));
  const unexpectedKeys = [...given.keys()].filter((k) => !own.has(k));
  const problems: string[] = [];
  if (strict && missingKeys.length > 0) problems.push(`missing key(s): ${missingKeys.map((k) => JSON.stringify(k)).join(', ')}`);
  if (strict && unexpectedKeys.length > 0) problems.push(`unexpected key(s): ${unexpectedKeys.map((k) => JSON.stringify(k)).join(', ')}`);
  for (const [name, p] of own) {
    const t = given.get(name);
    if (t === undefined) continue;
    if (!(t instanceof Tensor)) {
      problems.push(`${JSON.stringify(name)} is ${describeValue(t)}, not a Tensor`);
    } else if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      const kind = p instanceof Parameter ? 'parameter' : 'buffer';
      problems.push(
        `size mismatch for ${JSON.stringify(name)}: the state dict has shape ${fmtShape(t.shape)}, the ${kind} in ${owner} has shape ${fmtShape(p.shape)}`,
      );
    }
  }
  return { given, missingKeys, unexpectedKeys, problems };
}

function toEntries(stateDict: StateDictLike): Map<string, Tensor> {
  if (stateDict instanceof Map) return new Map(stateDict);
  if (stateDict === null || typeof stateDict !== 'object') {
    throw new ArgumentError(`loadStateDict: expected a Map or an object of tensors by name, got ${describeValue(stateDict)}`);
  }
  return new Map(Object.entries(stateDict as Record<string, Tensor>));
}
