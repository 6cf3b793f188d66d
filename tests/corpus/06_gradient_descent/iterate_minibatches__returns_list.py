# expect: pass | returns a list of batches (shuffled index array with rng.shuffle) instead of a generator
import numpy as np


def iterate_minibatches(X, y, batch_size, rng=None):
    index = np.arange(len(y))
    if rng is not None:
        rng.shuffle(index)
    return [(X[index[i:i + batch_size]], y[index[i:i + batch_size]])
            for i in range(0, len(index), batch_size)]
