# expect: fail | an empty list returns 0 instead of raising ValueError
# diagnosis: should raise ValueError
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        wait += 1
        if not np.isnan(loss) and (best is None or loss < best):
            best, best_epoch, wait = loss, epoch, 0
        elif wait >= patience and epoch > 0:
            break
    return best_epoch
