import { type Tensor, defaultRng, relu, zeros } from '@tapegrad/core';
import { Dropout, Linear, Module, ModuleDict, ModuleList, ReLU, Sequential } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';

const lin = (i: number, o: number, seed = 0) => new Linear(i, o, { generator: defaultRng(seed) });

class Tower extends Module {
  layers = new ModuleList([lin(2, 3), lin(3, 3, 1)]);
  heads = new ModuleDict({ out: lin(3, 1, 2), drop: new Dropout(0.5) });
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = relu(layer.forward(y));
    return this.heads.get('out').forward(this.heads.get('drop').forward(y));
  }
}

describe('ModuleList', () => {
  it('registers its modules by index: parameters, state-dict keys, train/eval and toString', () => {
    const t = new Tower();
    expect(t.namedParameters().map(([n]) => n)).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
      'heads.out.weight',
      'heads.out.bias',
    ]);
    expect([...t.stateDict().keys()]).toEqual(t.namedParameters().map(([n]) => n));
    t.eval();
    expect([...t.layers].every((m) => !m.training)).toBe(true);
    expect(t.heads.get('drop').training).toBe(false);
    expect(t.forward(zeros([4, 2])).shape).toEqual([4, 1]);
    expect(t.toString()).toBe(
      [
        'Tower(',
        '  (layers): ModuleList(',
        '    (0): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '    (1): Linear(inFeatures=3, outFeatures=3, bias=true)',
        '  )',
        '  (heads): ModuleDict(',
        '    (out): Linear(inFeatures=3, outFeatures=1, bias=true)',
        '    (drop): Dropout(p=0.5, inplace=False)',
        '  )',
        ')',
      ].join('\n'),
    );
    expect(new ModuleList().toString()).toBe('ModuleList()');
  });

  it('appends, extends, inserts, sets and pops as a Python list, renaming by position', () => {
    const [a, b, c, d, e] = [new ReLU(), lin(1, 1), lin(1, 2), lin(2, 2), new ReLU()];
    const list = new ModuleList<Module>([a]);
    list.append(b).extend([c, d]);
    expect([...list]).toEqual([a, b, c, d]);
    expect(list.length).toBe(4);
    expect([list.at(0), list.at(-1), list[1]]).toEqual([a, d, b]);
    list.insert(1, e);
    expect([...list]).toEqual([a, e, b, c, d]);
    list.insert(-1, a); // before the last, as list.insert(-1, x)
    expect([...list]).toEqual([a, e, b, c, a, d]);
    expect(list.pop()).toBe(d);
    expect(list.pop(0)).toBe(a);
    expect([...list]).toEqual([e, b, c, a]);
    list.set(-1, d);
    expect(list.namedChildren().map(([k, m]) => [k, m])).toEqual([
      ['0', e],
      ['1', b],
      ['2', c],
      ['3', d],
    ]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias', '3.weight', '3.bias']);
    list.insert(4, a); // at the end
    expect(list.length).toBe(5);
  });

  it('rejects what is not a module, and indices out of range, naming the method', () => {
    const list = new ModuleList([new ReLU()]);
    expect(() => new ModuleList([new ReLU(), 'relu' as never])).toThrow('ModuleList: module 1 is "relu", not a Module');
    expect(() => new ModuleList(new ReLU() as never)).toThrow(/ModuleList: expected an array \(or iterable\) of modules, got a ReLU/);
    expect(() => list.extend([lin(1, 1), 3 as never])).toThrow('ModuleList.extend: module 1 is 3, not a Module');
    expect(list.length).toBe(1); // nothing added
    expect(() => list.at(1)).toThrow('ModuleList.at: index 1 is out of range for 1 modules; it must be an integer in [-1, 0]');
    expect(() => list.insert(3, new ReLU())).toThrow(
      'ModuleList.insert: index 3 is out of range for 1 modules; it must be an integer in [-1, 1]',
    );
    expect(() => list.append({} as never)).toThrow('ModuleList.append: expected a Module, got an object');
    expect(() => list.forward()).toThrow(/ModuleList: has no forward/);
  });
});

describe('ModuleDict', () => {
  it('keeps insertion order for every key, and iterates over keys as PyTorch', () => {
    const d = new ModuleDict<Module>([
      ['b', new ReLU()],
      ['0', lin(1, 1)],
      ['a', lin(1, 1)],
    ]);
    expect([...d]).toEqual(['b', '0', 'a']);
    expect(d.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', 'a.weight', 'a.bias']);
    d.set('b', lin(2, 2)); // replaced in its place
    expect(d.keys()).toEqual(['b', '0', 'a']);
    expect(d.namedParameters()[0]![0]).toBe('b.weight');
    expect(d.pop('0')).toBeInstanceOf(Linear);
    d.update({ c: new ReLU() });
    expect(d.entries().map(([k]) => k)).toEqual(['b', 'a', 'c']);
    expect(d.values().length).toBe(3);
    expect([d.has('a'), d.has('0'), d.length]).toEqual([true, false, 3]);
    // Keys may be names a Module has (they live apart from its fields).
    d.set('training', new ReLU()).set('forward', new ReLU());
    expect(d.training).toBe(true);
    expect(d.get('training')).toBeInstanceOf(ReLU);
    d.clear();
    expect(d.length).toBe(0);
    expect(new Sequential(new ModuleDict({ r: new ReLU() })).toString()).toBe('Sequential(\n  (0): ModuleDict(\n    (r): ReLU()\n  )\n)');
  });

  it('rejects bad keys and values, naming the method', () => {
    const d = new ModuleDict({ a: new ReLU() });
    expect(() => d.get('b')).toThrow('ModuleDict.get: no such key "b"; the keys are ["a"]');
    expect(() => d.set('x.y', new ReLU())).toThrow('ModuleDict.set: a key must be a non-empty string without ".", got "x.y"');
    expect(() => d.set('', new ReLU())).toThrow(/a key must be a non-empty string/);
    expect(() => new ModuleDict({ a: new ReLU(), b: 'relu' as never })).toThrow(
      'ModuleDict: the value for key "b" is "relu", not a Module',
    );
    expect(() => d.update([['c', new ReLU()], ['d']] as never)).toThrow('ModuleDict.update: expected [key, module] pairs, got ["d"]');
    expect(d.keys()).toEqual(['a']); // nothing added
    expect(() => new ModuleDict(null as never)).toThrow(/ModuleDict: expected an object of modules by key/);
    expect(() => d.forward()).toThrow(/ModuleDict: has no forward/);
  });
});
