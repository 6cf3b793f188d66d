# expect: fail | leaves out keras.Input, so the model has no weights until it is first called
# diagnosis: start the list of layers with keras.Input
def build_keras_model(layer_sizes, activation="relu"):
    layers = [keras.layers.Dense(units, activation=activation) for units in layer_sizes[1:-1]]
    layers.append(keras.layers.Dense(layer_sizes[-1]))
    return keras.Sequential(layers)
