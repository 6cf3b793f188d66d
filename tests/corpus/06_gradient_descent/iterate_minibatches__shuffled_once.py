# expect: fail | draws one permutation, the first time, and reuses it on every later call
# diagnosis: must draw a new order
import numpy as np

_saved_orders = {}


def iterate_minibatches(X, y, batch_size, rng=None):
    n = X.shape[0]
    if rng is None:
        order = np.arange(n)
    else:
        if n not in _saved_orders:
            _saved_orders[n] = rng.permutation(n)
        order = _saved_orders[n]
    for start in range(0, n, batch_size):
        index = order[start:start + batch_size]
        yield X[index], y[index]
