/**
 * The bad-input sweep's machinery: a row is one wrong call of one public function, constructor or
 * method; running it checks that the call raises the named error (a subclass of core's
 * `TapegradError`, the row's class exactly), that the message names the function and says what
 * was wrong and what was expected, and that every argument is unchanged afterwards.
 */
import { Generator, PCG64, Scalar, SeedSequence, Tensor, TapegradError } from '@tapegrad/core';
import { Module, Optimizer } from '@tapegrad/nn';
import { expect } from 'vitest';

// The rows call functions with deliberately wrong arguments: their parameters are untyped.
// biome-ignore lint/suspicious/noExplicitAny: the sweep calls functions with wrong types on purpose
type AnyArgs = any[];
export type ErrorClass = abstract new (message: string) => TapegradError;

export interface BadInput {
  /** The export the row exercises (a function, or the class whose constructor or method is called). */
  api: string;
  /** What is wrong with the input, as the test's title. */
  what: string;
  /** The call's arguments, made fresh for each run (for a method, the receiver comes first). */
  args: () => unknown[];
  call: (...args: AnyArgs) => unknown;
  /** The error's class, exactly (not merely a superclass). */
  error: ErrorClass;
  /** The message must contain this (a string) or match it (a regex): what was wrong, what was expected. */
  message: string | RegExp;
  /** How the message starts: the function's name as users call it. Default: `api`. */
  who?: string;
  /** More state that must not change (a file on disk, a global setting). */
  state?: () => unknown;
  /** Set when the row cannot pass yet: the reason; the row then runs as an expected failure. */
  knownGap?: string;
}

/** One function's table: the call once, then one `[what, args, error, message]` per wrong input. */
export function table(
  api: string,
  call: (...args: AnyArgs) => unknown,
  cases: [what: string, args: () => unknown[], error: ErrorClass, message: string | RegExp][],
  extra: Partial<Pick<BadInput, 'who' | 'state' | 'knownGap'>> = {},
): BadInput[] {
  return cases.map(([what, args, error, message]) => ({ api, what, args, call, error, message, ...extra }));
}

/**
 * A deep copy of everything an argument holds that a call could change: a tensor's shape, data,
 * grad and flags, a module's parameters, buffers, own properties and mode, an optimizer's state and
 * options, a generator's state, the contents of maps, arrays, typed arrays and plain objects.
 */
export function snapshot(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (typeof value === 'function') return `function ${value.name}`;
  if (seen.has(value)) return seen.get(value);
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  if (value instanceof Tensor) {
    Object.assign(out, {
      class: value.constructor.name,
      shape: [...value.shape],
      data: Array.from(value.data),
      requiresGrad: value.requiresGrad,
      isLeaf: value.isLeaf,
      name: value.name,
      grad: snapshot(value.grad, seen),
    });
  } else if (value instanceof Scalar) {
    Object.assign(out, {
      class: 'Scalar',
      data: value.data,
      grad: value.grad,
      requiresGrad: value.requiresGrad,
      hasEntry: value.entry !== null,
    });
  } else if (value instanceof Module) {
    Object.assign(out, {
      class: value.constructor.name,
      modules: value.namedModules().map(([name, m]) => [name, m.constructor.name, m.training, Object.getOwnPropertyNames(m)]),
      parameters: value.namedParameters().map(([name, p]) => [name, snapshot(p, seen)]),
      buffers: value.namedBuffers().map(([name, b]) => [name, snapshot(b, seen)]),
    });
  } else if (value instanceof Optimizer) {
    Object.assign(out, {
      class: value.constructor.name,
      groups: value.paramGroups.map((g) => snapshot({ ...g }, seen)),
      state: [...value.state.entries()].map(([p, s]) => [snapshot(p, seen), snapshot(s, seen)]),
    });
  } else if (value instanceof Generator) {
    Object.assign(out, { class: 'Generator', state: value.bitGenerator.state });
  } else if (value instanceof PCG64) {
    Object.assign(out, { class: 'PCG64', state: value.state });
  } else if (value instanceof SeedSequence) {
    Object.assign(out, { class: 'SeedSequence', entropy: [...value.entropy], pool: Array.from(value.pool) });
  } else if (value instanceof Map) {
    Object.assign(out, { class: 'Map', entries: [...value.entries()].map(([k, v]) => [snapshot(k, seen), snapshot(v, seen)]) });
  } else if (ArrayBuffer.isView(value)) {
    Object.assign(out, {
      class: value.constructor.name,
      bytes: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)),
    });
  } else if (value instanceof ArrayBuffer) {
    Object.assign(out, { class: 'ArrayBuffer', bytes: Array.from(new Uint8Array(value)) });
  } else if (Array.isArray(value)) {
    Object.assign(out, { class: 'Array', items: value.map((v) => snapshot(v, seen)), frozen: Object.isFrozen(value) });
  } else {
    for (const [k, v] of Object.entries(value)) out[k] = snapshot(v, seen);
  }
  return out;
}

/** Words by which a message says what was expected (or what cannot be). */
const EXPECTATION =
  /must|expect|needs?\b|only|cannot|should|valid|out of range|supported|limit|more than|fewer than|truncated|differ|unknown|appears twice|reserved|no such|is not|does not|missing|unexpected|mismatch|\bpass\b|\buse\b|not 1\b|not an? [A-Z]\w+|overflows/i;

/** Runs one row: see the file's comment for what it checks. */
export function runRow(row: BadInput): void {
  const args = row.args();
  const before = snapshot(args);
  const stateBefore = row.state?.();
  let thrown: unknown;
  let returned: unknown;
  try {
    returned = row.call(...args);
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined)
    expect.fail(`${row.api}: ${row.what}: no error was thrown (the call returned ${String(returned).slice(0, 80)})`);
  if (!(thrown instanceof TapegradError)) {
    expect.fail(
      `${row.api}: ${row.what}: threw ${(thrown as Error)?.name ?? typeof thrown}, not a TapegradError: ${(thrown as Error)?.message ?? String(thrown)}`,
    );
  }
  const err = thrown as TapegradError;
  expect(err.name, `${err.name}: ${err.message}`).toBe(row.error.name);
  expect(err).toBeInstanceOf(row.error);
  const who = row.who ?? row.api;
  expect(err.message.startsWith(who), `the message should start with ${JSON.stringify(who)}: ${err.message}`).toBe(true);
  if (typeof row.message === 'string') expect(err.message).toContain(row.message);
  else expect(err.message).toMatch(row.message);
  expect(err.message, 'the message should say what was expected').toMatch(EXPECTATION);
  expect(snapshot(args), 'the arguments must be unchanged').toEqual(before);
  if (row.state) expect(row.state(), 'the state must be unchanged').toEqual(stateBefore);
}
