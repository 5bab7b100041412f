"""The error contract: every error a user can cause is an FtzgeoError and a built-in kin."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import ftzgeo
from ftzgeo import errors

PACKAGE = Path(ftzgeo.__file__).parent


def test_every_public_exception_lives_in_errors_and_derives_from_a_builtin():
    builtins = (ValueError, KeyError, TypeError, OSError, ImportError)
    for name in errors.__all__:
        obj = getattr(errors, name)
        if not (inspect.isclass(obj) and issubclass(obj, BaseException)):
            continue
        if issubclass(obj, Warning):
            continue
        if obj is errors.FtzgeoError:
            continue
        assert issubclass(obj, errors.FtzgeoError), name
        assert issubclass(obj, builtins), f"{name} must also be a ValueError, KeyError, ... kin"


def test_no_module_raises_the_bare_base_class_or_defines_its_own_exceptions():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                assert not (isinstance(func, ast.Name) and func.id == "FtzgeoError"), (
                    f"{path.name}:{node.lineno} raises the bare FtzgeoError; use a subclass"
                )
            if isinstance(node, ast.ClassDef) and path.name != "errors.py":
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not any(b.endswith(("Error", "Warning", "Exception")) for b in bases), (
                    f"{path.name}: exception {node.name} belongs in errors.py"
                )
