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
const exact = (value: number, status: Expected['status'] = 'ok', post: number | null = value): Expected => ({ value, tol: 0, status, post });
const near = (value: number, tol: number, status: Expected['status'] = 'ok', post: number | null = value): Expected => ({ value, tol, status, post });

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
};

function perAnchor(id: string, f: (z: number) => Expected): Record<string, Expected> {
  return Object.fromEntries(ANCHORS.map((z) => [`${id}[${z}]`, f(z)]));
}
