# expect: fail | updates only the weight matrices and forgets the biases
def sgd_step(params, grads, lr):
    for key in params:
        if key.startswith("W"):
            params[key] -= lr * grads[key]
