/**
 * A small SVG plotter for the examples' figures: line and point series on linear or log axes, with
 * ticks, labels and a legend. No dependencies, no I/O: the output is a string a browser shows as is
 * (`write.ts` saves it to a file under Node).
 */

/** One curve or set of points: `y[k]` plotted at `x[k]`; points where y is not finite are skipped. */
export interface Series {
  /** The legend's text. */
  name: string;
  /** Abscissae, one per point. */
  x: readonly number[];
  /** Ordinates, as many as `x`. */
  y: readonly number[];
  /** 'line' (default), 'points', or 'stems' (a bar from the axis to each point). */
  style?: 'line' | 'points' | 'stems';
  /** Draw the line dashed. */
  dashed?: boolean;
}

/** What {@link plot} draws: labels, the series, and the layout. */
export interface PlotOptions {
  /** Centred above the plot. */
  title: string;
  /** Below the x axis. */
  xLabel: string;
  /** Beside the y axis, rotated. */
  yLabel: string;
  /** Drawn in order, coloured in turn. */
  series: readonly Series[];
  /** A log₁₀ y axis (non-positive values are left out). */
  logY?: boolean;
  /** Where the legend sits, over the plot area. Default 'top-left'. */
  legend?: 'top-left' | 'top-right' | 'middle-right';
  /** Pixels, default 640 × 400. */
  width?: number;
  /** Pixels, default 400. */
  height?: number;
}

/** A figure of one example: the file stem it is saved under (`'leaky-relu'`) and what it plots. */
export interface Figure {
  /** The file stem: `out/<name>.svg`. */
  name: string;
  /** The plot, as data; {@link plot} renders it. */
  plot: PlotOptions;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const M = { left: 70, right: 20, top: 40, bottom: 55 };

/**
 * Renders the plot as an SVG document (a string).
 *
 * @example
 * const svg = plot({ title: 'y = x²', xLabel: 'x', yLabel: 'y', series: [{ name: 'x²', x: [0, 1, 2], y: [0, 1, 4] }] });
 * svg.startsWith('<svg'); // true
 */
export function plot(o: PlotOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 400;
  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  const xs = o.series.flatMap((s) => s.x);
  const ys = o.series.flatMap((s) => s.y.filter((v) => Number.isFinite(tf(v))).map(tf));
  const pointsOnly = o.series.every((s) => s.style === 'points' || s.style === 'stems');
  const [x0, x1] = padRange(Math.min(...xs), Math.max(...xs), pointsOnly ? 0.02 : 0);
  const [y0, y1] = padRange(Math.min(...ys, o.logY ? Infinity : 0), Math.max(...ys), 0.05);
  // Positions in hundredths of a pixel: finer than any screen, and the same figure whichever
  // backend computed the data (their last bits may differ, as in a matrix product's sums).
  const px = (x: number) => round2(M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right));
  const py = (y: number) => round2(H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
  ];
  // Axes, grid and ticks.
  for (const t of ticks(x0, x1)) {
    out.push(`<line x1="${px(t)}" y1="${M.top}" x2="${px(t)}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  const yTicks = o.logY ? range(Math.ceil(y0), Math.floor(y1)) : ticks(y0, y1);
  for (const t of yTicks) {
    out.push(`<line x1="${M.left}" y1="${py(t)}" x2="${W - M.right}" y2="${py(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${o.logY ? `1e${t}` : fmt(t)}</text>`);
  }
  if (!o.logY && y0 < 0 && y1 > 0) out.push(`<line x1="${M.left}" y1="${py(0)}" x2="${W - M.right}" y2="${py(0)}" stroke="#999"/>`);
  if (x0 < 0 && x1 > 0) out.push(`<line x1="${px(0)}" y1="${M.top}" x2="${px(0)}" y2="${H - M.bottom}" stroke="#999"/>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);

  // Series, then the legend on a white box over them.
  const boxW = Math.max(...o.series.map((s) => s.name.length)) * 6.6 + 42;
  const boxH = o.series.length * 16 + 6;
  const lx = (o.legend ?? 'top-left') === 'top-left' ? M.left + 4 : W - M.right - 4 - boxW;
  const ly0 = o.legend === 'middle-right' ? (M.top + H - M.bottom - boxH) / 2 : M.top + 3;
  const legend: string[] = [`<rect x="${lx}" y="${ly0}" width="${boxW}" height="${boxH}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`];
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = s.x.map((x, k) => [x, tf(s.y[k]!)] as const).filter(([, y]) => Number.isFinite(y));
    if ((s.style ?? 'line') === 'line') {
      const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${px(x).toFixed(2)},${py(y).toFixed(2)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    } else {
      for (const [x, y] of pts) {
        if (s.style === 'stems')
          out.push(`<line x1="${px(x)}" y1="${py(Math.max(y0, Math.min(0, y1)))}" x2="${px(x)}" y2="${py(y)}" stroke="${color}"/>`);
        out.push(`<circle cx="${px(x).toFixed(2)}" cy="${py(y).toFixed(2)}" r="3" fill="${color}"/>`);
      }
    }
    const ly = ly0 + 15 + i * 16;
    legend.push(
      `<line x1="${lx + 6}" y1="${ly - 4}" x2="${lx + 26}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    legend.push(`<text x="${lx + 32}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push(...legend, '</svg>');
  return out.join('\n');
}

function padRange(lo: number, hi: number, pad: number): [number, number] {
  if (lo === hi) return [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/** About five round tick values between lo and hi. */
function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return range(Math.ceil(lo / step), Math.floor(hi / step)).map((k) => Number((k * step).toPrecision(12)));
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(Number(v.toPrecision(6)));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `v` rounded to two decimals (as a number, so that the SVG prints it without trailing zeros). */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
