# expect: pass | np.mean with a Python-float scale on the gradient (numpy keeps float32 for float32 inputs)
def mse_loss(pred, target):
    residual = np.subtract(pred, target)
    scale = 2.0 / residual.size
    return np.mean(np.square(residual)), scale * residual
