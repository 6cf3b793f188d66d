"""Metrics for ``Sequential.compile(metrics=[...])``, with Keras's names: accuracy, mae, mse.

Each metric takes one batch, ``y_pred`` (N, C) and ``y_true`` (N,) or (N, C), plus the model's loss
object, and returns the batch's *sum over examples*; dividing the running sum by the number of
examples seen gives Keras's value (the batch-size-weighted mean of the per-batch means).
"""

import numpy as np

from ._reference import reference
from .losses import SparseCategoricalCrossentropy, match_target


def count_correct(y_pred, y_true, loss):
    """Number of correct predictions in the batch (accuracy's numerator).

    Several outputs: the largest one is the predicted class. One output: a binary classifier,
    predicting 1 where the logit is positive (``from_logits=True``) or the probability above 0.5.
    """
    if y_pred.shape[-1] == 1 and not isinstance(loss, SparseCategoricalCrossentropy):
        threshold = 0.0 if getattr(loss, "from_logits", False) else 0.5
        predicted = (y_pred > threshold).ravel()
        return int(np.count_nonzero(predicted == (np.asarray(y_true).ravel() > 0.5)))
    return int(np.count_nonzero(y_pred.argmax(axis=1) == y_true))


def sum_absolute_error(y_pred, y_true, loss):
    """Sum over the batch of each example's mean absolute error."""
    diff = y_pred - match_target("mae", y_true, y_pred)
    return float(np.abs(diff).sum()) / (diff.size / len(diff))


def sum_squared_error(y_pred, y_true, loss):
    """Sum over the batch of each example's mean squared error."""
    reference("mse_loss")                         # the mean squared error, computed here
    diff = y_pred - match_target("mse", y_true, y_pred)
    return float((diff * diff).sum()) / (diff.size / len(diff))


_BY_NAME = {"accuracy": count_correct, "acc": count_correct,
            "mae": sum_absolute_error, "mean_absolute_error": sum_absolute_error,
            "mse": sum_squared_error, "mean_squared_error": sum_squared_error}


def get(name):
    """The metric function called ``name`` (one of the keys above), as ``keras.metrics.get``."""
    if name not in _BY_NAME:
        raise ValueError(f"metrics: unknown metric {name!r}; known: {sorted(_BY_NAME)}")
    return _BY_NAME[name]
