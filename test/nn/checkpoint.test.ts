/**
 * Checkpoints: a run saved after 2 epochs and resumed in another process gives, step for step, the
 * losses of the run that never stopped (model, Adam, StepLR, the generator behind shuffling and
 * dropout, and an epoch count, all in one file); the pure codec in the main entry; errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultRng, tensor } from '@tapegrad/core';
import { Adam, Linear, StateDictError, StepLR, decodeCheckpoint, encodeCheckpoint } from '@tapegrad/nn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tapegrad-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A training run as a script of its own, on the built packages: `full`, `first` (2 epochs, then save) or `second` (load, 2 more). */
const script = (dist: (pkg: string, entry?: string) => string) => `
import * as core from ${JSON.stringify(dist('core'))};
import * as nn from ${JSON.stringify(dist('nn'))};
import * as nnNode from ${JSON.stringify(dist('nn', 'node/index.js'))};
const [mode, path] = process.argv.slice(2);
const rng = core.defaultRng(2024);
const model = new nn.Sequential(new nn.Linear(3, 8, { generator: rng }), new nn.PReLU({ numParameters: 8 }), new nn.Dropout(0.25, { generator: rng }), new nn.Linear(8, 1, { generator: rng }));
const opt = new nn.Adam(model.parameters(), { lr: 0.02 });
const scheduler = new nn.StepLR(opt, { stepSize: 1, gamma: 0.7 });
const x = rng.normal(0, 1, [20, 3]);
const y = core.sum(core.mul(x, core.tensor([0.5, -1, 2])), 1, true);
const losses = [];
let epoch = 0;
if (mode === 'second') epoch = nnNode.loadCheckpoint(path, { model, optimizer: opt, scheduler, generator: rng }).epoch;
const last = mode === 'first' ? 2 : 4;
for (; epoch < last; epoch++) {
  const order = rng.permutation(20);
  for (let b = 0; b < 20; b += 5) {
    const idx = order.slice(b, b + 5);
    opt.zeroGrad();
    const loss = nn.mseLoss(model.forward(core.indexSelect(x, 0, idx)), core.indexSelect(y, 0, idx));
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  scheduler.step();
}
if (mode === 'first') nnNode.saveCheckpoint(path, { model, optimizer: opt, scheduler, generator: rng, epoch });
console.log(JSON.stringify(losses));
`;

describe('a run resumed from a checkpoint', () => {
  let run: (mode: string) => number[];
  beforeAll(() => {
    // The packages as a user's script imports them: built, then imported by path.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/core', 'packages/nn'], { cwd: root });
    const dist = (pkg: string, entry = 'index.js') => pathToFileURL(join(root, 'packages', pkg, 'dist', entry)).href;
    const file = join(dir, 'train.mjs');
    writeFileSync(file, script(dist));
    run = (mode) => JSON.parse(execFileSync(process.execPath, [file, mode, join(dir, 'run.ckpt')], { encoding: 'utf8' })) as number[];
  }, 60_000);

  it('in a new process continues bit for bit: 2 + 2 epochs give every loss of 4', () => {
    const full = run('full');
    const first = run('first');
    const second = run('second');
    expect(full).toHaveLength(16);
    expect([...first, ...second]).toEqual(full);
    expect(new Set(full).size).toBe(16); // the losses move: the check compares something
  });
});

describe('the codec of the main entry', () => {
  const setup = () => {
    const model = new Linear(2, 2, { generator: defaultRng(1) });
    const opt = new Adam(model.parameters(), { lr: 0.1 });
    const scheduler = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    return { model, opt, scheduler, rng: defaultRng(9) };
  };

  it('restores every part into fresh objects and returns the extra values', () => {
    const a = setup();
    a.model
      .forward(tensor([[1, 2]]))
      .sum()
      .backward();
    a.opt.step();
    a.scheduler.step();
    a.rng.normal(0, 1, [3]);
    const bytes = encodeCheckpoint({
      model: a.model,
      optimizer: a.opt,
      scheduler: a.scheduler,
      generator: a.rng,
      epoch: 7,
      note: 'x',
      losses: [0.5, 0.25],
    });
    const b = setup();
    const extra = decodeCheckpoint(bytes, { model: b.model, optimizer: b.opt, scheduler: b.scheduler, generator: b.rng });
    expect(extra).toEqual({ epoch: 7, note: 'x', losses: [0.5, 0.25] });
    expect(Array.from(b.model.weight.data)).toEqual(Array.from(a.model.weight.data));
    expect(JSON.stringify(b.opt.stateDict())).toBe(JSON.stringify(a.opt.stateDict()));
    expect(b.scheduler.getLastLr()).toEqual(a.scheduler.getLastLr());
    expect(b.rng.normal(0, 1)).toBe(a.rng.normal(0, 1));
  });

  it('errors: not a checkpoint, a part it does not hold, extra values JSON cannot hold', () => {
    const { model, opt } = setup();
    const bytes = encodeCheckpoint({ model });
    expect(() => decodeCheckpoint(bytes, { model, optimizer: opt })).toThrow(
      /decodeCheckpoint: the checkpoint has no optimizer; it holds model/,
    );
    expect(() => encodeCheckpoint({ model, bad: Number.NaN })).toThrow(StateDictError);
    expect(() => encodeCheckpoint({ model, bad: new Map() })).toThrow(/bad is a Map; extra values must be/);
    const plain = new Uint8Array(16);
    new DataView(plain.buffer).setBigUint64(0, 2n, true);
    plain.set(new TextEncoder().encode('{}'), 8);
    expect(() => decodeCheckpoint(plain.subarray(0, 10), { model })).toThrow(/not a tapegrad checkpoint/);
  });
});
