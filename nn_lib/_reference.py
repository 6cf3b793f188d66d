"""Reference declarations: nn_lib says which graded exercises its running code answers.

Every nn_lib implementation of a graded exercise (COURSE_SPEC §4) starts with one line,

    reference("dense_backward")

and so does every other nn_lib function or method that computes part of an exercise's result with
its own code instead of calling that exercise's function: ``Dense.backward`` (which computes dW and
db itself when dx is not needed) announces "dense_backward", ``softmax_cross_entropy`` (which
computes the softmax inline) also announces "softmax", the fused training step announces every
exercise it fuses. A function that *calls* an exercise's function need not announce it: the call
announces itself. The test of "computes part of X" is: given X's inputs (or a special case of
them), does this code produce X's result, or a piece of it, without calling X? A later composite
announces what it contains (``numerical_gradient`` announces "numerical_derivative"); an earlier
building block does not announce a later exercise that happens to use the same formula
(``Value.relu`` of lesson 02 is not ``relu_forward`` of lesson 03), since §6 allows those.

Outside grading this does nothing: ``sys.audit`` with no audit hook installed returns at once
(tens of nanoseconds). While a submission is graded, the grader's audit hook hears the event
``nn_lib.reference`` with the tuple of exercise names and, during the tests of one of those
exercises, refuses to let nn_lib's own implementation answer for the student. The line travels with
the code, so it runs however the student reached nn_lib's function (an import, ``getattr`` with a
built string, a module found through ``importlib``). Using nn_lib's earlier building blocks stays
allowed: they announce only their own names.
"""

import sys

EVENT = "nn_lib.reference"
_audit = sys.audit      # bound once: a student rebinding ``sys.audit`` does not silence nn_lib


def reference(*exercises: str) -> None:
    """Announce that nn_lib's own implementation of ``exercises`` is running."""
    _audit(EVENT, exercises)
