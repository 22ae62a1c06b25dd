/** The tape as a learner sees it: the Wengert list, the DOT graph, and the order backward replays. */
import { leakyRelu, matmul, sigmoid, sum, tapeOf, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

describe('tapeOf', () => {
  test('prints one line per recorded op, in the order they ran', () => {
    const z = tensor([-1, 0, 2], { requiresGrad: true, name: 'z' });
    const loss = sum(leakyRelu(z));
    expect(tapeOf(loss).toString()).toBe(
      ['z  = leaf [3]', '%0 = leakyRelu(z; negativeSlope=0.01)  [3]', '%1 = sum(%0; axes=[0], keepdims=false)  []'].join('\n'),
    );
  });

  test('the entries are in tape order: every entry comes after the entries it reads', () => {
    const x = tensor([[0.5, -1]], { name: 'x' });
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true, name: 'W' },
    );
    const h = leakyRelu(matmul(x, w));
    const loss = sum(sigmoid(matmul(h, w)));
    const tape = tapeOf(loss);
    expect(tape.entries.map((e) => e.op)).toEqual(['matmul', 'leakyRelu', 'matmul', 'sigmoid', 'sum']);
    const position = new Map(tape.entries.map((e, i) => [e.output, i]));
    for (const [i, e] of tape.entries.entries()) {
      for (const input of e.inputs) if (input.entry) expect(position.get(input)!).toBeLessThan(i);
    }
    expect(tape.leaves.map((l) => l.name)).toEqual(['x', 'W']);
    expect(tape.toString().split('\n')[0]).toBe('x  = const [1,2]');
  });

  test('exports Graphviz DOT with a node per value and an edge per input', () => {
    const z = tensor([1, 2], { requiresGrad: true, name: 'z' });
    const dot = tapeOf(sum(leakyRelu(z))).toDot();
    expect(dot.startsWith('digraph tape {')).toBe(true);
    expect(dot).toContain('"z" -> "%0";');
    expect(dot).toContain('"%0" -> "%1";');
    expect(dot.match(/->/g)!.length).toBe(2);
  });

  test('after backward the tape is gone, and the error says how to keep it', () => {
    const z = tensor([1, 2], { requiresGrad: true });
    const loss = sum(leakyRelu(z));
    loss.backward();
    expect(() => tapeOf(loss)).toThrow(/read the tape before backward\(\), or pass \{ retainGraph: true \}/);
  });
});
