# expect: pass | activations as TensorFlow functions (tf.nn.relu, tf.math.tanh, tf.math.sigmoid) looked up in a dict, layers named
def build_keras_model(layer_sizes, activation="relu"):
    functions = {"relu": tf.nn.relu, "tanh": tf.math.tanh, "sigmoid": tf.math.sigmoid}
    layers = [keras.Input((layer_sizes[0],))]
    for i, units in enumerate(layer_sizes[1:], start=1):
        last = i == len(layer_sizes) - 1
        layers.append(keras.layers.Dense(units, activation=None if last else functions[activation], name=f"dense_{i}"))
    return keras.Sequential(layers)
