# expect: pass | Dense layers from zip(layer_sizes[:-1], layer_sizes[1:]), activation=None on the last one, built with model.add
def build_keras_model(layer_sizes, activation="relu"):
    model = keras.Sequential()
    model.add(keras.Input(shape=(layer_sizes[0],)))
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    for index, (fan_in, fan_out) in enumerate(pairs):
        is_last = index == len(pairs) - 1
        model.add(keras.layers.Dense(fan_out, activation=None if is_last else activation))
    return model
