# expect: pass | scaled standard draws: standard_normal * std and (2 * random - 1) * limit
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    for l, (fan_in, fan_out) in enumerate(pairs, start=1):
        if scheme == "xavier":
            limit = (6.0 / (fan_in + fan_out)) ** 0.5
            params[f"W{l}"] = (2.0 * rng.random((fan_in, fan_out)) - 1.0) * limit
        else:
            params[f"W{l}"] = rng.standard_normal((fan_in, fan_out)) * (2.0 / fan_in) ** 0.5
        params[f"b{l}"] = np.zeros((fan_out,))
    return params
