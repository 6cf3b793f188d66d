"""The guard code that replaces each of nn_lib's reference implementations in a grading kernel.

nn_lib declares, as the first statement of every reference implementation, which graded
exercises it answers: ``reference("dense_backward")`` (``nn_lib/_reference.py``). This module
finds those functions (:func:`reference_functions`) and builds, for each, a code object to put in
its ``__code__`` (:func:`guard_code`): it announces the names with ``sys.audit`` and then runs the
original code. Everything the guard needs is a constant of its own code (no global name, no
closure cell), so nothing a notebook patches in nn_lib's modules can skip the announcement.
Used by :mod:`autograder.monitor`.
"""
from __future__ import annotations

import dis
import importlib
import linecache
import pkgutil
import sys
import types
import warnings
from pathlib import Path

EVENT = "nn_lib.reference"


# --------------------------------------------------------------------------------------------
# Which nn_lib functions implement which exercises
# --------------------------------------------------------------------------------------------
def _declared(code, namespace=None) -> tuple:
    """The exercise names a code object announces with ``reference("NAME", ...)`` (or with
    ``reference(*NAMES)`` for a module-level tuple ``NAMES`` of ``namespace``)."""
    names, collecting = [], False
    for ins in dis.get_instructions(code):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval == "reference":
            collecting = True
        elif collecting and ins.opname == "LOAD_CONST" and isinstance(ins.argval, str):
            names.append(ins.argval)
        elif collecting and ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and namespace is not None:
            value = namespace.get(ins.argval)
            if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                names.extend(value)
        elif collecting and ins.opname not in ("PUSH_NULL", "CACHE", "EXTENDED_ARG", "LIST_EXTEND",
                                               "BUILD_LIST", "LIST_TO_TUPLE"):
            collecting = False
    return tuple(dict.fromkeys(names))


def functions_of(obj):
    """The plain functions a module-level object holds (itself, or a class's methods)."""
    if isinstance(obj, types.FunctionType):
        yield obj
    elif isinstance(obj, type):
        for value in vars(obj).values():
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if isinstance(value, property):
                yield from (f for f in (value.fget, value.fset, value.fdel)
                            if isinstance(f, types.FunctionType))
            elif isinstance(value, types.FunctionType):
                yield value


def reference_functions(package="nn_lib") -> dict:
    """{function: declared exercise names} for every function of ``package`` that declares."""
    root = importlib.import_module(package)
    modules = [root]
    for info in pkgutil.iter_modules(root.__path__):
        path = Path(info.module_finder.path) / f"{info.name}.py"
        try:   # only the modules that declare something (plotting would import matplotlib)
            declares = "reference(" in path.read_text(encoding="utf-8")
        except OSError:
            declares = True
        if declares:
            modules.append(importlib.import_module(f"{package}.{info.name}"))
    found = {}
    for module in modules:
        for obj in list(vars(module).values()):
            for func in functions_of(obj):
                if not func.__module__.startswith(package) or func in found:
                    continue
                names = _declared(func.__code__, func.__globals__)
                if names:
                    found[func] = names
    return found


# --------------------------------------------------------------------------------------------
# The guard that replaces each reference implementation's code
# --------------------------------------------------------------------------------------------
_TEMPLATE = '''
def _outer():
    {cells}
    def {name}(*args, **kwargs):
        {uses}
        "@audit"("{event}", "@names")
        return "@new"("@code", "@module".__dict__, "@name", "@defaults", "@closure")(
            *args, **{{**{{key: value for key, value in "@kwdefaults"}}, **kwargs}})
    return {name}
'''


class _Frozen(tuple):
    """A tuple hashed by identity, so that a code constant holding cells or mutable defaults
    still leaves the code object hashable (tracebacks and debuggers hash code objects)."""
    __slots__ = ()
    __hash__ = object.__hash__
    __eq__ = object.__eq__


def guard_code(func, names, audit):
    """A code object for ``func`` that announces ``names`` and then runs the original code."""
    import inspect

    code = func.__code__
    free = code.co_freevars
    source = _TEMPLATE.format(cells="; ".join(f"{v} = None" for v in free) or "pass",
                              uses=f"({', '.join(free)},)" if free else "pass",
                              name="guard", event=EVENT)
    filename = f"<nn_lib reference guard of {func.__module__}.{func.__qualname__}>"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outer = compile(source, filename, "exec")
    # Tracebacks that pass through a guard show its lines (IPython needs the source to format them).
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    guard = next(c for c in next(c for c in outer.co_consts if isinstance(c, types.CodeType)).co_consts
                 if isinstance(c, types.CodeType))
    module = sys.modules[func.__module__]
    if vars(module) is not func.__globals__:
        raise RuntimeError(f"{func.__qualname__}: a reference implementation must be defined in "
                           "its module (its globals are not the module's)")
    values = {"@audit": audit, "@names": tuple(names), "@new": types.FunctionType, "@code": code,
              "@module": module, "@name": func.__name__,
              "@defaults": None if func.__defaults__ is None else _Frozen(func.__defaults__),
              "@closure": None if func.__closure__ is None else _Frozen(func.__closure__),
              "@kwdefaults": _Frozen((func.__kwdefaults__ or {}).items())}
    consts = tuple(values[c] if isinstance(c, str) and c in values else c for c in guard.co_consts)
    try:
        func.__signature__ = inspect.signature(func)
    except (TypeError, ValueError):
        pass
    return guard.replace(co_consts=consts, co_name=code.co_name, co_qualname=code.co_qualname)
