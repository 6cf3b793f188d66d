# expect: fail | among equal final losses prefers the larger learning rate
# diagnosis: ties go to the SMALLER learning rate
def best_learning_rate(results):
    candidates = [(losses[-1], lr) for lr, losses in results.items() if not has_diverged(losses)]
    if not candidates:
        raise ValueError("every run diverged")
    return min(candidates, key=lambda pair: (pair[0], -pair[1]))[1]
