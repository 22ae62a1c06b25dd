/**
 * How an example reports its numbers: each computed value is recorded under the ledger's id, with
 * the post's printed value beside it and a status, then printed as a table or as JSON. Plain data,
 * no I/O: a web page can show the same records the terminal prints.
 */

/** How a computed number stands against the post: agrees, an erratum, a convention, a claim shown, a citation. */
export type Status = 'ok' | 'erratum' | 'convention' | 'claim' | 'citation';

export interface NumberRecord {
  /** The computed value, at full precision. */
  value: number | number[] | string | null;
  /** The post's printed value, if it prints one. */
  post: number | string | null;
  status: Status;
  /** One line: an erratum or a convention, said plainly. */
  note?: string;
}

/**
 * One example's numbers: ledger id → record, in the order the example prints them.
 *
 * @example
 * const ledger: Ledger = { 'grad.z=-1': record(0.01, 0.01, { digits: 2 }) };
 * ledger['grad.z=-1'].status; // 'ok'
 */
export type Ledger = Record<string, NumberRecord>;

/** How {@link record} decides a status: the post's precision, or a status stated outright. */
export interface RecordOptions {
  /** Decimals the post prints: `ok` when `value` rounds to the post's value there, else `erratum`. */
  digits?: number;
  /** The status, whatever the values say. */
  status?: Status;
  /** One line: an erratum or a convention, said plainly. */
  note?: string;
}

/**
 * A record of one computed `value` beside the post's printed `post` value. With `digits`, the
 * status is `ok` when the two agree at the post's precision, `erratum` otherwise (unless
 * `options.status` forces one); without, `ok`.
 *
 * @example
 * record(0.6336650410859213, 0.4103, { digits: 4 }).status; // 'erratum'
 * record(0.001, 0.001, { digits: 3 }); // { value: 0.001, post: 0.001, status: 'ok' }
 */
export function record(value: NumberRecord['value'], post: NumberRecord['post'], options: RecordOptions = {}): NumberRecord {
  let status = options.status;
  if (status === undefined) {
    status =
      typeof value === 'number' && typeof post === 'number' && options.digits !== undefined
        ? agrees(value, post, options.digits)
          ? 'ok'
          : 'erratum'
        : 'ok';
  }
  return { value, post, status, ...(options.note ? { note: options.note } : {}) };
}

/**
 * Collects the numbers of one run, from every example's ledger, in order.
 *
 * @example
 * const report = new Report();
 * report.addAll(chainLedger(chainDeltas()));
 * report.summary(); // '6 numbers: 2 match the post, 0 errata, 4 conventions stated, 0 claims shown, 0 citations'
 */
export class Report {
  /** Ledger id → record, in the order recorded. */
  readonly numbers = new Map<string, NumberRecord>();

  /**
   * Records `value` under `id`. With a printed `post` value and `digits`, the status is `ok` when the
   * two agree at the post's precision, `erratum` otherwise (unless a status is forced).
   */
  add(id: string, value: NumberRecord['value'], post: NumberRecord['post'], options: RecordOptions = {}): NumberRecord {
    const rec = record(value, post, options);
    this.numbers.set(id, rec);
    return rec;
  }

  /** Records every entry of an example's `ledger`, in its order. */
  addAll(ledger: Ledger): void {
    for (const [id, rec] of Object.entries(ledger)) this.numbers.set(id, rec);
  }

  /** How many records have each status. */
  counts(): Record<Status, number> {
    const c: Record<Status, number> = { ok: 0, erratum: 0, convention: 0, claim: 0, citation: 0 };
    for (const r of this.numbers.values()) c[r.status]++;
    return c;
  }

  /** The run's last line: how many numbers, and how many of each status. */
  summary(): string {
    const c = this.counts();
    return `${this.numbers.size} numbers: ${c.ok} match the post, ${c.erratum} errata, ${c.convention} conventions stated, ${c.claim} claims shown, ${c.citation} citations`;
  }

  /** The `--json` document: `{ numbers: { <id>: record } }`. */
  toJSON(): { numbers: Record<string, NumberRecord> } {
    return { numbers: Object.fromEntries(this.numbers) };
  }
}

/**
 * True when `value` printed with `digits` decimals reads as `post` does.
 *
 * @example
 * agrees(0.6336650410859213, 0.6337, 4); // true
 */
export function agrees(value: number, post: number, digits: number): boolean {
  return Number(value.toFixed(digits)) === Number(post.toFixed(digits));
}

/**
 * `✓` when the record agrees with the post, `✗ erratum` when it does not, else its status in brackets.
 *
 * @example
 * mark(record(0.01, 0.01, { digits: 2 })); // '✓'
 * mark(record(1e-3, 1e-3, { status: 'convention' })); // '(convention)'
 */
export function mark(rec: NumberRecord): string {
  if (rec.status === 'ok') return '✓';
  if (rec.status === 'erratum') return '✗ erratum';
  return `(${rec.status})`;
}

/**
 * Formats rows as a table with right-aligned columns separated by ` | `, a rule under the header.
 *
 * @example
 * table(['z', 'ReLU'], [['-1', '0']]); // ' z | ReLU\n---------\n-1 |    0'
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  return [line(header), '-'.repeat(widths.reduce((a, b) => a + b + 3, -3)), ...rows.map(line)].join('\n');
}
