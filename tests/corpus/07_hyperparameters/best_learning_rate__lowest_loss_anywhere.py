# expect: fail | compares the lowest loss of each run instead of its final loss
# diagnosis: compared by their FINAL loss
def best_learning_rate(results):
    candidates = [(min(losses), lr) for lr, losses in results.items() if not has_diverged(losses)]
    if not candidates:
        raise ValueError("every run diverged")
    return min(candidates)[1]
