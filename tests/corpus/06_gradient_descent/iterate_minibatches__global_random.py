# expect: fail | shuffles with numpy's global random state instead of rng
# diagnosis: global random state
import numpy as np


def iterate_minibatches(X, y, batch_size, rng=None):
    n = X.shape[0]
    order = np.arange(n)
    if rng is not None:
        np.random.shuffle(order)
    for start in range(0, n, batch_size):
        index = order[start:start + batch_size]
        yield X[index], y[index]
