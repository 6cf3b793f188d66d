# expect: pass | its own divergence test (the same rule as has_diverged, written inline with math.isfinite) and min() over sorted keys
import math


def best_learning_rate(results):
    def diverged(losses):
        return not all(math.isfinite(x) for x in losses) or losses[-1] > losses[0]

    finals = {lr: losses[-1] for lr, losses in results.items() if not diverged(losses)}
    if not finals:
        raise ValueError("every run diverged; nothing to choose")
    return min(sorted(finals), key=finals.get)
