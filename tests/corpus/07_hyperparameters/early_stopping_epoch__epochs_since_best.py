# expect: pass | scans the seen prefix: stops at the first epoch `patience` epochs after the best so far
def early_stopping_epoch(val_losses, patience):
    losses = [float(v) for v in val_losses]
    if not losses:
        raise ValueError("val_losses must hold at least one loss")
    best_epoch, best = 0, None
    for epoch, loss in enumerate(losses):
        improved = loss == loss and (best is None or loss < best)     # loss == loss is False for NaN
        if improved:
            best_epoch, best = epoch, loss
        # epochs without improvement so far: since the best one, or since before epoch 0 if none yet
        stale = epoch - best_epoch if best is not None else epoch + 1
        if stale >= patience and epoch > 0:
            break
    return best_epoch
