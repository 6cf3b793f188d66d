# expect: pass | plain Python with math.isfinite and a generator, no numpy
import math


def has_diverged(losses):
    losses = list(losses)
    if any(not math.isfinite(loss) for loss in losses):
        return True
    return losses[-1] > losses[0]
