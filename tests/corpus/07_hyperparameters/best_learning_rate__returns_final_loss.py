# expect: fail | returns the best run's final loss instead of its learning rate
# diagnosis: return its learning rate
def best_learning_rate(results):
    candidates = [(losses[-1], lr) for lr, losses in results.items() if not has_diverged(losses)]
    if not candidates:
        raise ValueError("every run diverged")
    return min(candidates)[0]
