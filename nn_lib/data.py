"""Small data sets for the lessons, all made or loaded offline and all seeded.

Every function takes a ``seed`` (an int or a ``numpy.random.Generator``) and a ``dtype`` for the
features, and returns numpy arrays with examples as rows: ``X`` of shape ``(N, D)``. Class labels
are integer ids of shape ``(N,)``; regression targets have shape ``(N, 1)``, like a network's output.

- ``xor_table()``: the four points of the XOR truth table.
- ``make_xor``: four Gaussian blobs at the corners of a square, labelled by XOR.
- ``make_spirals``: interleaved spiral arms, one per class (CS231n's classic).
- ``make_moons``: two interleaving half circles.
- ``make_regression_1d``: a noisy sine curve, for regression with mean squared error.
- ``load_digits``: scikit-learn's 8x8 handwritten digits (shipped with scikit-learn, no download),
  split into train / validation / test and standardised with training statistics only.
"""

from typing import NamedTuple

import numpy as np

from ._validation import non_negative_number, positive_int, seeded_generator

__all__ = ["xor_table", "make_xor", "make_spirals", "make_moons", "make_regression_1d",
           "load_digits", "DigitsSplit", "standardize", "train_val_test_split"]


def xor_table(dtype=np.float64):
    """The XOR truth table: ``X`` of shape (4, 2) with entries 0/1 and labels ``y`` of shape (4,)."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def make_xor(n_per_cluster=50, noise=0.25, seed=0, dtype=np.float64):
    """Four Gaussian blobs centred at (+-1, +-1); label 1 where exactly one coordinate is positive.

    No straight line separates the classes, so a network needs a hidden layer.
    Returns ``X`` of shape (4 * n_per_cluster, 2) and ``y`` of shape (4 * n_per_cluster,),
    shuffled.
    """
    positive_int("n_per_cluster", n_per_cluster)
    non_negative_number("noise", noise)
    rng = seeded_generator(seed)
    centres = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    labels = np.array([0, 1, 1, 0])
    X = np.repeat(centres, n_per_cluster, axis=0) + noise * rng.standard_normal((4 * n_per_cluster, 2))
    y = np.repeat(labels, n_per_cluster)
    order = rng.permutation(len(y))
    return X[order].astype(dtype), y[order].astype(np.int64)


def make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0, dtype=np.float64):
    """``n_classes`` spiral arms winding out of the origin, radius 0 to 1.

    ``noise`` is the standard deviation of the angle (radians) added to each point. Points are in
    class order (class 0 first); shuffle when needed. Returns ``X`` of shape
    (n_per_class * n_classes, 2) and ``y`` of shape (n_per_class * n_classes,).
    """
    positive_int("n_per_class", n_per_class)
    positive_int("n_classes", n_classes)
    non_negative_number("noise", noise)
    rng = seeded_generator(seed)
    radius = np.linspace(0.0, 1.0, n_per_class)
    X = np.empty((n_per_class * n_classes, 2))
    y = np.repeat(np.arange(n_classes), n_per_class)
    for k in range(n_classes):
        # Each arm turns four radians, starting 2*pi/n_classes further round than the previous one.
        start = k * 2 * np.pi / n_classes
        angle = np.linspace(start, start + 4.0, n_per_class) + noise * rng.standard_normal(n_per_class)
        rows = slice(k * n_per_class, (k + 1) * n_per_class)
        X[rows, 0] = radius * np.sin(angle)
        X[rows, 1] = radius * np.cos(angle)
    return X.astype(dtype), y.astype(np.int64)


def make_moons(n_samples=200, noise=0.1, seed=0, dtype=np.float64):
    """Two interleaving half circles (class 0 on top, class 1 below), with Gaussian ``noise``.

    Returns ``X`` of shape (n_samples, 2) and ``y`` of shape (n_samples,), shuffled. The upper moon
    gets ``ceil(n_samples / 2)`` points.
    """
    positive_int("n_samples", n_samples)
    non_negative_number("noise", noise)
    rng = seeded_generator(seed)
    n_upper = (n_samples + 1) // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.column_stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n_upper, dtype=np.int64), np.ones(n_lower, dtype=np.int64)])
    order = rng.permutation(n_samples)
    return X[order].astype(dtype), y[order]


def make_regression_1d(n_samples=100, noise=0.1, seed=0, dtype=np.float64):
    """A noisy sine curve: ``y = sin(3 x) + noise * e`` with ``x`` uniform on [-1, 1].

    Returns ``X`` of shape (n_samples, 1), sorted by x (nice for line plots), and ``y`` of shape
    (n_samples, 1), both in ``dtype``.
    """
    positive_int("n_samples", n_samples)
    non_negative_number("noise", noise)
    rng = seeded_generator(seed)
    x = np.sort(rng.uniform(-1.0, 1.0, n_samples))
    y = np.sin(3.0 * x) + noise * rng.standard_normal(n_samples)
    return x[:, None].astype(dtype), y[:, None].astype(dtype)


def standardize(X_train, *others):
    """Shift and scale every feature to mean 0 and standard deviation 1 *on the training set*.

    The same shift and scale are applied to ``others`` (validation, test), which must never
    contribute to the statistics. Features that are constant in the training set (the blank
    border pixels of the digits) are only shifted. Returns ``(X_train_std, *others_std, mean, std)``
    with new arrays; the inputs are not modified.
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0).astype(X_train.dtype)
    scaled = [(X - mean) / std for X in (X_train, *others)]
    return (*scaled, mean, std)


def train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.2, seed=0):
    """Split ``(X, y)`` into train / validation / test, stratified by the labels ``y``.

    Each class is shuffled with ``seed`` and cut in the given proportions (rounded), so every part
    keeps the class balance. Returns ``(X_train, y_train, X_val, y_val, X_test, y_test)``; each
    part is shuffled.
    """
    for name, fraction in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        if not 0 <= fraction < 1:
            raise ValueError(f"{name} must be in [0, 1), got {fraction!r}")
    if val_fraction + test_fraction >= 1:
        raise ValueError("val_fraction + test_fraction must be below 1, "
                         f"got {val_fraction} + {test_fraction}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got {len(X)} and {len(y)}")
    rng = seeded_generator(seed)
    parts = ([], [], [])
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        n_val = int(round(val_fraction * len(members)))
        n_test = int(round(test_fraction * len(members)))
        parts[0].append(members[n_val + n_test:])
        parts[1].append(members[:n_val])
        parts[2].append(members[n_val:n_val + n_test])
    result = []
    for indices in parts:
        indices = rng.permutation(np.concatenate(indices))
        result += [X[indices], y[indices]]
    return tuple(result)


class DigitsSplit(NamedTuple):
    """The digits data set split three ways; unpacks like a 6-tuple."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def load_digits(seed=0, val_fraction=0.2, test_fraction=0.2, standardized=True, dtype=np.float64):
    """scikit-learn's handwritten digits: 1797 images of 8x8 pixels (64 features), 10 classes.

    The data ship with scikit-learn, so nothing is downloaded. The examples are split, stratified
    by class, into train / validation / test (by default about 60% / 20% / 20%: 1079 / 359 / 359
    examples, rounded per class) with
    ``seed``; with ``standardized=True`` every pixel is standardised with the mean and standard
    deviation of the training set only (see ``standardize``), otherwise pixels keep their 0-16
    intensities. Features are ``dtype``; labels are int64 ids 0-9.

    Returns a ``DigitsSplit`` named tuple:
    ``X_train, y_train, X_val, y_val, X_test, y_test = load_digits(seed=0)``.
    """
    from sklearn.datasets import load_digits as sklearn_load_digits

    digits = sklearn_load_digits()
    X = digits.data.astype(np.float64)
    y = digits.target.astype(np.int64)
    X_train, y_train, X_val, y_val, X_test, y_test = train_val_test_split(
        X, y, val_fraction=val_fraction, test_fraction=test_fraction, seed=seed)
    if standardized:
        X_train, X_val, X_test, _, _ = standardize(X_train, X_val, X_test)
    return DigitsSplit(X_train.astype(dtype), y_train, X_val.astype(dtype), y_val,
                       X_test.astype(dtype), y_test)
