# expect: fail | returns the epoch of the lowest loss over the whole list, ignoring that training stops
# diagnosis: that epoch is never seen
def early_stopping_epoch(val_losses, patience):
    if len(val_losses) == 0:
        raise ValueError("empty")
    return int(np.nanargmin(val_losses))
