# expect: fail | looks for NaN only (np.isnan), so an infinite loss goes unnoticed
# diagnosis: np.isnan misses inf
def has_diverged(losses):
    values = np.asarray(losses, dtype=float)
    return bool(np.isnan(values).any() or values[-1] > values[0])
