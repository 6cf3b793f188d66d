# expect: fail | He uniform (Keras's he_uniform) instead of He normal: right spread, wrong distribution
# diagnosis: uniform draws of the same spread put none there
def init_params(layer_sizes, rng, scheme="he"):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        if scheme == "he":
            limit = np.sqrt(6.0 / fan_in)
        else:
            limit = np.sqrt(6.0 / (fan_in + fan_out))
        params[f"W{l}"] = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        params[f"b{l}"] = np.zeros(fan_out)
    return params
