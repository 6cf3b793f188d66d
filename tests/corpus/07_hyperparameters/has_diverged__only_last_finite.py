# expect: fail | checks only whether the LAST loss is finite, missing an inf or NaN earlier in the run
# diagnosis: test every loss with np.isfinite
import math


def has_diverged(losses):
    last, first = losses[-1], losses[0]
    return not math.isfinite(last) or last > first
