"""The state of a grading kernel that the monitor (:mod:`autograder.monitor`) restores: what
numpy, builtins, IPython's display path and the course's own modules held when the kernel
started, and the resets that put it back (light: IPython's input transformers and hooks; full,
before every test cell: also the modules and the names the notebook bound to them)."""
from __future__ import annotations

import sys
import types

SNAPSHOT_MODULES = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "numpy.random",
                     "IPython.display", "IPython.core.display_functions", "base64", "binascii")
# What a check record is made with in the kernel: a record is authenticated only while these are
# as they were at start-up (every name; for builtins and numpy, every name they had then).
RECORD_MODULES_EXACT = ("autograder.checks", "autograder.payload", "base64", "binascii")
RECORD_MODULES_KEPT = ("builtins", "numpy")


def course_modules():
    return [name for name in sys.modules
            if name.split(".")[0] in ("nn_lib", "autograder") and sys.modules[name] is not None]


def snapshot():
    from IPython.core.interactiveshell import InteractiveShell

    modules = {}
    for name in (*SNAPSHOT_MODULES, *course_modules()):
        module = sys.modules.get(name)
        if module is not None:
            modules[name] = (module, dict(vars(module)))
    # The path a check record travels: display publisher -> session (their classes and objects).
    shell = InteractiveShell.instance()
    objects = [shell.display_pub, type(shell.display_pub)]
    session = getattr(shell.display_pub, "session", None)
    if session is not None:
        objects += [session, type(session)]
    attributes, instance_keys = [], []
    for obj in objects:
        for name, value in list(vars(obj).items()):
            if callable(value) or name in ("session", "pub_socket"):
                attributes.append((obj, name, value))
        if not isinstance(obj, type):     # what the instance held (new entries shadow methods)
            instance_keys.append((obj, frozenset(vars(obj))))
    return modules, attributes, instance_keys


def reset(level, snapshot):
    """Undo what earlier cells did to IPython (light) and to the course's modules (full)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        shell.input_transformer_manager = TransformerManager()
    except Exception:
        pass
    for attr in ("input_transformers_post", "ast_transformers"):
        try:
            del getattr(shell, attr)[:]
        except Exception:
            pass
    shell.set_custom_exc((), None)
    for event in ("pre_run_cell", "pre_execute", "post_run_cell", "post_execute"):
        try:
            del shell.events.callbacks[event][:]
        except Exception:
            pass
    if level != "full":
        return
    modules, attributes, instance_keys = snapshot
    pristine = {name: module for name, (module, _) in modules.items()}
    for name, (module, saved) in modules.items():
        sys.modules[name] = module
        current = vars(module)     # names added since (numpy's lazy submodules...) stay
        for key, value in saved.items():
            if current.get(key, None) is not value:
                current[key] = value
        if name in RECORD_MODULES_EXACT:      # ... but not in what check records are made with
            for key in [k for k in current if k not in saved]:
                del current[key]
    for obj, name, value in attributes:
        try:
            if vars(obj).get(name, None) is not value:
                setattr(obj, name, value)
        except Exception:
            pass
    for obj, keys in instance_keys:
        for name in [k for k in list(vars(obj)) if k not in keys and hasattr(type(obj), k)]:
            try:
                delattr(obj, name)
            except Exception:
                pass
    sys.excepthook, sys.displayhook = sys.__excepthook__, shell.displayhook
    checks = pristine.get("autograder.checks")
    namespace = shell.user_ns
    for key, value in list(namespace.items()):
        if type(value) is types.ModuleType and getattr(value, "__name__", None) in pristine:
            namespace[key] = pristine[value.__name__]
        elif checks is not None and key in checks.__all__ and value is not vars(checks).get(key):
            namespace[key] = vars(checks)[key]
