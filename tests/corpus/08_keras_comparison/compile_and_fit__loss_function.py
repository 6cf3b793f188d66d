# expect: pass | passes a plain loss function (from_logits=True inside) and keeps the History in a variable
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    def loss(labels, logits):
        return keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)

    optimizer = keras.optimizers.SGD(learning_rate=lr, momentum=momentum, nesterov=False)
    model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
    history = model.fit(x=X, y=y, batch_size=batch_size, epochs=epochs, verbose=0, shuffle=False)
    return history
