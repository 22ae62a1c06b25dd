"""PyTorch references, float64, one thread (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1): W1
matmul, W2 activation forward + backward, W3 MLP training step, W4 the churn sweep with autograd, W5
scalar (0-d tensor) ops. The same inputs and math as bench/src/workloads/*.ts.
Usage: bench_torch.py --workloads W1,W2 [--quick]; prints one JSON object."""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Results, blas_libraries, emit, env_info, hashed, labels, parse_args  # noqa: E402

torch.set_num_threads(1)


def _blas_label():
    _ = torch.ones((8, 8), dtype=torch.float64) @ torch.ones((8, 8), dtype=torch.float64)
    names = ' '.join(os.path.basename(p) for p in blas_libraries())
    return 'OpenBLAS' if 'openblas' in names else 'MKL' if 'mkl' in names else 'reference BLAS' if 'blas' in names else 'BLAS ?'


PT = f'PyTorch {torch.__version__} + {_blas_label()}'
F64 = torch.float64


def t(a, requires_grad=False):
    return torch.tensor(a, dtype=F64, requires_grad=requires_grad)


def w1(res):
    for n in (128, 256, 512):
        a = t(hashed(n * n, 11)).reshape(n, n)
        b = t(hashed(n * n, 12)).reshape(n, n)
        out = {}

        def run():
            out['c'] = a @ b

        res.run('W1', f'n={n}', PT, 'float64', run,
                check=lambda: [out['c'][0, 0].item(), out['c'][n - 1, n - 1].item(), out['c'].mean().item()])


def w2(res):
    n = 10 ** 6
    x = t(hashed(n, 21), requires_grad=True)
    g = t(hashed(n, 22))
    alpha = t([0.25], requires_grad=True)
    acts = {
        'relu': lambda: torch.relu(x),
        'leakyRelu': lambda: F.leaky_relu(x, 0.01),
        'prelu': lambda: F.prelu(x, alpha),
    }
    for name, fwd in acts.items():
        def run(fwd=fwd):
            x.grad = None
            alpha.grad = None
            fwd().backward(g)

        def check(name=name):
            c = [x.grad.sum().item(), x.grad[0].item(), x.grad[n - 1].item()]
            return c + ([alpha.grad.item()] if name == 'prelu' else [])

        res.run('W2', name, PT, 'float64', run, check=check)


def mlp_params():
    return [
        t(hashed(64 * 256, 3, 1 / 8)).reshape(64, 256).requires_grad_(),
        torch.zeros(256, dtype=F64, requires_grad=True),
        t(hashed(256 * 256, 4, 1 / 16)).reshape(256, 256).requires_grad_(),
        torch.zeros(256, dtype=F64, requires_grad=True),
        t(hashed(256, 5, 1 / 16)).reshape(256, 1).requires_grad_(),
        torch.zeros(1, dtype=F64, requires_grad=True),
    ]


def w3(res):
    X = t(hashed(256 * 64, 1)).reshape(256, 64)
    y = t(labels(256, 2)).reshape(256, 1)
    omy = 1 - y
    params = mlp_params()
    W1, b1, W2, b2, W3, b3 = params
    lr = 0.1
    losses = []

    def step():
        h1 = F.leaky_relu(X @ W1 + b1, 0.01)
        h2 = F.leaky_relu(h1 @ W2 + b2, 0.01)
        p = torch.sigmoid(h2 @ W3 + b3)
        loss = -(y * torch.log(p) + omy * torch.log(1 - p)).mean()
        loss.backward()
        with torch.no_grad():
            for q in params:
                q -= lr * q.grad
                q.grad = None
        if len(losses) < 2:
            losses.append(loss.item())

    res.run('W3', 'mlp step', PT, 'float64', step, check=lambda: losses)


def w4(res):
    from churn import ALPHAS, W1_INIT, W2_INIT, X as Xn, y as yn
    X = t(Xn)
    y = t(yn)

    def train(alpha, epochs=200, lr=0.1):
        W1 = t(W1_INIT, requires_grad=True)
        b1 = torch.zeros(2, dtype=F64, requires_grad=True)
        W2 = t(W2_INIT, requires_grad=True)
        b2 = torch.zeros(1, dtype=F64, requires_grad=True)
        params = [W1, b1, W2, b2]
        losses = []
        for _ in range(epochs):
            A1 = F.leaky_relu(X @ W1 + b1, alpha)
            A2 = torch.sigmoid(A1 @ W2 + b2).flatten()
            loss = -torch.mean(y * torch.log(A2 + 1e-8) + (1 - y) * torch.log(1 - A2 + 1e-8))
            losses.append(loss.item())
            loss.backward()
            with torch.no_grad():
                for q in params:
                    q -= lr * q.grad
                    q.grad = None
        return losses

    out = {}

    def sweep():
        out['losses'] = [train(a) for a in ALPHAS]

    res.run('W4', 'sweep', PT, 'float64', sweep, check=lambda: [l[199] for l in out['losses']])


def w5(res):
    sizes = [16, 16, 16, 1]
    layers = []
    for l in range(3):
        w = hashed(sizes[l] * sizes[l + 1], 40 + l, 0.5).reshape(sizes[l + 1], sizes[l])
        b = hashed(sizes[l + 1], 50 + l, 0.1)
        layers.append([([t(v, True) for v in w[j].tolist()], t(float(b[j]), True)) for j in range(sizes[l + 1])])
    params = [p for layer in layers for (ws, b) in layer for p in ws + [b]]
    x0 = hashed(16, 31).tolist()
    y = 0.5
    out = {}

    def step():
        x = x0
        for li, layer in enumerate(layers):
            nxt = []
            for ws, b in layer:
                act = b
                for wi, xi in zip(ws, x):
                    act = act + wi * xi
                nxt.append(torch.relu(act) if li < 2 else act)
            x = nxt
        d = x[0] - y
        loss = d * d
        loss.backward()
        out['check'] = [loss.item(), params[0].grad.item()]
        for p in params:
            p.grad = None

    ops = sum(sizes[l + 1] * (2 * sizes[l] + (1 if l < 2 else 0)) for l in range(3)) + 2
    res.run('W5', 'mlp 16-16-16-1', PT + ' scalars (0-d tensors)', 'float64', step, check=lambda: out['check'],
            ops_per_sample=ops)


def main():
    workloads, quick = parse_args(sys.argv[1:])
    res = Results(quick)
    for name, fn in (('W1', w1), ('W2', w2), ('W3', w3), ('W4', w4), ('W5', w5)):
        if name in workloads:
            fn(res)
    info = env_info()
    info['torch'] = torch.__version__
    info['torch_threads'] = torch.get_num_threads()
    emit({'python': info, 'results': res.rows})


if __name__ == '__main__':
    main()
