# expect: fail | leaves fit's default shuffle=True, so the batches differ from train's
# diagnosis: fit shuffled the examples
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0)
