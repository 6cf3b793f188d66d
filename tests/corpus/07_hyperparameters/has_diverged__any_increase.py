# expect: fail | calls any rise between two epochs a divergence, even when the run recovers
# diagnosis: not neighbouring epochs
def has_diverged(losses):
    values = np.asarray(losses, dtype=float)
    if not np.all(np.isfinite(values)):
        return True
    return bool(np.any(np.diff(values) > 0))
