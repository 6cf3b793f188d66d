# expect: pass | one numpy expression that returns a numpy bool (np.bool_), not a Python bool
def has_diverged(losses):
    values = np.asarray(losses, dtype=np.float64)
    return np.logical_not(np.isfinite(values)).any() | (values[-1] > values[0])
