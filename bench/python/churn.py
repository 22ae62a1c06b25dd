"""W4: the post's churn network, its own NumPy code with hand-derived gradients, copied from
leaky-relu-and-prelu.md ("Hyperparameter Sensitivity") unchanged except for the final print loop."""
import numpy as np

ALPHAS = [0.001, 0.01, 0.1, 0.3]


def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


# Churn network anchor
X = np.array([[0.5, 0.1], [0.9, 0.8], [0.2, 0.3], [0.7, 0.6], [0.4, 0.2]])
y = np.array([0, 1, 0, 1, 0], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


def train_network(alpha, epochs=200, lr=0.1, seed=42):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 0.1, (2, 2))
    b1 = np.zeros(2)
    W2 = rng.normal(0, 0.1, (2, 1))
    b2 = np.zeros(1)
    losses = []
    for _ in range(epochs):
        Z1 = X @ W1 + b1
        A1 = leaky_relu(Z1, alpha)
        Z2 = A1 @ W2 + b2
        A2 = sigmoid(Z2).flatten()
        loss = -np.mean(y * np.log(A2 + 1e-8) + (1 - y) * np.log(1 - A2 + 1e-8))
        losses.append(loss)
        dA2 = (A2 - y) / len(y)
        dW2 = A1.T @ dA2.reshape(-1, 1)
        db2 = dA2.sum()
        dA1 = dA2.reshape(-1, 1) @ W2.T
        dZ1 = dA1 * leaky_relu_grad(Z1, alpha)
        dW1 = X.T @ dZ1
        db1 = dZ1.sum(axis=0)
        W1 -= lr * dW1; b1 -= lr * db1
        W2 -= lr * dW2; b2 -= lr * db2
    return losses


# The initial weights train_network draws (default_rng(42)), for the autodiff versions.
_rng = np.random.default_rng(42)
W1_INIT = _rng.normal(0, 0.1, (2, 2)).tolist()
W2_INIT = _rng.normal(0, 0.1, (2, 1)).tolist()
