"""Test cells as a submission runs them: every expected value removed (COURSE_SPEC §9).

The grader decides each check against its own run of the solution, so when a student's notebook
runs its tests, the kernel needs only the labels and the student's values. This module rewrites a
test cell so that the kernel never computes an expected value at all, and so code that runs while
a test calls the student's function finds nothing in the kernel worth stealing or forging:

- in every check call, each argument on the expected side (see ``autograder.checks``'s
  ``ACTUAL_PARAMETERS``) becomes ``None``, and expected-side keywords (tolerances, mistakes) go;
- every statement that mentions an expected-only name (one that starts with ``_expected`` or
  ``expected``) is removed, and so is every function whose name starts with ``_expected``.

What the rewrite cannot make sense of is an authoring error (``AuthoringError``), raised while the
lesson is loaded: a loop or ``if`` whose header uses an expected-only name (labels and control flow
must not depend on expected values), an expected-only name left anywhere else, or a check call
whose arguments cannot be matched to the helper's parameters.

Runs in the grader's main thread only (``ast.parse`` is not thread-safe on CPython 3.11).
"""
from __future__ import annotations

import ast
import inspect

from autograder import checks

EXPECTED_PREFIXES = ("_expected", "expected")
TRANSFORM_VERSION = "3"


class AuthoringError(ValueError):
    """A test cell the grader cannot run safely; the message names the cell and the line."""


def is_expected_name(name: str) -> bool:
    return name.startswith(EXPECTED_PREFIXES)


def _mentions_expected(node) -> bool:
    return any(isinstance(n, ast.Name) and is_expected_name(n.id) for n in ast.walk(node))


_SIGNATURES = {name: inspect.signature(getattr(checks, name)) for name in checks.ACTUAL_PARAMETERS}


def _helper_name(func) -> str | None:
    if isinstance(func, ast.Name) and func.id in _SIGNATURES:
        return func.id
    if isinstance(func, ast.Attribute) and func.attr in _SIGNATURES:
        return func.attr
    return None


class _StripExpected(ast.NodeTransformer):
    def __init__(self, where: str):
        self.where = where

    def _error(self, node, text):
        raise AuthoringError(f"{self.where}, line {getattr(node, 'lineno', '?')}: {text}")

    # -- check calls: keep the label and the actual side ------------------------------------
    def visit_Call(self, node):
        self.generic_visit(node)
        name = _helper_name(node.func)
        if name is None:
            return node
        params = list(_SIGNATURES[name].parameters.values())
        actual = set(checks.ACTUAL_PARAMETERS[name])
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        var_positional = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
        var_keyword = next((p.name for p in params if p.kind == p.VAR_KEYWORD), None)
        args = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred) and var_positional not in actual:
                self._error(node, f"`*` unpacking in the arguments of {name}")
            role = positional[i].name if i < len(positional) else var_positional
            if role is None:
                self._error(node, f"too many positional arguments for {name}")
            args.append(arg if role == "label" or role in actual
                        else ast.copy_location(ast.Constant(None), arg))
        keywords = []
        for kw in node.keywords:
            role = kw.arg if kw.arg in _SIGNATURES[name].parameters else var_keyword
            if role is None:
                self._error(node, f"unknown keyword {kw.arg!r} for {name}")
            if role == "label" or role in actual:
                keywords.append(kw)
            elif kw.arg in (p.name for p in positional) or _SIGNATURES[name].parameters[kw.arg].default \
                    is inspect.Parameter.empty:                 # a required expected side: None
                keywords.append(ast.keyword(kw.arg, ast.copy_location(ast.Constant(None), kw.value)))
        if name == "check_raises" and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id.endswith(("Error", "Exception")):
            self._error(node, "check_raises takes the label first: check_raises(label, "
                              "ExceptionType, function, *args)")
        node.args, node.keywords = args, keywords
        return node

    # -- statements -------------------------------------------------------------------------
    def _body(self, statements):
        out = []
        for stmt in statements:
            new = self.visit(stmt)
            if new is None:
                continue
            out.extend(new if isinstance(new, list) else [new])
        return out or [ast.Pass()]

    def _simple(self, node):
        node = self.generic_visit(node)
        return None if _mentions_expected(node) else node

    visit_Assign = visit_AugAssign = visit_AnnAssign = visit_Expr = visit_Delete = _simple
    visit_Assert = visit_Return = visit_Raise = _simple

    def visit_FunctionDef(self, node):
        if is_expected_name(node.name):
            return None
        if any(_mentions_expected(d) for d in node.decorator_list) or _mentions_expected(node.args):
            self._error(node, f"function {node.name} uses an expected-only name in its arguments")
        node.body = self._body(node.body)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        if is_expected_name(node.name):
            return None
        node.body = self._body(node.body)
        return node

    def _compound(self, node, header_fields, body_fields):
        for field in header_fields:
            value = getattr(node, field, None)
            values = value if isinstance(value, list) else [value]
            for v in values:
                if v is not None and _mentions_expected(v):
                    self._error(node, f"`{type(node).__name__.lower()}` header uses an expected-only "
                                      "name; control flow and labels must not depend on expected values")
        for field in header_fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                setattr(node, field, [self.visit(v) for v in value])
            elif isinstance(value, ast.AST):
                setattr(node, field, self.visit(value))
        for field in body_fields:
            if getattr(node, field, None):
                setattr(node, field, self._body(getattr(node, field)))
        return node

    def visit_For(self, node):
        return self._compound(node, ("target", "iter"), ("body", "orelse"))

    visit_AsyncFor = visit_For

    def visit_While(self, node):
        return self._compound(node, ("test",), ("body", "orelse"))

    def visit_If(self, node):
        return self._compound(node, ("test",), ("body", "orelse"))

    def visit_With(self, node):
        return self._compound(node, ("items",), ("body",))

    visit_AsyncWith = visit_With

    def visit_Try(self, node):
        for handler in node.handlers:
            if handler.type is not None and _mentions_expected(handler.type):
                self._error(node, "`except` clause uses an expected-only name")
            handler.body = self._body(handler.body)
        node.body = self._body(node.body)
        node.orelse = self._body(node.orelse) if node.orelse else []
        node.finalbody = self._body(node.finalbody) if node.finalbody else []
        return node

    def visit_Module(self, node):
        node.body = self._body(node.body)
        return node


def _python_source(src: str) -> str:
    """IPython syntax (magics, ``!shell``) turned into plain Python, as the kernel would."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(src)
    except Exception:
        return src


def _bind_roles(call) -> dict:
    """{"label": [nodes], "actual": [nodes], "expected": [nodes]} of a check call."""
    name = _helper_name(call.func)
    params = list(_SIGNATURES[name].parameters.values())
    actual = set(checks.ACTUAL_PARAMETERS[name])
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    var_positional = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
    roles = {"label": [], "actual": [], "expected": []}
    for i, arg in enumerate(call.args):
        role = positional[i] if i < len(positional) else var_positional
        roles["label" if role == "label" else "actual" if role in actual else "expected"].append(arg)
    for kw in call.keywords:
        role = kw.arg if kw.arg in _SIGNATURES[name].parameters else "kwargs"
        roles["label" if role == "label" else "actual" if role in actual else "expected"].append(kw.value)
    return roles


def _is_copy(node) -> bool:
    """An expression that makes a copy of inputs: ``x.copy()``, ``copy.deepcopy(x)``,
    ``np.copy(x)``, ``list(...)``/``tuple(...)``/``dict(...)`` of copies, or a comprehension of them."""
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in ("copy", "deepcopy"):
            return True
        if name in ("list", "tuple", "dict", "repr", "sorted") and node.args:
            return all(_is_copy(a) or isinstance(a, (ast.Name, ast.Attribute, ast.Subscript))
                       for a in node.args)
        return False
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return _is_copy(node.elt)
    if isinstance(node, ast.DictComp):
        return _is_copy(node.value)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_is_copy(e) for e in node.elts)
    return False


def lint(tree, where: str, student_functions=()):
    """Authoring errors the rewrite cannot catch by itself: a value the kernel would compute and
    that feeds only the expected side of checks (name it ``_expected...`` so that a submission's
    run never computes it), and a label that shows what the student's function returned."""
    expected_uses, other_uses, assigned, from_student = set(), set(), {}, set()
    inside_expected = set()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _helper_name(n.func)):
        roles = _bind_roles(call)
        for node in roles["expected"]:
            for n in ast.walk(node):
                inside_expected.add(id(n))
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                    expected_uses.add(n.id)
        for node in roles["label"]:
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and n.id in from_student:
                    raise AuthoringError(f"{where}, line {call.lineno}: the label shows {n.id}, which "
                                         "holds what the student's function returned; labels must be "
                                         "the same for every submission")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in inside_expected:
            other_uses.add(node.id)
        if isinstance(node, ast.Assign):
            calls = {n.func.id for n in ast.walk(node.value) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name)}
            for target in node.targets:
                pairs = [(target, node.value)]
                if isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List)) \
                        and len(target.elts) == len(node.value.elts):
                    pairs = list(zip(target.elts, node.value.elts))
                for tgt, value in pairs:
                    for n in ast.walk(tgt):
                        if isinstance(n, ast.Name):
                            assigned.setdefault(n.id, []).append(value if isinstance(tgt, ast.Name) else None)
                            if calls & set(student_functions):
                                from_student.add(n.id)
    for name in sorted(expected_uses - other_uses):
        if is_expected_name(name) or name not in assigned:
            continue
        if not all(value is not None and _is_copy(value) for value in assigned[name]):
            raise AuthoringError(f"{where}: {name} feeds only the expected side of checks (an "
                                 "expected value, a tolerance or a bound) but the kernel computes "
                                 f"it; name it _expected_{name.lstrip('_')} (or compute it inside the "
                                 "check's argument) so that a submission's run never holds it")


def student_source(src: str, where: str = "test cell", student_functions=()) -> str:
    """The test cell ``src`` as a submission runs it (see the module docstring).
    ``student_functions``: the lesson's graded names (for the label lint)."""
    try:
        tree = ast.parse(_python_source(src))
    except SyntaxError as exc:
        raise AuthoringError(f"{where}: does not parse ({exc.msg}, line {exc.lineno})") from exc
    lint(tree, where, student_functions)
    tree = _StripExpected(where).visit(tree)
    ast.fix_missing_locations(tree)
    leftover = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and is_expected_name(n.id)})
    if leftover:
        raise AuthoringError(f"{where}: the expected-only name(s) {', '.join(leftover)} are still used "
                             "after the expected side was removed (in a label, a condition or a "
                             "non-check call); expected values may only feed the expected side of checks")
    return ast.unparse(tree) + "\n"
