# expect: fail | drops the last short batch
# diagnosis: keep the last, shorter batch
import numpy as np


def iterate_minibatches(X, y, batch_size, rng=None):
    n = X.shape[0]
    order = np.arange(n) if rng is None else rng.permutation(n)
    for start in range(0, n - batch_size + 1, batch_size):
        index = order[start:start + batch_size]
        yield X[index], y[index]
