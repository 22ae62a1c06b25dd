"""A micrograd-style scalar autodiff Value, reimplemented here (micrograd itself is not installable:
no PyPI in this workplace) after Karpathy's public design (micrograd/engine.py, nn.py): each op makes
an output Value and a closure that adds into its inputs' grads; backward() topologically sorts and
replays the closures in reverse. Extra ops for the churn network: leaky_relu, sigmoid, log.
Labelled in every report as "micrograd-style Python Value (reimplemented)"."""
import math

from common import hashed


class Value:
    __slots__ = ('data', 'grad', '_backward', '_prev')

    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _children

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))
        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def leaky_relu(self, alpha):
        out = Value(self.data if self.data > 0 else alpha * self.data, (self,))
        def _backward():
            self.grad += (1.0 if self.data > 0 else alpha) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        out = Value(s, (self,))
        def _backward():
            self.grad += s * (1.0 - s) * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,))
        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def backward(self):
        topo, visited = [], set()
        def build_topo(v):  # recursive, as micrograd's (fine at these depths)
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


# ---- W5: micrograd's MLP (nn.py): Neuron = act(Σ wᵢxᵢ + b), ReLU except on the last layer ----

class Neuron:
    def __init__(self, w, b, nonlin):
        self.w = [Value(v) for v in w]
        self.b = Value(b)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class MLP:
    """Weights: hashed(nout*nin, 40 + layer, 0.5) row-major [out][in]; biases hashed(nout, 50 + layer, 0.1),
    as bench/src/workloads/w5-scalar.ts."""

    def __init__(self, nin, nouts):
        sizes = [nin] + nouts
        self.layers = []
        for l in range(len(nouts)):
            w = hashed(sizes[l] * sizes[l + 1], 40 + l, 0.5).reshape(sizes[l + 1], sizes[l])
            b = hashed(sizes[l + 1], 50 + l, 0.1)
            self.layers.append([Neuron(w[j].tolist(), float(b[j]), l != len(nouts) - 1) for j in range(sizes[l + 1])])
        self.sizes = sizes

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def ops_per_sample(model):
    """Recorded ops of one forward pass plus the loss: per neuron nin muls, nin adds, 1 ReLU (hidden)."""
    s = model.sizes
    n = sum(s[l + 1] * (2 * s[l] + (1 if l < len(s) - 2 else 0)) for l in range(len(s) - 1))
    return n + 2  # (out - y) * (out - y)


def sample_step(model, x, y):
    for p in model.parameters():
        p.grad = 0.0
    out = model(x)
    d = out - y
    loss = d * d
    loss.backward()
    return loss


# ---- W4: the churn network on Values, the post's math (BCE with +1e-8) ----

def train_churn(alpha, epochs=200, lr=0.1):
    from churn import X, y, W1_INIT, W2_INIT
    W1 = [[Value(v) for v in row] for row in W1_INIT]
    b1 = [Value(0.0), Value(0.0)]
    W2 = [Value(row[0]) for row in W2_INIT]
    b2 = Value(0.0)
    params = [W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0], b1[1], W2[0], W2[1], b2]
    rows = X.tolist()
    ys = y.tolist()
    losses = []
    for _ in range(epochs):
        total = Value(0.0)
        for xk, yk in zip(rows, ys):
            a1 = [(xk[0] * W1[0][j] + xk[1] * W1[1][j] + b1[j]).leaky_relu(alpha) for j in range(2)]
            p = (a1[0] * W2[0] + a1[1] * W2[1] + b2).sigmoid()
            total = total + ((p + 1e-8).log() * yk + ((p * -1.0 + 1.0) + 1e-8).log() * (1.0 - yk))
        loss = total * (-1.0 / len(rows))
        losses.append(loss.data)
        for q in params:
            q.grad = 0.0
        loss.backward()
        for q in params:
            q.data -= lr * q.grad
    return losses
