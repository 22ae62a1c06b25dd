/** How the lab writes numbers: short for reading, exact in `data-value` for checking. */

/**
 * A number for reading: integers as they are, 0 as `0`, six significant digits between 1e-3 and
 * 1e4, scientific notation outside.
 */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s =
    Number.isInteger(v) && a < 1e6
      ? String(a)
      : a >= 1e-3 && a < 1e4
        ? String(Number(a.toPrecision(6)))
        : a.toExponential(3).replace('e-', 'e−');
  return v < 0 ? `−${s}` : s;
}

/** A number at a fixed number of decimals, with a true minus sign (as the post prints it). */
export function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** The exact value for `data-value`: JavaScript's shortest representation that reads back as the same double. */
export function exact(v: number | readonly number[]): string {
  return Array.isArray(v) ? JSON.stringify(v) : String(v);
}

/** A z value as the post and the ledger ids write it: `-1`, `0.5`. */
export function zLabel(z: number): string {
  return z < 0 ? `−${-z}` : String(z);
}
