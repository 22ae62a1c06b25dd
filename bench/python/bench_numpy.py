"""NumPy references (float64, single-thread OpenBLAS): W1 matmul, W4 the post's own code with its
hand-derived gradients, W4 and W5 with a micrograd-style scalar Value (reimplemented here). R1's NumPy
figure is measured by bench/src/random.ts. Usage: bench_numpy.py --workloads W1,W4 [--quick]; prints one JSON object."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Results, blas_libraries, emit, env_info, hashed, parse_args  # noqa: E402
import churn  # noqa: E402
import micrograd_value as mg  # noqa: E402

_ = np.ones((8, 8)) @ np.ones((8, 8))
NP = f"NumPy {np.__version__} + {'OpenBLAS' if any('openblas' in os.path.basename(p) for p in blas_libraries()) else 'BLAS ?'}"
MICRO = 'micrograd-style Python Value (reimplemented)'


def w1(res):
    for n in (128, 256, 512):
        a = hashed(n * n, 11).reshape(n, n)
        b = hashed(n * n, 12).reshape(n, n)
        out = {}

        def run():
            out['c'] = a @ b

        res.run('W1', f'n={n}', NP, 'float64', run,
                check=lambda: [out['c'][0, 0], out['c'][n - 1, n - 1], out['c'].mean()])


def w4(res):
    out = {}

    def sweep():
        out['losses'] = [churn.train_network(alpha) for alpha in churn.ALPHAS]

    res.run('W4', 'sweep', 'post NumPy code (hand-derived gradients)', 'float64', sweep,
            check=lambda: [l[199] for l in out['losses']])

    def micro_sweep():
        out['micro'] = [mg.train_churn(alpha) for alpha in churn.ALPHAS]

    res.run('W4', 'sweep', MICRO, 'float64', micro_sweep, check=lambda: [l[199] for l in out['micro']])


def w5(res):
    model = mg.MLP(16, [16, 16, 1])
    x = hashed(16, 31).tolist()
    y = 0.5
    out = {}

    def step():
        loss = mg.sample_step(model, x, y)
        out['check'] = [loss.data, model.parameters()[0].grad]

    res.run('W5', 'mlp 16-16-16-1', MICRO, 'float64', step, check=lambda: out['check'],
            ops_per_sample=mg.ops_per_sample(model))


def main():
    workloads, quick = parse_args(sys.argv[1:])
    res = Results(quick)
    for name, fn in (('W1', w1), ('W4', w4), ('W5', w5)):
        if name in workloads:
            fn(res)
    emit({'python': env_info(), 'results': res.rows})


if __name__ == '__main__':
    main()
