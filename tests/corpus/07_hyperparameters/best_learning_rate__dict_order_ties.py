# expect: fail | breaks ties by dictionary order (the first rate seen) rather than by the smaller rate
# diagnosis: ties go to the SMALLER learning rate
def best_learning_rate(results):
    best = None
    for lr, losses in results.items():
        if not has_diverged(losses) and (best is None or losses[-1] < results[best][-1]):
            best = lr
    if best is None:
        raise ValueError("every run diverged")
    return best
