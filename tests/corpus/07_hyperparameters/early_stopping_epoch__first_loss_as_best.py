# expect: fail | starts from best = val_losses[0]; a NaN first epoch then blocks every later improvement
# diagnosis: a NaN first loss is not a best loss
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, wait = val_losses[0], 0, 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best:
            best, best_epoch, wait = val_losses[epoch], epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch
