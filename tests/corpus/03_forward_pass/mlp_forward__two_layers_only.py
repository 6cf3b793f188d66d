# expect: fail | hard-coded for exactly two layers
# diagnosis: only two layers ran
def mlp_forward(X, params, activation="relu"):
    forward = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}[activation]
    z1, dense_cache1 = dense_forward(X, params["W1"], params["b1"])
    a1, activation_cache1 = forward(z1)
    scores, dense_cache2 = dense_forward(a1, params["W2"], params["b2"])
    return scores, [(dense_cache1, activation_cache1), (dense_cache2, None)]
