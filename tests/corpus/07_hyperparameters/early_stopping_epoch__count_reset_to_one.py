# expect: fail | an improvement sets the count to 1
# diagnosis: one epoch early
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if not np.isnan(loss) and (best is None or loss < best):
            best, best_epoch, wait = loss, epoch, 1     # counts the best epoch itself
        else:
            wait += 1
        if wait >= patience and epoch > 0:
            break
    return best_epoch
