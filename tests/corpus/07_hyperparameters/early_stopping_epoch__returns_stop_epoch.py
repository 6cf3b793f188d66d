# expect: fail | returns the epoch at which training stops instead of the best epoch it restores
# diagnosis: the epoch at which training stops
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, wait = float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_losses) - 1
