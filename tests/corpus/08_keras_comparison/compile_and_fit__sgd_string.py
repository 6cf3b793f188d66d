# expect: fail | the string optimizer "sgd": Keras's defaults (learning rate 0.01, no momentum), not lr and momentum
# diagnosis: the string 'sgd'
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
