# expect: fail | no epoch > 0 guard: a NaN first loss with patience 1 stops at 0
# diagnosis: never stops at the first epoch itself
import math


def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if not math.isnan(loss) and (best is None or loss < best):
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch
