# expect: pass | a loop with math.isnan / math.isinf and an early return, then the comparison
import math


def has_diverged(losses):
    first = None
    for loss in losses:
        if math.isnan(loss) or math.isinf(loss):
            return True
        if first is None:
            first = loss
        last = loss
    return last > first
