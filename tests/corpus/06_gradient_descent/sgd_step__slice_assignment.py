# expect: pass | slice assignment p[...] = p - lr * g keeps the array object and its dtype
def sgd_step(params, grads, lr):
    for key in list(params.keys()):
        p = params[key]
        p[...] = p - lr * grads[key]
    return None
