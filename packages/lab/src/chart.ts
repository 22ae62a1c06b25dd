/**
 * A small SVG chart for the lab's figures: lines, points and bars on a linear or log₁₀ y axis, drawn
 * at the width of its container so that text keeps its size on a phone, with an HTML legend and the
 * figure's numbers as a table in a `<details>` below it.
 *
 * The `<svg>` carries its mapping (`data-x0`, `data-x1`, `data-y0`, `data-y1`, `data-log-y` and the
 * plot area `data-left`, `data-top`, `data-width`, `data-height`), and each series' path or marks
 * a `data-series` key, so that a test can read back the values a curve is drawn at.
 */
import { esc } from './dom.js';
import { fmt } from './format.js';

/** One series: `y[k]` at `x[k]`; points whose y is not finite (or not positive on a log axis) are left out. */
export interface ChartSeries {
  /** A stable key: `data-series` on its marks and its table column. */
  key: string;
  /** The legend's text. */
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** 'line' (default), 'points', 'line+points', or 'bars' (from the axis, or the bottom of a log axis). */
  style?: 'line' | 'points' | 'line+points' | 'bars';
  dashed?: boolean;
  /** A colour; by default the next of the palette. */
  color?: string;
}

/** What {@link figure} draws. */
export interface ChartOptions {
  /** The figure's caption (HTML-escaped). */
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** Pixel width (the container's); the height follows. */
  width: number;
  logY?: boolean;
  /** A fixed y range (before the log); by default the data's, with 0 included on a linear axis. */
  yRange?: readonly [number, number];
  /** Include 0 in a linear y axis made from the data (default true). */
  includeZero?: boolean;
  /** On a log axis: points that are exactly 0, drawn as hollow marks in a strip under the plot. */
  zeros?: { key: string; name: string; x: readonly number[] };
  /** A vertical line at this x (the current step). */
  cursorX?: number;
  /** Rows of the numbers table: every `tableEvery`-th point (default 1: all). */
  tableEvery?: number;
  /** The numbers table's first column header (default `xLabel`). */
  tableX?: string;
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * The figure as HTML: a `<figure>` with its caption, the SVG, the legend and the numbers of every
 * series as a table (one row per x of the first series).
 */
export function figure(o: ChartOptions): string {
  const W = Math.round(Math.max(280, Math.min(760, o.width)));
  const H = Math.round(Math.max(220, Math.min(380, W * 0.58)));
  const zerosStrip = o.zeros && o.zeros.x.length > 0 ? 22 : 0;
  const M = { left: 58, right: 12, top: 12, bottom: 40 + zerosStrip };
  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  const ok = (v: number) => Number.isFinite(v) && (!o.logY || v > 0);

  const xs = o.series.flatMap((s) => s.x).concat(o.zeros?.x ?? []);
  const ys = o.yRange ? o.yRange.map(tf) : o.series.flatMap((s) => s.y.filter(ok).map(tf));
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const zero = o.logY || o.yRange || o.includeZero === false ? [] : [0];
  let [y0, y1] = [Math.min(...ys, ...zero), Math.max(...ys, ...zero)];
  if (o.logY) [y0, y1] = [Math.floor(y0), Math.ceil(y1)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  if (!o.logY && !o.yRange) {
    const pad = (y1 - y0) * 0.05;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  const bars = o.series.some((s) => s.style === 'bars' || s.style === 'points');
  if (bars) {
    const pad = (x1 - x0) * 0.02 || 0.5;
    [x0, x1] = [x0 - pad, x1 + pad];
  }
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number) => M.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const r2 = (v: number) => Math.round(v * 100) / 100;

  const out: string[] = [
    `<svg class="chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"` +
      ` data-x0="${x0}" data-x1="${x1}" data-y0="${y0}" data-y1="${y1}"${o.logY ? ' data-log-y="true"' : ''}` +
      ` data-left="${M.left}" data-top="${M.top}" data-width="${pw}" data-height="${ph}">`,
  ];
  for (const t of ticks(x0, x1)) {
    out.push(`<line x1="${r2(px(t))}" y1="${M.top}" x2="${r2(px(t))}" y2="${M.top + ph}" class="grid"/>`);
    out.push(`<text x="${r2(px(t))}" y="${M.top + ph + 15}" text-anchor="middle">${esc(fmt(t))}</text>`);
  }
  const yTicks = o.logY ? range(y0, y1).filter((_, i, a) => a.length <= 7 || i % Math.ceil(a.length / 7) === 0) : ticks(y0, y1);
  for (const t of yTicks) {
    out.push(`<line x1="${M.left}" y1="${r2(py(t))}" x2="${M.left + pw}" y2="${r2(py(t))}" class="grid"/>`);
    out.push(`<text x="${M.left - 5}" y="${r2(py(t)) + 4}" text-anchor="end">${o.logY ? `1e${t}` : esc(fmt(t))}</text>`);
  }
  if (!o.logY && y0 < 0 && y1 > 0) out.push(`<line x1="${M.left}" y1="${r2(py(0))}" x2="${M.left + pw}" y2="${r2(py(0))}" class="axis"/>`);
  if (x0 < 0 && x1 > 0) out.push(`<line x1="${r2(px(0))}" y1="${M.top}" x2="${r2(px(0))}" y2="${M.top + ph}" class="axis"/>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="frame"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(`<text transform="translate(13 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);

  o.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const pts = s.x.map((x, k) => [x, s.y[k]!] as const).filter(([, y]) => ok(y));
    const style = s.style ?? 'line';
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (style === 'line' || style === 'line+points') {
      const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${r2(px(x))},${r2(py(tf(y)))}`).join(' ');
      // Earlier series are drawn wider, so that curves lying on each other all stay visible.
      const width = 2 + 1.2 * (o.series.length - 1 - i);
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}"${dash} data-series="${esc(s.key)}"/>`);
    }
    if (style === 'points' || style === 'line+points') {
      const marks = pts.map(([x, y]) => `<circle cx="${r2(px(x))}" cy="${r2(py(tf(y)))}" r="3.5" fill="${color}"/>`).join('');
      out.push(`<g data-series="${esc(s.key)}-points">${marks}</g>`);
    }
    if (style === 'bars') {
      const base = o.logY ? M.top + ph : py(Math.max(y0, Math.min(0, y1)));
      const bw = Math.max(1.5, Math.min(10, (pw / Math.max(1, x1 - x0)) * 0.6));
      const rects = pts
        .map(([x, y]) => {
          const top = py(tf(y));
          return `<rect x="${r2(px(x) - bw / 2)}" y="${r2(Math.min(top, base))}" width="${r2(bw)}" height="${r2(Math.abs(base - top))}" fill="${color}"/>`;
        })
        .join('');
      out.push(`<g data-series="${esc(s.key)}">${rects}</g>`);
    }
  });
  if (o.zeros && o.zeros.x.length > 0) {
    const y = M.top + ph + 28;
    const color = PALETTE[o.series.length % PALETTE.length]!;
    out.push(`<text x="${M.left - 5}" y="${y + 4}" text-anchor="end">0</text>`);
    const marks = o.zeros.x
      .map((x) => `<circle cx="${r2(px(x))}" cy="${y}" r="4" fill="white" stroke="${color}" stroke-width="2"/>`)
      .join('');
    out.push(`<g data-series="${esc(o.zeros.key)}">${marks}</g>`);
  }
  if (o.cursorX !== undefined) {
    out.push(`<line x1="${r2(px(o.cursorX))}" y1="${M.top}" x2="${r2(px(o.cursorX))}" y2="${M.top + ph}" class="cursor"/>`);
  }
  out.push('</svg>');

  const legendItems = o.series.map((s, i) => legendItem(s.name, s.color ?? PALETTE[i % PALETTE.length]!, s.dashed ?? false));
  if (o.zeros && o.zeros.x.length > 0) legendItems.push(legendItem(o.zeros.name, PALETTE[o.series.length % PALETTE.length]!, false, true));
  return (
    `<figure class="fig"><figcaption>${esc(o.title)}</figcaption>${out.join('')}` +
    `<ul class="legend">${legendItems.join('')}</ul>${numbersTable(o)}</figure>`
  );
}

function legendItem(name: string, color: string, dashed: boolean, hollow = false): string {
  const style = hollow
    ? `border:2px solid ${color};background:white`
    : dashed
      ? `background:repeating-linear-gradient(90deg,${color} 0 6px,transparent 6px 9px)`
      : `background:${color}`;
  return `<li><span class="swatch" style="${style}"></span>${esc(name)}</li>`;
}

/** The figure's numbers: one row per x of the first series, one column per series, each cell's exact value in `data-value`. */
function numbersTable(o: ChartOptions): string {
  const first = o.series[0];
  if (!first) return '';
  const every = Math.max(1, o.tableEvery ?? 1);
  const columns = o.series.map((s) => ({ key: s.key, name: s.name, at: new Map(s.x.map((x, k) => [x, s.y[k]!])) }));
  if (o.zeros) columns.push({ key: o.zeros.key, name: o.zeros.name, at: new Map(o.zeros.x.map((x) => [x, 0])) });
  const xsAll = [...new Set([...o.series.flatMap((s) => s.x), ...(o.zeros?.x ?? [])])].sort((a, b) => a - b);
  const rows = xsAll
    .filter((_, k) => k % every === 0 || k === xsAll.length - 1)
    .map((x) => {
      const cells = columns.map((c) => {
        const v = c.at.get(x);
        return v === undefined ? '<td></td>' : `<td data-series="${esc(c.key)}" data-x="${x}" data-value="${v}">${esc(fmt(v))}</td>`;
      });
      return `<tr><th scope="row" data-value="${x}">${esc(fmt(x))}</th>${cells.join('')}</tr>`;
    });
  const head = `<tr><th scope="col">${esc(o.tableX ?? o.xLabel)}</th>${columns.map((c) => `<th scope="col">${esc(c.name)}</th>`).join('')}</tr>`;
  return (
    `<details class="numbers"><summary>The numbers of this figure</summary>` +
    `<div class="scroll"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></details>`
  );
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

/**
 * The width a figure in `container` gets: a grid's first column (two columns on a wide screen), else
 * the container's content width, or a desktop default before layout.
 */
export function widthOf(container: HTMLElement): number {
  const first = Number.parseFloat(getComputedStyle(container).gridTemplateColumns);
  return Number.isFinite(first) && first > 0 ? first : container.clientWidth || 640;
}
