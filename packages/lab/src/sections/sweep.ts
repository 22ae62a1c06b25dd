/**
 * Section 5 — the sensitivity sweep: the post's churn network trained for the reader's α values,
 * seed, learning rate and epochs (sensitivitySweep), its table beside the post's printed one with
 * every erratum marked, the loss curves, and a longer run (trainChurn per α, one α per frame).
 */
import {
  ALPHAS,
  AT,
  type Ledger,
  READINGS,
  type Reading,
  type SensitivityResult,
  sensitivityLedger,
  sensitivitySweep,
  spreadAt,
  trainChurn,
} from '@tapegrad/examples';
import { figure, widthOf } from '../chart.js';
import { el, esc, field, num, tableHtml, versusPost } from '../dom.js';
import { fixed, fmt } from '../format.js';
import { measured, onWidthChange } from '../state.js';

/** The post's run: the table's values are the ledger's for these settings and the post's α. */
const POST = { seed: 42, lr: 0.1, epochs: 200, longEpochs: 3000 };
/** The post's notes column. */
const POST_NOTES: Record<number, string> = {
  0.001: 'still nearly dead for large neg z',
  0.01: 'stable',
  0.1: 'stable',
  0.3: 'nearly linear — loses non-linearity',
};
const READING_TITLE: Record<Reading, string> = {
  logits: 'Loss on logits (its gradient is the post’s hand-derived (A2 − y)/n)',
  literal: 'Loss exactly as written, + 1e-8 inside both logs (autograd differentiates that too)',
};

/** What the reader asked for. */
interface Settings {
  alphas: number[];
  seed: number;
  lr: number;
  epochs: number;
  longEpochs: number;
}

/** Mounts the section into `root` and runs the post's sweep. */
export function mountSweep(root: HTMLElement): void {
  const alphas = field('sweep-alphas', 'α values (comma-separated)', ALPHAS.join(', '), { inputmode: 'decimal' });
  const seed = field('seed', 'Seed', String(POST.seed), { type: 'number', min: 0, step: 1 });
  const lr = field('lr', 'Learning rate', String(POST.lr), { type: 'number', min: 0.0001, step: 'any' });
  const epochs = field('epochs', 'Epochs (≥ 200: the table reads epoch 200)', String(POST.epochs), {
    type: 'number',
    min: 200,
    max: 5000,
    step: 1,
  });
  const long = field('long-epochs', 'Longer run: epochs (0 skips it)', String(POST.longEpochs), {
    type: 'number',
    min: 0,
    max: 10000,
    step: 1,
  });
  const run = el('button', { type: 'submit', 'data-control': 'sweep-run' }, 'Run the sweep');
  const form = el(
    'form',
    { class: 'controls' },
    alphas.root,
    seed.root,
    lr.root,
    epochs.root,
    long.root,
    el('div', { class: 'control' }, run),
  );
  const error = el('p', { class: 'error', role: 'alert' });
  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const tables = el('div');
  const figs = el('div', { class: 'figures' });
  const longFig = el('div', { class: 'figures' });
  root.append(form, error, status, tables, figs, longFig);

  let token = 0;
  let last: { s: Settings; r: SensitivityResult; long: number[][] | null } | null = null;

  const draw = () => {
    if (!last) return;
    const { s, r } = last;
    const width = widthOf(figs);
    figs.innerHTML = figure({
      title: `Loss per epoch, ${s.epochs} epochs (on logits)`,
      xLabel: 'epoch',
      yLabel: 'loss (the post’s expression)',
      width,
      tableEvery: 10,
      includeZero: false,
      series: r.alphas.map((a, j) => ({
        key: `loss[${a}]`,
        name: `α = ${a}`,
        x: r.losses.logits[j]!.map((_, k) => k + 1),
        y: r.losses.logits[j]!,
        dashed: j % 2 === 1,
      })),
    });
    longFig.innerHTML = last.long ? longHtml(s, r.alphas, last.long, width) : '';
  };

  const start = (event?: Event) => {
    event?.preventDefault();
    const s = parse(alphas.input.value, seed.input.value, lr.input.value, epochs.input.value, long.input.value);
    if (typeof s === 'string') {
      error.textContent = s;
      return;
    }
    error.textContent = '';
    const mine = ++token;
    run.disabled = true;
    const t0 = performance.now();
    const r = measured('sweep', () => sensitivitySweep({ alphas: s.alphas, seed: s.seed, lr: s.lr, epochs: s.epochs, longEpochs: 0 }));
    const ms = performance.now() - t0;
    const atPost = s.seed === POST.seed && s.lr === POST.lr;
    const ledger = sensitivityLedger(r);
    tables.innerHTML = READINGS.map((reading) => readingTable(reading, r, ledger, atPost)).join('') + claimsHtml(s, r, ledger);
    status.innerHTML = `Trained ${s.alphas.length} α × ${s.epochs} epochs × 2 readings in <span data-timing="sweep">${Math.round(ms)}</span> ms in this page.`;
    last = { s, r, long: null };
    draw();
    run.disabled = false;
    if (s.longEpochs > 0) longRun(s, mine);
  };

  /** The longer run on logits, one α per task so that the page keeps answering between them. */
  const longRun = (s: Settings, mine: number) => {
    const curves: number[][] = [];
    const next = () => {
      if (mine !== token || !last) return;
      if (curves.length === s.alphas.length) {
        last.long = curves;
        draw();
        return;
      }
      const a = s.alphas[curves.length]!;
      curves.push(measured('sweep-long', () => trainChurn(a, 'logits', s.longEpochs, s.lr, s.seed)));
      longFig.innerHTML = `<p class="status">Longer run: ${curves.length} of ${s.alphas.length} α trained…</p>`;
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  };

  form.addEventListener('submit', start);
  onWidthChange(draw);
  start();
}

/** The reader's settings, or what is wrong with them. */
function parse(alphas: string, seed: string, lr: string, epochs: string, long: string): Settings | string {
  const as = alphas
    .split(/[,\s]+/)
    .filter((t) => t !== '')
    .map(Number);
  if (as.length === 0 || as.length > 8 || as.some((a) => !Number.isFinite(a) || a < 0 || a > 1))
    return 'α values: one to eight numbers from 0 to 1.';
  const s = { alphas: as, seed: Number(seed), lr: Number(lr), epochs: Number(epochs), longEpochs: Number(long) };
  if (!Number.isInteger(s.seed) || s.seed < 0) return 'The seed is a whole number ≥ 0.';
  if (!(s.lr > 0 && s.lr <= 10)) return 'The learning rate is a number in (0, 10].';
  if (!Number.isInteger(s.epochs) || s.epochs < 200 || s.epochs > 5000) return 'Epochs: a whole number from 200 to 5000.';
  if (!Number.isInteger(s.longEpochs) || s.longEpochs < 0 || s.longEpochs > 10000)
    return 'The longer run: a whole number of epochs from 0 to 10000.';
  return s;
}

/** One reading's table: Loss@10, @50, @200 per α, each beside the post's printed value where it prints one. */
function readingTable(reading: Reading, r: SensitivityResult, ledger: Ledger, atPost: boolean): string {
  const rows = r.alphas.map((a, j) => {
    const inPost = atPost && (ALPHAS as readonly number[]).includes(a);
    const cells = AT.map((k) => {
      const id = `sens.${reading}.loss@${k}[${a}]`;
      const rec = ledger[id]!;
      const v = r.losses[reading][j]![k - 1]!;
      return inPost && rec.post !== null ? versusPost(v, fixed(v, 4), id, fixed(rec.post as number, 4), ledger) : num(v, fixed(v, 4));
    });
    return [String(a), ...cells, esc(POST_NOTES[a] ?? '')];
  });
  return `<h3>${esc(READING_TITLE[reading])}</h3>${tableHtml(['α', 'Loss@10', 'Loss@50', 'Loss@200', 'the post’s note'], rows, undefined, 'notes-last')}`;
}

/** What the numbers say about the post's notes column, and the two readings' difference. */
function claimsHtml(s: Settings, r: SensitivityResult, ledger: Ledger): string {
  const atPost = s.seed === POST.seed && s.lr === POST.lr && s.epochs === POST.epochs && s.alphas.join() === ALPHAS.join();
  const id = (name: string) => (atPost ? name : null);
  const parts = [
    `Every printed loss of the post is an erratum: its own code computes the values above. ` +
      `The two readings differ by at most ${num(r.maxDiff, fmt(r.maxDiff), ledger, id('sens.readings.maxDiff'))} over every epoch: ` +
      'the + 1e-8 in the logs moves the gradient by about 1e-8/p, and the hand-derived gradient ignores it.',
    `Lowest loss at epoch ${s.epochs}: α = ${num(r.lowestAlpha, String(r.lowestAlpha), ledger, id('sens.claim.linear'))}` +
      (atPost ? ' — the α the post says “loses non-linearity”.' : '.'),
  ];
  if (s.alphas.length >= 2) {
    parts.push(
      `|Loss@${s.epochs}(α = ${s.alphas[0]}) − Loss@${s.epochs}(α = ${s.alphas[1]})| = ${num(r.nearlyDeadGap, fmt(r.nearlyDeadGap), ledger, id('sens.claim.nearlyDead'))}` +
        (atPost ? ': “α = 0.001 still nearly dead” is not what the numbers say.' : '.'),
    );
  }
  return `<ul class="claims">${parts.map((p) => `<li>${p}</li>`).join('')}</ul>`;
}

/**
 * The longer run's curves and the spread of its final losses (spreadAt, as sensitivityLedger
 * computes `sens.long.spread`; written unchecked, since the sweep above skips its own long run).
 */
function longHtml(s: Settings, alphas: readonly number[], curves: number[][], width: number): string {
  const spread = spreadAt(curves, s.longEpochs);
  const atPost = s.seed === POST.seed && s.lr === POST.lr && s.longEpochs === POST.longEpochs && alphas.join() === ALPHAS.join();
  return (
    figure({
      title: `The longer run: ${s.longEpochs} epochs (on logits)`,
      xLabel: 'epoch',
      yLabel: 'loss',
      width,
      tableEvery: Math.max(1, Math.round(s.longEpochs / 60)),
      includeZero: false,
      series: alphas.map((a, j) => ({
        key: `long[${a}]`,
        name: `α = ${a}`,
        x: curves[j]!.map((_, k) => k + 1),
        y: curves[j]!,
        dashed: j % 2 === 1,
      })),
    }) +
    `<p>After ${s.longEpochs} epochs the final losses spread over ${num(spread, fmt(spread), atPost ? null : undefined, atPost ? 'sens.long.spread' : null)}: ` +
    'with five samples, 200 epochs is too short for α to matter; with longer training the order of the α appears.</p>'
  );
}
