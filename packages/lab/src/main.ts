/**
 * The lab: the post on Leaky ReLU and PReLU as a page, every number computed here by tapegrad with
 * the functions `pnpm examples` calls. Each section mounts into its `<section>` of index.html, in
 * the post's order; the footer says how long the page took to compute its first view.
 */
import { getBackend } from '@tapegrad/core';
import { mountActivations } from './sections/activations.js';
import { mountChain } from './sections/chain.js';
import { mountDead } from './sections/dead.js';
import { mountPrelu } from './sections/prelu.js';
import { mountSweep } from './sections/sweep.js';
import { mountTape } from './sections/tape.js';
import { Signal, measured } from './state.js';

/** The mount point of a section: `<div class="body">` inside `<section id="…">`. */
function body(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`#${id} .body`);
  if (!found) throw new Error(`lab: index.html has no section #${id}`);
  return found;
}

measured('mount', () => {
  const alpha = new Signal(0.01);
  mountActivations(body('activations'), alpha);
  mountTape(body('tape'), alpha);
  mountChain(body('chain'));
  mountPrelu(body('prelu'));
  mountSweep(body('sweep'));
  mountDead(body('dead'));
});

const footer = document.querySelector<HTMLElement>('#timings');
if (footer) {
  const ms = (name: string) => Math.round(performance.getEntriesByName(`lab:${name}`).at(-1)?.duration ?? Number.NaN);
  footer.textContent = `Computed in this page on tapegrad's "${getBackend()}" backend: first view in ${ms('mount')} ms (the sweep: ${ms('sweep')} ms).`;
}
document.body.dataset.backend = getBackend();
document.body.dataset.ready = 'true';
