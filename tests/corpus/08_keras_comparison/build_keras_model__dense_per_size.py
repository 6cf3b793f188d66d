# expect: fail | one Dense per entry of layer_sizes (the input size too), one layer too many
# diagnosis: one Dense layer too many
def build_keras_model(layer_sizes, activation="relu"):
    layers = [keras.Input((layer_sizes[0],))]
    layers += [keras.layers.Dense(units, activation=activation) for units in layer_sizes[:-1]]
    layers.append(keras.layers.Dense(layer_sizes[-1]))
    return keras.Sequential(layers)
