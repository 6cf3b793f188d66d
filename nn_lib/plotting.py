"""Plotting helpers for the lessons (matplotlib; ``import nn_lib`` does not load this module).

Every function draws on ``ax`` (a new figure when None), gives the plot a title, labelled axes and
a legend, and returns the ``Axes``:

- ``plot_loss_curves``: one or several training histories, train (solid) vs. validation (dashed).
- ``plot_learning_rate_sweep``: loss vs. epoch for several learning rates on one plot.
- ``plot_decision_boundary``: class regions of a 2-D classifier, with the data on top.
- ``plot_loss_surface``: contours of a 2-D loss with optimiser paths (e.g. with / without momentum).
"""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_loss_curves", "plot_learning_rate_sweep", "plot_decision_boundary", "plot_loss_surface"]


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _history_dict(history):
    """A ``History`` (ours or Keras's) or a plain dict of per-epoch lists -> the dict."""
    return history.history if hasattr(history, "history") else history


def plot_loss_curves(histories, metric="loss", ax=None, title=None, log_scale=False):
    """Plot ``metric`` (and ``"val_" + metric`` when present) per epoch for one or several runs.

    ``histories``: one history (a dict of per-epoch lists such as ``train()`` returns, or a
    ``History`` from nn_lib or Keras), or a dict ``{label: history}`` to compare runs (e.g. batch
    sizes). Each run gets one colour: training solid, validation dashed. Epochs are counted from 1.
    """
    ax = _axes(ax)
    single = metric in _history_dict(histories)       # one run, not a dict {label: run}
    runs = {"": histories} if single else dict(histories)
    if not runs:
        raise ValueError("histories must hold at least one history")
    for i, (label, history) in enumerate(runs.items()):
        values = _history_dict(history)
        if metric not in values:
            raise ValueError(f"histories: run {label!r} has no {metric!r} (keys: {sorted(values)})")
        color = f"C{i % 10}"
        prefix = f"{label}: " if label != "" else ""
        epochs = np.arange(1, len(values[metric]) + 1)
        ax.plot(epochs, values[metric], color=color, label=f"{prefix}training")
        if f"val_{metric}" in values:
            ax.plot(epochs, values[f"val_{metric}"], color=color, linestyle="--", label=f"{prefix}validation")
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("_", " "))
    ax.set_title(title or f"{metric.replace('_', ' ').capitalize()} per epoch")
    ax.legend()
    return ax


def plot_learning_rate_sweep(results, ax=None, title="Loss per epoch for several learning rates",
                             log_scale=True):
    """Loss vs. epoch for each learning rate: ``results`` maps lr -> list of per-epoch losses.

    Runs that diverge are cut at their first non-finite loss and marked with an x, so one
    exploding run does not flatten the others (the y axis is logarithmic by default).
    """
    ax = _axes(ax)
    if not results:
        raise ValueError("results must map at least one learning rate to its losses")
    for i, (lr, losses) in enumerate(sorted(results.items())):
        losses = np.asarray(losses, dtype=float)
        finite = np.isfinite(losses)
        end = len(losses) if finite.all() else int(np.argmin(finite))
        epochs = np.arange(1, end + 1)
        label = f"lr = {lr:g}" + ("" if end == len(losses) else " (diverged)")
        line, = ax.plot(epochs, losses[:end], color=f"C{i % 10}", label=label)
        if end < len(losses) and end > 0:
            ax.plot(epochs[-1], losses[end - 1], "x", color=line.get_color(), markersize=9)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
    ax.set_title(title)
    ax.legend()
    return ax


def plot_decision_boundary(predict, X, y, ax=None, title="Decision boundary", resolution=200, margin=0.5):
    """Colour the plane by the class ``predict`` gives it, and scatter the data ``(X, y)`` on top.

    ``predict(points)`` takes an array of shape (M, 2) and returns class ids of shape (M,) or
    scores of shape (M, C) (the arg max is taken; one column is read as a logit, class 1 when > 0).
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) for a decision boundary, got {X.shape}")
    ax = _axes(ax, figsize=(5, 5))
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(X.dtype if X.dtype.kind == "f" else float)
    out = np.asarray(predict(grid))
    if out.ndim == 2:
        out = (out[:, 0] > 0).astype(int) if out.shape[1] == 1 else out.argmax(axis=1)
    classes = np.unique(np.concatenate([np.unique(y), np.unique(out)])).astype(int)
    levels = np.append(classes - 0.5, classes[-1] + 0.5)
    ax.contourf(gx, gy, out.reshape(gx.shape), levels=levels, alpha=0.3,
                colors=[f"C{c % 10}" for c in classes])
    for c in np.unique(y).astype(int):
        ax.scatter(*X[y == c].T, s=15, color=f"C{c % 10}", edgecolors="k", linewidths=0.3, label=f"class {c}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.legend(loc="best")
    return ax


def plot_loss_surface(loss, xlim, ylim, paths=None, ax=None, title="Loss surface and optimiser paths",
                      levels=30, resolution=200, log_levels=True, labels=("$w_1$", "$w_2$")):
    """Contour plot of a loss of two parameters, with optimiser paths drawn on top.

    ``loss(w1, w2)`` must work element-wise on arrays (it is called once on a grid).
    ``xlim``/``ylim``: (low, high) ranges. ``paths``: dict ``{label: points}`` with ``points`` of
    shape (T, 2), the parameters after each step (start first); the start is a circle and the end a
    star. ``log_levels`` spaces the contour levels geometrically, which suits valley-shaped losses.
    """
    ax = _axes(ax, figsize=(6, 5))
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    surface = np.asarray(loss(gx, gy), dtype=float)
    if surface.shape != gx.shape:
        raise ValueError(f"loss must work element-wise on arrays: got shape {surface.shape} for a "
                         f"{gx.shape} grid")
    if log_levels and np.isscalar(levels) and surface.min() > 0:
        levels = np.geomspace(surface.min(), surface.max(), int(levels))
    contours = ax.contour(gx, gy, surface, levels=levels, cmap="viridis", linewidths=0.8)
    ax.figure.colorbar(contours, ax=ax, label="loss")
    for i, (label, points) in enumerate((paths or {}).items()):
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"paths: {label!r} must have shape (T, 2), got {points.shape}")
        color = f"C{(i + 1) % 10}"
        ax.plot(points[:, 0], points[:, 1], ".-", color=color, markersize=3, linewidth=1.2,
                label=f"{label} ({len(points) - 1} steps)")
        ax.plot(*points[0], "o", color=color, markersize=7)
        ax.plot(*points[-1], "*", color=color, markersize=12)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title)
    if paths:
        ax.legend(loc="best")
    else:
        ax.plot([], [], color="C0", label="loss contours")
        ax.legend(loc="best")
    return ax
