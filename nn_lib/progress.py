"""What ``Sequential.fit`` prints while it trains, chosen by ``verbose`` as in Keras.

- ``verbose=0``: nothing.
- ``verbose=1`` or ``"auto"``: a progress bar over every batch of the run, with the epoch and the
  last epoch's logs (tqdm: the notebook widget in Jupyter, text elsewhere and whenever
  ``COURSE_HEADLESS=1``).
- ``verbose=2``: one line per epoch, ``Epoch 3/20 - loss: 0.1234 - accuracy: 0.9612``.

Everything goes to stdout (COURSE_SPEC §8: stderr is for real problems, never for progress).
"""

import os
import sys


def verbosity(verbose):
    """``verbose`` as 0, 1 or 2 ("auto" means 1, as in Keras); anything else raises ``ValueError``."""
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto', got {verbose!r}")
    return int(verbose)


class ProgressLogger:
    """Reports a run of ``epochs`` epochs of ``steps`` batches each; use it as a context manager.

    ``fit`` calls ``epoch_begin(epoch)``, ``batch_end()`` after every batch and
    ``epoch_end(epoch, logs)`` with the epoch's ``{"loss": ..., "val_loss": ...}``.
    """

    def __init__(self, epochs, steps, verbose):
        self.epochs, self.verbose = epochs, verbosity(verbose)
        self.bar = _tqdm_bar(epochs * steps) if self.verbose == 1 else None

    def epoch_begin(self, epoch):
        if self.bar is not None:
            self.bar.set_description(f"Epoch {epoch + 1}/{self.epochs}")

    def batch_end(self):
        if self.bar is not None:
            self.bar.update(1)

    def epoch_end(self, epoch, logs):
        text = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
        if self.bar is not None:
            self.bar.set_postfix_str(text)
        elif self.verbose == 2:
            print(f"Epoch {epoch + 1}/{self.epochs} - {text}", flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _tqdm_bar(total):
    """A tqdm bar to stdout: the notebook widget in Jupyter (unless COURSE_HEADLESS=1), text elsewhere."""
    if os.environ.get("COURSE_HEADLESS") == "1":
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm(total=total, file=sys.stdout, unit="batch", leave=True, dynamic_ncols=True)
