import { defaultRng, type Tensor, ones, tensor, zeros } from '@tapegrad/core';
import {
  Identity,
  LeakyReLU,
  Linear,
  Module,
  Parameter,
  PReLU,
  ReLU,
  Sequential,
  Sigmoid,
  StateDictError,
  kaimingNormal_,
  zeros_,
  type AnyModule,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';

class Affine extends Module {
  weight = new Parameter(ones([3]));
  bias = new Parameter(zeros([3]));
  forward(x: Tensor): Tensor {
    return x.mul(this.weight).add(this.bias);
  }
}

class Block extends Module {
  inner = new Sequential(new Affine(), new ReLU());
  skip = new Affine();
  forward(x: Tensor): Tensor {
    return this.inner.forward(x).add(this.skip.forward(x));
  }
}

const mlp = () => {
  const rng = defaultRng(7);
  return new Sequential(
    new Linear(2, 4, { generator: rng }),
    new PReLU({ numParameters: 4 }),
    new Linear(4, 1, { generator: rng, bias: false }),
    new Sigmoid(),
  );
};

describe('Parameter', () => {
  it('is a leaf that requires grad and shares the wrapped data, printed as PyTorch does', () => {
    const t = tensor([1, 2]);
    const p = new Parameter(t);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(p.data).toBe(t.data);
    expect(new Parameter(t, { requiresGrad: false }).requiresGrad).toBe(false);
    expect(p.toString()).toBe('Parameter containing:\ntensor([1., 2.], requiresGrad=true)');
    expect(() => new Parameter([1, 2] as never)).toThrow(/Parameter: expected a Tensor to wrap, got \[1, 2\]/);
  });
});

describe('Module', () => {
  it('registers fields holding parameters and modules, with PyTorch dotted names', () => {
    const b = new Block();
    expect(b.namedParameters().map(([n]) => n)).toEqual(['inner.0.weight', 'inner.0.bias', 'skip.weight', 'skip.bias']);
    expect(b.namedModules().map(([n, m]) => `${n}:${m.constructor.name}`)).toEqual([
      ':Block',
      'inner:Sequential',
      'inner.0:Affine',
      'inner.1:ReLU',
      'skip:Affine',
    ]);
    expect(b.children()).toEqual([b.inner, b.skip]);
    expect(
      mlp()
        .namedParameters()
        .map(([n]) => n),
    ).toEqual(['0.weight', '0.bias', '1.weight', '2.weight']);
  });

  it('lists a shared parameter or module once', () => {
    const shared = new Affine();
    const seq = new Sequential(shared, new ReLU(), shared);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    expect(seq.modules()).toHaveLength(3);
    expect(seq.numParameters()).toBe(6);
  });

  it('counts parameters: Σ sizes, optionally only trainable ones', () => {
    const m = mlp();
    expect(m.numParameters()).toBe(2 * 4 + 4 + 4 + 4);
    m.at(1).parameters()[0]!.requiresGrad = false;
    expect(m.numParameters({ onlyTrainable: true })).toBe(20 - 4);
    expect(new PReLU({ numParameters: 512 }).numParameters()).toBe(512);
  });

  it('switches train/eval mode on the whole tree', () => {
    const b = new Block();
    b.eval();
    expect(b.modules().every((m) => !m.training)).toBe(true);
    b.train();
    expect(b.modules().every((m) => m.training)).toBe(true);
  });

  it('zeroGrad clears every gradient', () => {
    const m = mlp();
    m.forward(tensor([[1, 2]]))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('apply visits children before parents, each once', () => {
    const visited: string[] = [];
    const b = new Block();
    expect(b.apply((m: AnyModule) => visited.push(m === b.skip ? 'skip' : m.constructor.name))).toBe(b);
    // the reverse of the pre-order Block, Sequential, Affine, ReLU, skip
    expect(visited).toEqual(['skip', 'ReLU', 'Affine', 'Sequential', 'Block']);
  });

  it('apply re-initialises every Linear (instanceof narrows the module)', () => {
    const m = mlp();
    m.apply((mod) => {
      if (mod instanceof Linear) {
        kaimingNormal_(mod.weight, { generator: defaultRng(1) });
        if (mod.bias) zeros_(mod.bias);
      }
    });
    expect(Array.from(m.at(0).parameters()[1]!.data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(m.at(0).parameters()[0]!.data)).toEqual(Array.from(kaimingNormal_(zeros([4, 2]), { generator: defaultRng(1) }).data));
  });

  it('prints like PyTorch repr, nested and with extra settings', () => {
    expect(mlp().toString()).toBe(
      [
        'Sequential(',
        '  (0): Linear(inFeatures=2, outFeatures=4, bias=true)',
        '  (1): PReLU(numParameters=4)',
        '  (2): Linear(inFeatures=4, outFeatures=1, bias=false)',
        '  (3): Sigmoid()',
        ')',
      ].join('\n'),
    );
    expect(new Block().toString()).toBe(
      ['Block(', '  (inner): Sequential(', '    (0): Affine()', '    (1): ReLU()', '  )', '  (skip): Affine()', ')'].join('\n'),
    );
    expect(new LeakyReLU().toString()).toBe('LeakyReLU(negativeSlope=0.01)');
    expect(new Identity().toString()).toBe('Identity()');
  });

  it('stateDict shares data; loadStateDict copies values in place', () => {
    const a = mlp();
    const sd = a.stateDict();
    expect([...sd.keys()]).toEqual(['0.weight', '0.bias', '1.weight', '2.weight']);
    expect(sd.get('0.weight')!.data).toBe(a.at(0).parameters()[0]!.data);
    const b = new Sequential(
      new Linear(2, 4, { generator: defaultRng(99) }),
      new PReLU({ numParameters: 4 }),
      new Linear(4, 1, { generator: defaultRng(98), bias: false }),
      new Sigmoid(),
    );
    const before = b.parameters().map((p) => p.data);
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    b.parameters().forEach((p, i) => {
      expect(p.data).toBe(before[i]);
      expect(Array.from(p.data)).toEqual(Array.from(a.parameters()[i]!.data));
    });
    // a plain object works too
    expect(b.loadStateDict(Object.fromEntries(sd))).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });

  it('loadStateDict names missing and unexpected keys and shape mismatches, and changes nothing then', () => {
    const m = mlp();
    const snapshot = m.parameters().map((p) => Array.from(p.data));
    const sd = new Map(m.stateDict());
    sd.delete('0.bias');
    sd.set('9.weight', zeros([1]));
    sd.set('1.weight', ones([3]));
    sd.set('0.weight', ones([4, 2]).mul(7));
    let err: unknown;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    const msg = (err as Error).message;
    expect(msg).toContain('missing key(s): "0.bias"');
    expect(msg).toContain('unexpected key(s): "9.weight"');
    expect(msg).toContain('size mismatch for "1.weight": the state dict has shape [3], the parameter in Sequential has shape [4]');
    expect(m.parameters().map((p) => Array.from(p.data))).toEqual(snapshot);
    // non-strict: loads what matches, reports the rest
    sd.set('1.weight', ones([4]));
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['0.bias'], unexpectedKeys: ['9.weight'] });
    expect(Array.from(m.at(0).parameters()[0]!.data)).toEqual(Array(8).fill(7));
  });
});

describe('Sequential', () => {
  it('chains, indexes and appends', () => {
    const s = new Sequential(new Identity());
    s.append(new ReLU());
    expect(s.length).toBe(2);
    expect(s.at(-1)).toBeInstanceOf(ReLU);
    expect([...s].map((m) => m.constructor.name)).toEqual(['Identity', 'ReLU']);
    expect(Array.from(s.forward(tensor([-1, 2])).data)).toEqual([0, 2]);
    expect(() => s.at(2)).toThrow(/Sequential.at: index 2 is out of range for 2 modules/);
    expect(() => new Sequential(new ReLU(), 3 as never)).toThrow(/Sequential: module 1 is 3, not a Module/);
  });
});

describe('Parameter owns its array', () => {
  it("an op's small output, a view of a shared block, is copied; a tensor that owns its array is shared", async () => {
    const { Parameter } = await import('@tapegrad/nn');
    const core = await import('@tapegrad/core');
    const view = core.mul(core.arange(12), 2);
    const p = new Parameter(view);
    expect(p.data.byteOffset === 0 && p.data.buffer.byteLength === p.data.byteLength).toBe(true);
    expect(Array.from(p.data)).toEqual(Array.from(view.data));
    const own = core.zeros([12]);
    expect(new Parameter(own).data).toBe(own.data);
  });
});
