# expect: fail | Xavier/Glorot normal (std sqrt(2 / (fan_in + fan_out))) instead of Glorot uniform
# diagnosis: normal draws put about 61%
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        if scheme == "he":
            std = np.sqrt(2.0 / fan_in)
        else:
            std = np.sqrt(2.0 / (fan_in + fan_out))
        params[f"W{l}"] = rng.normal(0.0, std, size=(fan_in, fan_out))
        params[f"b{l}"] = np.zeros(fan_out)
    return params
