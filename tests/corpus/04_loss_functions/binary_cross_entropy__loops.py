# expect: pass | element by element with math, branching on the sign of z
import math


def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    flat_z, flat_t = logits.reshape(-1), targets.reshape(-1)
    n = flat_z.shape[0]
    total = 0.0
    grad = np.empty_like(flat_z, dtype=np.result_type(logits, targets))
    for i in range(n):
        z, t = float(flat_z[i]), float(flat_t[i])
        if z >= 0:
            total += z - t * z + math.log1p(math.exp(-z))
            s = 1 / (1 + math.exp(-z))
        else:
            total += -t * z + math.log1p(math.exp(z))
            s = math.exp(z) / (1 + math.exp(z))
        grad[i] = (s - t) / n
    return total / n, grad.reshape(logits.shape)
