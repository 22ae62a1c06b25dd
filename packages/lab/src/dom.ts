/**
 * Small DOM functions: elements, labelled controls, and numbers tied to the ledger. No framework: each
 * section builds its elements once and rewrites the parts that change.
 */
import { type Ledger, type NumberRecord, mark } from '@tapegrad/examples';
import { exact } from './format.js';

type Child = Node | string | null | undefined | false;

/** An element with attributes (`class`, `data-*`, `aria-*` …) and children; `null`/`false` children are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Escapes text for an HTML string. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

let uid = 0;
/** A fresh element id with a readable prefix. */
export function freshId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** What {@link slider} draws: a labelled range input with the value beside it, and preset buttons. */
export interface SliderOptions {
  /** `data-control` name. */
  name: string;
  /** The visible label. */
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** Values offered as buttons. */
  presets?: readonly number[];
  /** How the current value is written beside the slider. */
  format?: (v: number) => string;
}

/** A slider: its element, its current value, and a way to listen to it and to set it. */
export interface Slider {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  /** The current value. */
  value(): number;
  /** Sets the value and notifies the listeners, as a reader's change would. */
  set(v: number): void;
  /** Calls `fn` with the new value on every change (dragging, keys, presets). */
  onChange(fn: (v: number) => void): void;
}

/**
 * A labelled `<input type="range">` (keyboard-operable as every native range is: arrows, Page Up/Down,
 * Home/End), its value written in an `<output>`, and optional preset buttons.
 */
export function slider(o: SliderOptions): Slider {
  const id = freshId(o.name);
  const format = o.format ?? String;
  const input = el('input', { type: 'range', id, min: o.min, max: o.max, step: o.step, value: o.value, 'data-control': o.name });
  const output = el('output', { for: id, 'data-output': o.name }, format(o.value));
  const listeners: ((v: number) => void)[] = [];
  const changed = () => {
    const v = Number(input.value);
    output.textContent = format(v);
    input.setAttribute('aria-valuetext', format(v));
    for (const fn of listeners) fn(v);
  };
  input.addEventListener('input', changed);
  const presets = (o.presets ?? []).map((p) => {
    const b = el(
      'button',
      { type: 'button', 'data-control': `${o.name}-preset`, 'data-preset': p },
      `${o.label.split(' ')[0]} = ${format(p)}`,
    );
    b.addEventListener('click', () => {
      input.value = String(p);
      changed();
    });
    return b;
  });
  const root = el(
    'div',
    { class: 'control' },
    el('label', { for: id }, o.label),
    el('div', { class: 'control-row' }, input, output),
    presets.length > 0 ? el('div', { class: 'presets', role: 'group', 'aria-label': `${o.label}: presets` }, ...presets) : null,
  );
  return {
    root,
    input,
    value: () => Number(input.value),
    set(v) {
      input.value = String(v);
      changed();
    },
    onChange: (fn) => void listeners.push(fn),
  };
}

/** A labelled number or text field with `data-control`. */
export function field(
  name: string,
  label: string,
  value: string,
  attrs: Record<string, string | number> = {},
): { root: HTMLElement; input: HTMLInputElement } {
  const id = freshId(name);
  const input = el('input', { id, value, 'data-control': name, ...attrs });
  return { root: el('div', { class: 'control' }, el('label', { for: id }, label), input), input };
}

/** A button with `data-control`. */
export function button(name: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-control': name }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** True when two ledger values are the same numbers (arrays element by element). */
function same(a: NumberRecord['value'], b: number | readonly number[]): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The attributes of a number shown on the page: `data-value` (its exact value) always, and
 * `data-ledger-id` when `id` names the ledger's number it is. The ledger's record must hold the
 * same value (the page shows what the examples compute, nothing else); a mismatch is reported as
 * an error in the console, where the browser tests look for it.
 */
export function numberAttrs(value: number | readonly number[], ledger?: Ledger, id?: string | null): string {
  let attrs = `data-value="${esc(exact(value))}"`;
  if (ledger && id) {
    const rec = ledger[id];
    if (rec === undefined || !same(rec.value, value)) {
      console.error(`lab: the page shows ${exact(value)} for ${id}, the ledger has ${rec ? JSON.stringify(rec.value) : 'no such id'}`);
    } else attrs += ` data-ledger-id="${esc(id)}"`;
  }
  return attrs;
}

/**
 * A number as HTML: `<span class="num" data-value … data-ledger-id …>text</span>`. With a `ledger`,
 * the id is checked against it (see {@link numberAttrs}); with `ledger` null, `id` is written as
 * is, for numbers whose ledger function needs more than the page computes (the browser tests still
 * compare them with the command line's).
 */
export function num(value: number | readonly number[], text: string, ledger?: Ledger | null, id?: string | null): string {
  const attrs =
    ledger === null && id ? `data-value="${esc(exact(value))}" data-ledger-id="${esc(id)}"` : numberAttrs(value, ledger ?? undefined, id);
  return `<span class="num" ${attrs}>${esc(text)}</span>`;
}

/**
 * Our number beside the post's: the page's `value` (written as `text`) tied to the ledger's `id`,
 * then the post's printed value and the mark (`✓`, `✗ erratum`, or the status), with the record's
 * note as a tooltip.
 */
export function versusPost(value: number, text: string, id: string, postText: string | null, ledger: Ledger): string {
  const rec = ledger[id]!;
  const m = mark(rec);
  const cls = rec.status === 'erratum' ? 'mark erratum' : rec.status === 'ok' ? 'mark ok' : 'mark other';
  const post = postText === null ? '' : `<span class="post">post ${esc(postText)}</span> `;
  const note = rec.note ? ` title="${esc(rec.note)}"` : '';
  return `${num(value, text, ledger, id)} ${post}<span class="${cls}"${note}>${esc(m)}</span>`;
}

/** An HTML table from a header and rows of HTML cells. */
export function tableHtml(header: readonly string[], rows: readonly (readonly string[])[], caption?: string, cls?: string): string {
  const head = `<thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody>`;
  return `<div class="scroll"><table${cls ? ` class="${cls}"` : ''}>${caption ? `<caption>${caption}</caption>` : ''}${head}${body}</table></div>`;
}
