# expect: fail | ends with a softmax, so the model outputs probabilities instead of the logits mlp_forward returns
# diagnosis: outputs probabilities
def build_keras_model(layer_sizes, activation="relu"):
    layers = [keras.Input((layer_sizes[0],))]
    layers += [keras.layers.Dense(units, activation=activation) for units in layer_sizes[1:-1]]
    layers.append(keras.layers.Dense(layer_sizes[-1], activation="softmax"))
    return keras.Sequential(layers)
