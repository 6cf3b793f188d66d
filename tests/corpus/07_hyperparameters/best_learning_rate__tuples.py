# expect: pass | filters with a comprehension and takes the min of (final loss, lr) tuples
def best_learning_rate(results):
    candidates = [(losses[-1], lr) for lr, losses in results.items() if not has_diverged(losses)]
    if not candidates:
        raise ValueError(f"all {len(results)} runs diverged; try smaller learning rates")
    return min(candidates)[1]
