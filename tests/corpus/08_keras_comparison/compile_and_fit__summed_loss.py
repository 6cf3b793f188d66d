# expect: fail | sums the loss over the batch (reduction="sum") instead of taking the mean
# diagnosis: summed over each batch
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum"),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
