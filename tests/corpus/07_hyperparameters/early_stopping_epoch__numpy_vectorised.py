# expect: pass | vectorised with numpy: running best by np.fmin.accumulate, epochs since the last improvement, the first stopping epoch by np.argmax; returns a numpy integer
def early_stopping_epoch(val_losses, patience):
    v = np.asarray(val_losses, dtype=np.float64)
    if v.size == 0:
        raise ValueError("val_losses is empty")
    with np.errstate(invalid="ignore"):
        running = np.fmin.accumulate(v)                   # NaN ignored once a number was seen
        before = np.concatenate([[np.inf], running[:-1]])
        before = np.where(np.isnan(before), np.inf, before)
        improved = v < before                             # False for NaN
    real = np.flatnonzero(~np.isnan(v))
    if real.size:
        improved[real[0]] = True                          # the first real loss is the first best
    epochs = np.arange(v.size)
    last_improvement = np.maximum.accumulate(np.where(improved, epochs, -1))
    wait = epochs - last_improvement                      # epochs in a row without improvement
    stops = (wait >= patience) & (epochs > 0)
    end = int(np.argmax(stops)) if stops.any() else v.size - 1
    return np.int64(max(last_improvement[end], 0))
