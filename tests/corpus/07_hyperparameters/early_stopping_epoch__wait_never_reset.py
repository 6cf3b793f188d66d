# expect: fail | the count of bad epochs is never reset
# diagnosis: never reset
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, bad_epochs = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if not np.isnan(loss) and (best is None or loss < best):
            best, best_epoch = loss, epoch
        else:
            bad_epochs += 1
            if bad_epochs >= patience and epoch > 0:
                break
    return best_epoch
