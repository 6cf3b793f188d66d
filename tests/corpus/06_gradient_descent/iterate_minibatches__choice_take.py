# expect: pass | rng.choice without replacement for the order, np.take along axis 0, a while loop
import numpy as np


def iterate_minibatches(X, y, batch_size, rng=None):
    n = len(y)
    order = np.arange(n) if rng is None else rng.choice(n, size=n, replace=False)
    start = 0
    while start < n:
        index = order[start:start + batch_size]
        yield np.take(X, index, axis=0), np.take(y, index, axis=0)
        start += batch_size
