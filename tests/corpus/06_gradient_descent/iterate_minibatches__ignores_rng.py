# expect: fail | never shuffles (ignores rng)
# diagnosis: must come shuffled, not in order
def iterate_minibatches(X, y, batch_size, rng=None):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]
