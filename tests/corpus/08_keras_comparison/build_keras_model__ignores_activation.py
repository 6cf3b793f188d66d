# expect: fail | hard-codes "relu" in the hidden layers, ignoring the activation argument
# diagnosis: use ReLU whatever `activation` says
def build_keras_model(layer_sizes, activation="relu"):
    layers = [keras.Input((layer_sizes[0],))]
    layers += [keras.layers.Dense(units, activation="relu") for units in layer_sizes[1:-1]]
    layers.append(keras.layers.Dense(layer_sizes[-1]))
    return keras.Sequential(layers)
