/**
 * The calculus of tapegrad on one screen: every primitive's gradient rule, gathered from the files
 * where each sits beside its forward. The type `{ [K in OpName]: GradRule<K> }` makes a primitive
 * without a rule (or a rule for an op that does not exist) a compile error.
 */
import { activationRules } from './ops/activations.js';
import { binaryRules } from './ops/binary.js';
import { fusedRules } from './ops/fused.js';
import { layoutRules } from './ops/layout.js';
import { linalgRules } from './ops/linalg.js';
import type { GradRule, OpName } from './ops/primitives.js';
import { reduceRules } from './ops/reduce.js';
import { unaryRules } from './ops/unary.js';

export type RuleTable = { readonly [K in OpName]: GradRule<K> };

let table: RuleTable | null = null;

/** The gradient rule of a primitive. (The table is built on first use, after every op module has loaded.) */
export function gradRule<K extends OpName>(op: K): GradRule<K> {
  table ??= {
    ...binaryRules,
    ...unaryRules,
    ...activationRules,
    ...reduceRules,
    ...linalgRules,
    ...layoutRules,
  };
  return table[op];
}

/**
 * The rule backward runs for `op`: a fused one-pass kernel when the pass is not recorded and one
 * exists (`ops/fused.ts`), otherwise the tensor-op rule.
 */
export function backwardRule<K extends OpName>(op: K, recorded: boolean): GradRule<K> {
  return (!recorded && (fusedRules[op] as GradRule<K> | undefined)) || gradRule(op);
}
