# expect: fail | removes the diverged runs from the caller's dict (del results[lr]) before choosing
# diagnosis: must not be modified
def best_learning_rate(results):
    for lr in list(results):
        if has_diverged(results[lr]):
            del results[lr]
    if not results:
        raise ValueError("every run diverged")
    return min(sorted(results), key=lambda lr: results[lr][-1])
