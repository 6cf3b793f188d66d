# expect: fail | subtracts the target inside pred (mutates the caller's predictions)
# diagnosis: modified in place
def mse_loss(pred, target):
    pred -= target
    loss = float(np.mean(pred ** 2))
    return loss, 2 * pred / pred.size
