# expect: fail | hands back nn_lib's sigmoid through a module name built at run time
# diagnosis: nn_lib's own implementation
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return getattr(__import__("nn_" + "lib"), "sig" + "moid")(z)
