"""PLACEHOLDER: being written."""

def sgd_step(params, grads, lr):
    raise NotImplementedError


def momentum_step(params, grads, velocity, lr, momentum):
    raise NotImplementedError


