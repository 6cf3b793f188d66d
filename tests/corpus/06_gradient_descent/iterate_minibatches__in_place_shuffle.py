# expect: fail | shuffles X and y in place with one shared state (pairs kept, but the caller's data are reordered)
# diagnosis: modified in place
def iterate_minibatches(X, y, batch_size, rng=None):
    if rng is not None:
        order = rng.permutation(X.shape[0])
        X[:] = X[order]
        y[:] = y[order]
    for start in range(0, X.shape[0], batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]
