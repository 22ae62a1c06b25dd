/**
 * How an example reports its numbers: each computed value is recorded under the ledger's id, with
 * the post's printed value beside it and a status, then printed as a table or as JSON.
 */

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

/** Collects the numbers of one run. */
export class Report {
  readonly numbers = new Map<string, NumberRecord>();

  /**
   * Records `value` under `id`. With a printed `post` value and `digits`, the status is `ok` when the
   * two agree at the post's precision, `erratum` otherwise (unless a status is forced).
   */
  add(
    id: string,
    value: NumberRecord['value'],
    post: NumberRecord['post'],
    options: { digits?: number; status?: Status; note?: string } = {},
  ): NumberRecord {
    let status = options.status;
    if (status === undefined) {
      status =
        typeof value === 'number' && typeof post === 'number' && options.digits !== undefined
          ? agrees(value, post, options.digits)
            ? 'ok'
            : 'erratum'
          : 'ok';
    }
    const rec: NumberRecord = { value, post, status, ...(options.note ? { note: options.note } : {}) };
    this.numbers.set(id, rec);
    return rec;
  }

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

  toJSON(): { numbers: Record<string, NumberRecord> } {
    return { numbers: Object.fromEntries(this.numbers) };
  }
}

/** True when `value` printed with `digits` decimals reads as `post` does. */
export function agrees(value: number, post: number, digits: number): boolean {
  return Number(value.toFixed(digits)) === Number(post.toFixed(digits));
}

/** `✓` when the record agrees with the post, `✗ erratum` when it does not, else its status in brackets. */
export function mark(rec: NumberRecord): string {
  if (rec.status === 'ok') return '✓';
  if (rec.status === 'erratum') return '✗ erratum';
  return `(${rec.status})`;
}

/** Formats rows as a table with right-aligned columns separated by ` | `. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  return [line(header), '-'.repeat(widths.reduce((a, b) => a + b + 3, -3)), ...rows.map(line)].join('\n');
}
