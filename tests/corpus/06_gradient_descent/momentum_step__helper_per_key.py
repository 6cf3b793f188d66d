# expect: pass | a small helper that updates one (p, v) pair in place, called for every key; returns None explicitly
def _update_pair(p, v, g, lr, momentum):
    v[:] = momentum * v - lr * g
    p += v


def momentum_step(params, grads, velocity, lr, momentum):
    for key in list(params):
        _update_pair(params[key], velocity[key], grads[key], lr, momentum)
    return None
