# expect: fail | tests "not loss >= best", which is True for NaN, so a NaN epoch counts as an improvement
# diagnosis: a NaN loss never counts as an improvement
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if not loss >= best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch
