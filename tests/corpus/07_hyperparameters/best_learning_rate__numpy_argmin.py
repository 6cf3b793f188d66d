# expect: pass | numpy: the surviving rates sorted into an array, np.argmin of their final losses (the first minimum is the smaller rate); returns a numpy float
def best_learning_rate(results):
    rates = np.array(sorted(lr for lr, losses in results.items() if not has_diverged(losses)))
    if rates.size == 0:
        raise ValueError("all runs diverged")
    finals = np.array([results[lr][-1] for lr in rates])
    return rates[np.argmin(finals)]
