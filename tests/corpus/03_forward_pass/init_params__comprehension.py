# expect: pass | dict comprehensions, standard draws divided by sqrt(fan_in / 2), math.sqrt for the bound
import math


def init_params(layer_sizes, rng, scheme="he"):
    pairs = list(zip(layer_sizes, layer_sizes[1:]))
    if scheme == "he":
        weights = {f"W{i}": rng.standard_normal(size=(m, n)) / math.sqrt(m / 2) for i, (m, n) in enumerate(pairs, 1)}
    else:
        weights = {f"W{i}": rng.uniform(-1.0, 1.0, (m, n)) * math.sqrt(6 / (m + n)) for i, (m, n) in enumerate(pairs, 1)}
    biases = {f"b{i}": np.zeros(n, dtype=np.float64) for i, (m, n) in enumerate(pairs, 1)}
    return {**weights, **biases}
