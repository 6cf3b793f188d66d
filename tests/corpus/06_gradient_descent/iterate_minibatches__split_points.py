# expect: pass | np.split at multiples of batch_size after one shared permutation
import numpy as np


def iterate_minibatches(X, y, batch_size, rng=None):
    n = len(X)
    if rng is not None:
        perm = rng.permutation(n)
        X, y = X[perm], y[perm]
    cuts = list(range(batch_size, n, batch_size))
    yield from zip(np.split(X, cuts), np.split(y, cuts))
