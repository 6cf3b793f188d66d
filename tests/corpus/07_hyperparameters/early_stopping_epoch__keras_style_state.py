# expect: pass | Keras's EarlyStopping written out: an _is_improvement helper (None means no best yet, NaN never improves), a wait counter, stop when wait >= patience after epoch 0
import math


def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("no validation losses")

    def is_improvement(current, best):
        if math.isnan(current):
            return False
        return best is None or current < best

    best, best_epoch, wait = None, 0, 0
    for epoch, current in enumerate(val_losses):
        wait += 1
        if is_improvement(current, best):
            best, best_epoch, wait = current, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            break
    return best_epoch
