"""Reading training curves (lesson 07): divergence, the best learning rate, early stopping."""

import math
import numbers

from ._reference import reference


def _losses(name, losses):
    try:
        values = [float(value) for value in losses]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a list of numbers (one loss per epoch), got {losses!r}") from None
    if not values:
        raise ValueError(f"{name} must hold at least one loss, got an empty list")
    return values


def has_diverged(losses):
    """True if the run diverged: some loss is not finite (NaN or inf), or the last loss is above the first.

    ``losses``: a non-empty list of per-epoch losses. Returns a bool.
    """
    reference("has_diverged")
    values = _losses("losses", losses)
    return (not all(math.isfinite(value) for value in values)) or values[-1] > values[0]


def best_learning_rate(results):
    """The learning rate whose run ends with the lowest loss, among the runs that did not diverge.

    ``results``: dict ``lr -> list of per-epoch losses``. Ties go to the smaller learning rate.
    Raises ``ValueError`` if every run diverged (or ``results`` is empty).
    """
    reference("best_learning_rate")
    if not isinstance(results, dict) or not results:
        raise ValueError(f"results must be a non-empty dict lr -> list of losses, got {results!r}")
    candidates = [(_losses(f"results[{lr!r}]", losses)[-1], lr) for lr, losses in results.items()
                  if not has_diverged(losses)]
    if not candidates:
        raise ValueError(f"every run diverged (learning rates {sorted(results)}); try smaller learning rates")
    return min(candidates, key=lambda pair: (pair[0], pair[1]))[1]


def early_stopping_epoch(val_losses, patience):
    """0-based index of the epoch whose weights ``EarlyStopping(patience=patience, restore_best_weights=True)``
    keeps when monitoring these validation losses.

    Epoch by epoch, as Keras does: an epoch improves if its loss is strictly lower than the best so
    far (the first epoch counts as the best unless its loss is NaN; NaN never improves). After
    ``patience`` epochs in a row without improvement training stops, and the later losses are
    never seen. The weights kept are those of the best epoch seen (epoch 0 if none improved).
    ``patience``: an integer >= 1. Raises ``ValueError`` for an empty list.
    """
    reference("early_stopping_epoch")
    values = _losses("val_losses", val_losses)
    if isinstance(patience, bool) or not isinstance(patience, numbers.Integral) or patience < 1:
        raise ValueError(f"patience must be an integer >= 1, got {patience!r}")
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(values):
        wait += 1
        if not math.isnan(loss) and (best is None or loss < best):
            best, best_epoch, wait = loss, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            break                   # training stops here
    return best_epoch
