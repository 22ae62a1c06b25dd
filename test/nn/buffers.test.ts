import { type Tensor, ones, tensor, zeros } from '@tapegrad/core';
import { Linear, Module, Parameter, ReLU, SGD, Sequential, StateDictError } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';

/** A layer with a parameter, a buffer it updates in place, and a buffer registered as null. */
class Counter extends Module {
  scale = new Parameter(ones([2]));
  constructor() {
    super();
    this.registerBuffer('seen', zeros([]));
    this.registerBuffer('total', zeros([2]));
    this.registerBuffer('unused', null);
  }
  forward(x: Tensor): Tensor {
    this.buffer('seen')!.data[0]! += 1;
    const total = this.buffer('total')!.data;
    for (let i = 0; i < 2; i++) total[i]! += x.data[i]!;
    return x.mul(this.scale);
  }
}

describe('Module buffers', () => {
  it('are saved after the parameters, module by module, and are never parameters', () => {
    const model = new Sequential(new Counter(), new ReLU(), new Counter());
    expect([...model.stateDict().keys()]).toEqual(['0.scale', '0.seen', '0.total', '2.scale', '2.seen', '2.total']);
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.scale', '2.scale']);
    expect(model.namedBuffers().map(([n]) => n)).toEqual(['0.seen', '0.total', '2.seen', '2.total']);
    expect(model.buffers().every((b) => !b.requiresGrad)).toBe(true);
    expect(model.at(0).buffer('unused')).toBeNull();
    expect(model.at(0).buffer('nothing')).toBeUndefined();
    // toString does not print buffers, as PyTorch's repr.
    expect(model.toString()).toBe('Sequential(\n  (0): Counter()\n  (1): ReLU()\n  (2): Counter()\n)');
  });

  it('receive no gradient and are not stepped by an optimizer', () => {
    const c = new Counter();
    const opt = new SGD(c.parameters(), { lr: 0.1 });
    c.forward(tensor([1, 2]))
      .sum()
      .backward();
    opt.step();
    expect(c.buffer('total')!.grad).toBeNull();
    expect(Array.from(c.buffer('total')!.data)).toEqual([1, 2]);
    expect(c.buffer('seen')!.item()).toBe(1);
  });

  it('round-trip through stateDict and loadStateDict, with shapes checked', () => {
    const a = new Counter();
    a.forward(tensor([3, 4]));
    const b = new Counter();
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(b.buffer('total')!.data)).toEqual([3, 4]);
    expect(b.buffer('seen')!.item()).toBe(1);
    const bad = new Map(a.stateDict());
    bad.set('total', zeros([3]));
    bad.delete('seen');
    expect(() => b.loadStateDict(bad)).toThrow(StateDictError);
    expect(() => b.loadStateDict(bad)).toThrow(
      /missing key\(s\): "seen"[\s\S]*size mismatch for "total": the state dict has shape \[3\], the buffer in Counter has shape \[2\]/,
    );
    bad.set('total', zeros([2]));
    expect(b.loadStateDict(bad, { strict: false }).missingKeys).toEqual(['seen']);
  });

  it('reject a taken name, a dotted name, a non-tensor and a tensor that requires grad', () => {
    const c = new Counter();
    expect(() => c.registerBuffer('scale', zeros([1]))).toThrow(/Counter.registerBuffer: "scale" is already a field of Counter/);
    expect(() => c.registerBuffer('a.b', zeros([1]))).toThrow(/name must be a non-empty string without "."/);
    expect(() => c.registerBuffer('x', [1] as never)).toThrow(/expected a Tensor or null, got \[1\]/);
    expect(() => c.registerBuffer('x', tensor([1], { requiresGrad: true }))).toThrow(/must not require grad/);
    c.registerBuffer('seen', ones([])); // replacing a buffer is allowed, as PyTorch
    expect(c.buffer('seen')!.item()).toBe(1);
  });
});

describe('a field holding a collection of modules', () => {
  class WithArray extends Module {
    layers = [new Linear(2, 2), new Linear(2, 2)];
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  class WithObject extends Module {
    heads = { a: new Linear(2, 2) };
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  class WithParams extends Module {
    weights = [new Parameter(ones([2]))];
    sizes = [2, 3];
    forward(x: Tensor): Tensor {
      return x;
    }
  }

  it('is an error that names the field and the container to use, on every walk', () => {
    const m = new WithArray();
    for (const walk of [() => m.parameters(), () => m.stateDict(), () => m.train(), () => m.toString(), () => m.namedChildren()]) {
      expect(walk).toThrow('WithArray: field "layers" holds an array of modules or parameters, which would not be registered');
      expect(walk).toThrow(/use new ModuleList\(\[\.\.\.\]\) for modules/);
    }
    expect(() => new WithObject().parameters()).toThrow(/WithObject: field "heads" holds an object .* use new ModuleDict\(\{\.\.\.\}\)/);
    expect(() => new Sequential(new WithParams()).parameters()).toThrow(/WithParams: field "weights" holds an array/);
  });

  it('is no error for arrays and objects of anything else', () => {
    class Plain extends Module {
      sizes = [2, 3];
      config = { hidden: 4, names: ['a'] };
      empty: Module[] = [];
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(new Plain().parameters()).toEqual([]);
  });
});
