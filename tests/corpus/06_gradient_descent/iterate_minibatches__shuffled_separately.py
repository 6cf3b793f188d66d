# expect: fail | shuffles X and y with two different permutations (pairs broken)
# diagnosis: no longer paired
def iterate_minibatches(X, y, batch_size, rng=None):
    n = X.shape[0]
    if rng is not None:
        X = X[rng.permutation(n)]
        y = y[rng.permutation(n)]
    for start in range(0, n, batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]
