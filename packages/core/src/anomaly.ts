/**
 * Anomaly mode, for finding where a NaN or an infinity starts, or a value edited behind the tape's
 * back. Off by default, and then it costs one test of a boolean per op.
 *
 * When it is on (`detectAnomaly(fn)`, or `setDetectAnomaly(true)` for everything after):
 * - every op's output is checked for NaN and ±∞ as it is made, and every gradient as backward
 *   computes it; the error names the op, its tape entry and the line of your code that called it;
 * - each tape entry fingerprints the values it keeps for backward (its inputs and its output), and
 *   backward checks them again before using them: a write into `.data` in between is an error that
 *   names the tensor, where it would otherwise silently differentiate at the new values.
 *
 * Like PyTorch's `torch.autograd.detect_anomaly`, it is a debugging aid: the checks read every
 * value, so a run is slower while it is on.
 */
import { AnomalyError, ArgumentError, describeValue } from './errors.js';
import type { TapeEntry } from './tape.js';

/** What anomaly mode reads of a value on the tape: its numbers and, for messages, its shape and name. */
export interface Inspectable {
  /** The values: a tensor's array, or a scalar's number. */
  readonly data: Float64Array | number;
  /** An optional name, shown in messages. */
  name: string | undefined;
  /** What a printed tape shows of the value (a tensor's shape, a scalar's value). */
  tapeLabel(): string;
}

/** What an entry recorded in anomaly mode keeps: where it was recorded, and its saved values' fingerprints. */
export interface AnomalyRecord {
  /** The first frame of the call stack outside tapegrad: the user's line that made the op. */
  readonly site: string;
  /** One fingerprint per input, then one for the output. */
  readonly fingerprints: readonly number[];
}

/** Whether anomaly mode is on: read it, never assign it (`setDetectAnomaly` and `detectAnomaly` do). */
export let anomalyMode = false;

/**
 * Whether anomaly mode is on.
 *
 * @example
 * isAnomalyEnabled();                        // false
 * detectAnomaly(() => isAnomalyEnabled());   // true
 */
export function isAnomalyEnabled(): boolean {
  return anomalyMode;
}

/**
 * Switches anomaly mode on or off for everything that follows (see `detectAnomaly` for what it
 * checks).
 *
 * @example
 * setDetectAnomaly(true);
 * // … the computation to debug …
 * setDetectAnomaly(false);
 */
export function setDetectAnomaly(on: boolean): void {
  if (typeof on !== 'boolean') throw new ArgumentError(`setDetectAnomaly: on must be true or false, got ${describeValue(on)}`);
  anomalyMode = on;
}

/**
 * Runs `fn` with anomaly mode on and returns its result; the mode is restored afterwards, even if
 * `fn` throws. Inside, an op whose output holds NaN or ±∞, a gradient that does, or a value edited
 * between forward and backward throws an `AnomalyError` that names the op, its tape entry and the
 * line of your code that called it.
 *
 * @example
 * const x = tensor([0, 1], { requiresGrad: true });
 * detectAnomaly(() => sum(log(x)).backward());
 * // AnomalyError: log (tape entry #0, called at train.ts:12:7) produced -Infinity at index 0 …
 */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ArgumentError(`detectAnomaly: fn must be a function, got ${describeValue(fn)}`);
  const before = anomalyMode;
  anomalyMode = true;
  try {
    return fn();
  } finally {
    anomalyMode = before;
  }
}

/**
 * The forward check of one op, in anomaly mode: throws if `out` holds NaN or ±∞, saying whether an
 * input already did. Returns what the entry keeps, when `index` is that of a new entry.
 */
export function inspectForward(op: string, index: number | null, inputs: readonly Inspectable[], out: Inspectable): AnomalyRecord {
  const site = callSite();
  const bad = firstNonFinite(out.data);
  if (bad !== null) {
    const where = index === null ? `${op} (called at ${site})` : `${op} (tape entry #${index}, called at ${site})`;
    const from = inputs.findIndex((x) => firstNonFinite(x.data) !== null);
    const why =
      from >= 0
        ? `; its input ${from} (${label(inputs[from]!)}) already holds non-finite values, so the first NaN or infinity came from earlier (or from your data)`
        : '; its inputs are all finite, so this op is where it starts';
    throw new AnomalyError(`${where} produced ${bad.value} at index ${bad.at} of its output (${out.tapeLabel()})${why}`);
  }
  return { site, fingerprints: [...inputs, out].map((x) => fingerprint(x.data)) };
}

/**
 * The backward check of one entry, before its rule runs: the values it kept must be the ones it
 * saw when it was recorded.
 */
export function checkSaved<V extends Inspectable>(entry: TapeEntry<V>, record: AnomalyRecord): void {
  const saved = [...entry.inputs, entry.output!];
  saved.forEach((x, i) => {
    if (fingerprint(x.data) === record.fingerprints[i]) return;
    const which = i < entry.inputs.length ? `input ${i}` : 'the output';
    throw new AnomalyError(
      `backward: ${label(x)}, ${which} of ${entry.op} (tape entry #${entry.index}, called at ${record.site}), was modified after it was recorded; ` +
        'its values changed between forward and backward (a write into .data), and the gradient would be taken at the new values. Compute again after the change, or change it after backward',
    );
  });
}

/**
 * The backward check of one gradient a rule returned. `record` is null for an entry recorded while
 * anomaly mode was off: the gradient is checked all the same, without the caller's line.
 */
export function checkGradient<V extends Inspectable>(
  entry: TapeEntry<V>,
  record: AnomalyRecord | null,
  input: number,
  g: Inspectable,
  upstream: Inspectable,
): void {
  const bad = firstNonFinite(g.data);
  if (bad === null) return;
  const why =
    firstNonFinite(upstream.data) !== null
      ? '; the gradient reaching it already held non-finite values'
      : '; the gradient reaching it was finite';
  throw new AnomalyError(
    `backward: the gradient rule of ${entry.op} (tape entry #${entry.index}, called at ${record?.site ?? 'a line not recorded in anomaly mode'}) returned ${bad.value} at index ${bad.at} for input ${input} (${g.tapeLabel()})${why}`,
  );
}

function label(x: Inspectable): string {
  return x.name === undefined ? `a value ${x.tapeLabel()}` : `${JSON.stringify(x.name)} ${x.tapeLabel()}`;
}

function firstNonFinite(data: Float64Array | number): { at: number; value: number } | null {
  if (typeof data === 'number') return Number.isFinite(data) ? null : { at: 0, value: data };
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return { at: i, value: data[i]! };
  return null;
}

const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

/** A 32-bit FNV-1a hash of the values' bits (−0, NaN payloads and all). */
function fingerprint(data: Float64Array | number): number {
  let h = 0x811c9dc5;
  const n = typeof data === 'number' ? 1 : data.length;
  for (let i = 0; i < n; i++) {
    BITS[0] = typeof data === 'number' ? data : data[i]!;
    h = Math.imul(h ^ WORDS[0]!, 16777619);
    h = Math.imul(h ^ WORDS[1]!, 16777619);
  }
  return h >>> 0;
}

/** The first frame of the current call stack that is not tapegrad's own code, as `file:line:column`. */
function callSite(): string {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    if (/[\\/](?:@tapegrad[\\/](?:core|nn)|packages[\\/](?:core|nn))[\\/]/.test(line)) continue;
    const m = /\(?((?:[a-z]+:\/\/\/?|\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (m) return m[1]!.replace(/^file:\/\//, '');
  }
  return 'an unknown place';
}
