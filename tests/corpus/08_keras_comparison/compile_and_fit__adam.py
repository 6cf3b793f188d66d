# expect: fail | trains with Adam at the given learning rate instead of SGD with momentum
# diagnosis: the optimizer is not SGD
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
