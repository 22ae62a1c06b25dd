/**
 * The ledger's values (shared post ledger, `ledger.md`), one entry per id: what each number must
 * compute to, exactly or within a stated tolerance. The examples' tests assert against this table.
 */
export interface Expected {
  /** The value the ledger gives. */
  value: number;
  /** Allowed |computed − value|; 0 means bit-exact. */
  tol: number;
  status: 'ok' | 'erratum' | 'convention' | 'claim' | 'citation';
  /** The post's printed value, where it prints one. */
  post?: number | null;
}

const ANCHORS = [-3, -1, 0, 0.5, 1, 3];
const exact = (value: number, status: Expected['status'] = 'ok', post: number | null = value): Expected => ({
  value,
  tol: 0,
  status,
  post,
});
const near = (value: number, tol: number, status: Expected['status'] = 'ok', post: number | null = value): Expected => ({
  value,
  tol,
  status,
  post,
});

export const LEDGER: Record<string, Expected> = {
  'alpha.default': exact(0.01),
  'grad.z=-1': exact(0.01),
  ...perAnchor('t1.relu', (z) => exact(Math.max(z, 0))),
  ...perAnchor('t1.leaky', (z) => exact(z > 0 ? z : 0.01 * z)),
  ...perAnchor('t1.dleaky', (z) => exact(z > 0 ? 1 : 0.01)),
  // 0.1 × 0.01 in float64 is 0.001 within one ulp
  'chain.factor': near(0.001, 1e-18),
  'chain.relu': exact(0),
  'chain.d3': near(1e-3, 1e-15, 'convention'),
  'chain.d2': near(1e-6, 1e-18, 'convention'),
  'chain.d1': near(1e-9, 1e-21, 'convention'),
  'alpha.prelu_init': exact(0.25),
  ...perAnchor('t2.leaky', (z) => exact(z > 0 ? z : 0.01 * z)),
  ...perAnchor('t2.prelu25', (z) => exact(z > 0 ? z : 0.25 * z)),
  ...perAnchor('t2.prelu50', (z) => exact(z > 0 ? z : 0.5 * z)),
  ...perAnchor('prelu.dz', (z) => exact(z > 0 ? 1 : 0.25)),
  ...perAnchor('prelu.dalpha', (z) => exact(z > 0 ? 0 : z)),
  'prelu.dalpha.sum': exact(-4, 'ok', null),
  'prelu.step': exact(0.25 - 0.1 * -4, 'ok', null),
  ...sensitivity(),
  'cmp.params.relu': exact(0),
  'cmp.params.leaky': exact(0),
  'cmp.params.prelu': exact(64, 'ok', null),
  'lim.params512': exact(512),
  'lim.kink.left': near(0.01, 1e-9),
  'lim.kink.right': near(1, 1e-9),
  'lim.kink': exact(0, 'claim', null),
  'lim.linear[1]': near(0, 1e-12, 'claim', null),
  'lim.linear': near(0, 1e-12, 'claim', null),
  'q1.grad_z': near(0.008, 1e-17),
  'q1.grad_w': near(0.0024, 1e-17),
  'q1.delta_w': near(-2.4e-5, 1e-19),
  'q2.params': exact(64),
  'q3.factor': exact(0.25),
  'q3.relu': exact(0),
  'q3.leaky': exact(0.015625, 'convention'),
  'q3.leaky.fourHops': exact(0.00390625, 'convention', null),
  'q5.linearity': near(0, 1e-12, 'claim', null),
};

/** The churn network's losses as the post's NumPy code computes them (ledger, full precision), and the post's table. */
function sensitivity(): Record<string, Expected> {
  const code: Record<string, [number, number, number]> = {
    '0.001': [0.6867518774517353, 0.6734186748030038, 0.6336142371863154],
    '0.01': [0.6867564587452211, 0.6734222635130083, 0.6336650410859213],
    '0.1': [0.6867993287846504, 0.6733846706395012, 0.6318135515901169],
    '0.3': [0.6868756849406246, 0.6732304989902742, 0.6281484543807745],
  };
  const post: Record<string, [number, number, number]> = {
    '0.001': [0.7021, 0.6847, 0.6732],
    '0.01': [0.6894, 0.5821, 0.4103],
    '0.1': [0.6831, 0.5634, 0.3897],
    '0.3': [0.6745, 0.5501, 0.4218],
  };
  const out: Record<string, Expected> = {};
  for (const alpha of Object.keys(code)) {
    [10, 50, 200].forEach((k, j) => {
      // Logits: the NumPy trajectory within 1e-13; literal: about 3e-9 away (the + 1e-8 is differentiated).
      out[`sens.logits.loss@${k}[${alpha}]`] = near(code[alpha]![j]!, 1e-13, 'erratum', post[alpha]![j]!);
      out[`sens.literal.loss@${k}[${alpha}]`] = near(code[alpha]![j]!, 5e-9, 'erratum', post[alpha]![j]!);
    });
  }
  return out;
}

function perAnchor(id: string, f: (z: number) => Expected): Record<string, Expected> {
  return Object.fromEntries(ANCHORS.map((z) => [`${id}[${z}]`, f(z)]));
}
