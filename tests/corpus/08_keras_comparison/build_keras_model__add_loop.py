# expect: pass | builds with model.add in one loop and keras.activations.get, linear for the last layer
def build_keras_model(layer_sizes, activation="relu"):
    model = keras.Sequential()
    model.add(keras.Input(shape=(layer_sizes[0],)))
    n_layers = len(layer_sizes) - 1
    for position, units in enumerate(layer_sizes[1:], start=1):
        act = keras.activations.get(activation) if position < n_layers else None
        model.add(keras.layers.Dense(units=units, activation=act))
    return model
