# expect: fail | ignores rng and draws from numpy's global random state
# diagnosis: global state
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        if scheme == "he":
            W = np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
        else:
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = np.random.uniform(-limit, limit, size=(fan_in, fan_out))
        params[f"W{l}"] = W
        params[f"b{l}"] = np.zeros(fan_out)
    return params
