# expect: fail | inherits everything from nn_lib's finished engine instead of writing the class
# diagnosis: hands back nn_lib's own implementation
import nn_lib


class Value(nn_lib.Value):
    """A scalar in a computational graph: its value `data` and `grad` = d(output)/d(this node)."""
