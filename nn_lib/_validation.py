"""Argument checks shared by nn_lib's modules.

Every check raises ``ValueError`` with one sentence that names the argument, says what was expected
and what was given, so that a learner who passes the wrong thing knows what to fix.
"""

import numbers

import numpy as np


def as_array(name, value, ndim=None):
    """Return ``value`` as a numpy array (no copy if it already is one), checking its rank.

    ``ndim`` is an int, a tuple of allowed ints, or None (any rank).
    """
    array = np.asarray(value)
    if array.dtype.kind not in "biufc":  # cheaper than np.issubdtype on this hot path
        raise ValueError(f"{name} must be a numeric array, got {type(value).__name__} with dtype {array.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be a {wanted} array, got shape {array.shape} ({array.ndim}-D)")
    return array


def same_shape(name_a, a, name_b, b):
    """Check that two arrays have exactly the same shape (no silent broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def real_number(name, value):
    """Return ``value`` as a Python float, checking that it is a finite real number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def non_negative_number(name, value):
    """A finite real number >= 0, returned as a Python float (which keeps float32 arrays float32)."""
    value = real_number(name, value)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def learning_rate(lr, name="lr"):
    """A finite learning rate >= 0, returned as a Python float."""
    return non_negative_number(f"{name} (the learning rate)", lr)


def momentum_coefficient(momentum, name="momentum"):
    """A coefficient in [0, 1) (momentum, Adam's betas), returned as a Python float."""
    momentum = real_number(name, momentum)
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {momentum}")
    return momentum


def positive_int(name, value, minimum=1):
    """An integer >= ``minimum`` (bools are rejected), returned as a Python int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r} ({type(value).__name__})")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def class_labels(labels, num_examples, num_classes, name="labels"):
    """Integer class ids of shape (num_examples,) in [0, num_classes); returned as an int array.

    Float arrays holding whole numbers (e.g. ``np.array([0., 2.])``) are accepted and converted.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != num_examples:
        raise ValueError(f"{name} must have shape ({num_examples},) (one integer class id per example), "
                         f"got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        if labels.dtype == bool or not np.issubdtype(labels.dtype, np.floating) or \
                not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)):
            raise ValueError(f"{name} must hold integer class ids, got dtype {labels.dtype}")
        labels = labels.astype(np.intp)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        bad = labels[(labels < 0) | (labels >= num_classes)][0]
        raise ValueError(f"{name} must be class ids in [0, {num_classes}) for {num_classes} classes, got {bad}")
    return labels


def seeded_generator(seed, name="seed"):
    """A ``numpy.random.Generator`` from an int seed, or the Generator itself (so callers can share one stream)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"{name} must be an int or a numpy.random.Generator, got {seed!r}")
    return np.random.default_rng(int(seed))


def generator(rng, name="rng", allow_none=False):
    """Check that ``rng`` is a ``numpy.random.Generator`` (or None when allowed)."""
    if rng is None and allow_none:
        return None
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(0)), "
                         f"got {type(rng).__name__}")
    return rng
