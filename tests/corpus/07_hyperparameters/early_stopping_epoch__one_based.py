# expect: fail | epochs counted from 1
# diagnosis: one too high
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        wait += 1
        if not np.isnan(loss) and (best is None or loss < best):
            best, best_epoch, wait = loss, epoch, 0
        elif wait >= patience and epoch > 1:
            break
    return best_epoch
