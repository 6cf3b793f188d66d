"""PLACEHOLDER: being written."""

def has_diverged(losses):
    raise NotImplementedError


def best_learning_rate(results):
    raise NotImplementedError


def early_stopping_epoch(val_losses, patience):
    raise NotImplementedError


