# expect: fail | returns None instead of raising ValueError when every run diverged
# diagnosis: should raise ValueError
def best_learning_rate(results):
    best = None
    for lr in sorted(results):
        if has_diverged(results[lr]):
            continue
        if best is None or results[lr][-1] < results[best][-1]:
            best = lr
    return best
