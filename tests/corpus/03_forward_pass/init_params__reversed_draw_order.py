# expect: pass | draws the layers from the last to the first (another valid draw from rng)
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    for l in range(len(layer_sizes) - 1, 0, -1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        if scheme == "he":
            params[f"W{l}"] = rng.normal(loc=0.0, scale=(2 / fan_in) ** 0.5, size=(fan_in, fan_out))
        elif scheme == "xavier":
            r = (6 / (fan_in + fan_out)) ** 0.5
            params[f"W{l}"] = rng.uniform(low=-r, high=r, size=(fan_in, fan_out))
        else:
            raise ValueError(scheme)
        params[f"b{l}"] = np.zeros(fan_out)
    return params
