# expect: fail | only compares the last loss with the first, so a NaN (nan > x is False) goes unnoticed
# diagnosis: every comparison with NaN is False
def has_diverged(losses):
    return bool(losses[-1] > losses[0])
