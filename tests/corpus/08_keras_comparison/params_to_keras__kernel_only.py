# expect: fail | copies the kernels but leaves the biases at their initial zeros
# diagnosis: biases were not copied
def params_to_keras(params, model):
    for index, layer in enumerate(model.layers, start=1):
        layer.kernel.assign(params[f"W{index}"])
