# expect: fail | uses >= instead of >, so a run that ends exactly where it started counts as diverged
# diagnosis: compare with >, not >=
def has_diverged(losses):
    values = np.asarray(losses, dtype=float)
    return bool(np.isnan(values).any() or np.isinf(values).any() or values[-1] >= values[0])
