# expect: fail | takes the lowest final loss over every run, diverged or not
# diagnosis: leave out every run for which has_diverged is True
def best_learning_rate(results):
    finals = {lr: losses[-1] for lr, losses in results.items() if np.isfinite(losses[-1])}
    if not finals:
        raise ValueError("every run diverged")
    return min(sorted(finals), key=lambda lr: finals[lr])
