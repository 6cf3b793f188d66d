# expect: fail | passes the variance 2 / fan_in where rng.normal expects a standard deviation
# diagnosis: not the variance
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        if scheme == "he":
            W = rng.normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))
        else:
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        params[f"W{l}"] = W
        params[f"b{l}"] = np.zeros(fan_out)
    return params
