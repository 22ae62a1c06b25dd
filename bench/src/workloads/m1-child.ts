/**
 * M1's child process (run by `m1-memory.ts` as `node --expose-gc m1-child.js <steps> <backend>`), so that its
 * peak RSS is W3's alone and not the benchmark runner's. Prints one JSON object:
 * - the RSS every 100 steps of a W3 training run, and the peak (`maxRSS`, `VmHWM`);
 * - bytes the tape keeps per recorded op: the heap (+ ArrayBuffer) growth, after a full GC, of a
 *   long chain of recorded ops kept alive by its last value, divided by the number of ops;
 * - the same for one W3 forward pass (entries kept until backward, activations included).
 */
import { readFileSync } from 'node:fs';
import { mul, scalar, setBackend, tapeOf, tensor, type Tensor } from '@tapegrad/core';
import { oursMlp } from './w3-model.js';

export interface MemoryChildReport {
  readonly steps: number;
  readonly secondsPerStep: number;
  readonly rss: readonly { readonly step: number; readonly rssMB: number; readonly heapMB: number }[];
  readonly maxRssMB: number;
  readonly vmHwmMB: number | null;
  readonly bytesPerScalarOp: number;
  readonly bytesPerTensorOp: number;
  readonly w3Forward: { readonly entries: number; readonly retainedMB: number; readonly bytesPerEntry: number };
}

const MB = 1024 * 1024;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  g();
  g();
}

function used(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function vmHwmMB(): number | null {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number.parseInt(line.replace(/\D+/g, ''), 10) / 1024 : null;
  } catch {
    return null;
  }
}

function main(steps: number): MemoryChildReport {
  const rss: { step: number; rssMB: number; heapMB: number }[] = [];
  const sample = (step: number) => {
    const m = process.memoryUsage();
    rss.push({ step, rssMB: m.rss / MB, heapMB: m.heapUsed / MB });
  };
  const model = oursMlp();
  sample(0);
  const t0 = performance.now();
  for (let step = 1; step <= steps; step++) {
    model.step();
    if (step % 100 === 0 || step === 1) sample(step);
  }
  const secondsPerStep = (performance.now() - t0) / 1000 / steps;
  // The peaks are read now: the measurements below are not part of the training run.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const vmHwm = vmHwmMB();

  const n = 100_000;
  let before = used();
  let s = scalar(1);
  for (let i = 0; i < n; i++) s = s.mul(1.000001).add(1e-7);
  const bytesPerScalarOp = (used() - before) / (2 * n);
  if (!Number.isFinite(s.data)) throw new Error('unreachable');

  before = used();
  let t: Tensor = tensor([1], { requiresGrad: true });
  for (let i = 0; i < n; i++) t = mul(t, 1.000001);
  const bytesPerTensorOp = (used() - before) / n;
  if (t.size !== 1) throw new Error('unreachable');

  // One W3 forward pass: build the loss without stepping (a fresh model, its step not called).
  const fresh = oursMlp();
  const afterModel = used();
  const forward = fresh.forward();
  const retained = used() - afterModel;
  const entries = tapeOf(forward).entries.length;
  return {
    steps,
    secondsPerStep,
    rss,
    maxRssMB,
    vmHwmMB: vmHwm,
    bytesPerScalarOp,
    bytesPerTensorOp,
    w3Forward: { entries, retainedMB: retained / MB, bytesPerEntry: retained / entries },
  };
}

const steps = Number.parseInt(process.argv[2] ?? '1000', 10);
if (process.argv[3] !== undefined) setBackend(process.argv[3]);
process.stdout.write(`${JSON.stringify(main(steps))}\n`);
