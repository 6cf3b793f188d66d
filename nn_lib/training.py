"""PLACEHOLDER: being written."""

def iterate_minibatches(X, y, batch_size, rng=None):
    raise NotImplementedError


def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    raise NotImplementedError


def accuracy(scores, labels):
    raise NotImplementedError


