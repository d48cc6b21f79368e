"""What `pykea validate` and `pykea check` learn about a hook module, found in a child process.

Run as ``python probe.py TARGET SETTINGS`` (checks.inspect_module does), it first applies
pykea.trust's policy as Kea's pykea hook does (LoadedHook.load and _import in pykea.runtime),
then either

- imports the module as Kea does: a file from its location, under its own name, without its
  directory on sys.path; a dotted name through sys.path with the 'python-path' entries in front
  and the virtualenv's site-packages added. The module's top-level code runs; or
- with ``"execute": false`` (``--no-import``), or when the policy refused any of the code, only
  reads its source with :mod:`ast`: nothing in it runs.

Code the policy refuses is never imported, and neither is a module whose python-path or
virtualenv was refused (the parent passes ``"execute": false`` then).

It prints one line, ``PYKEA-CHECK {json}``:

- ``{"file": ..., "functions": {name: {"line", "min", "max", "coroutine", "static"}}}``;
- ``{"error": "syntax" | "import", "message", "file", "line"}``;
- ``{"error": "untrusted", "message": <pykea.trust's one line>, "static": <one of the above, or
  null when the module's source could not be found>}``.

SETTINGS is JSON: ``{"python_path": [...], "virtualenv": str | null, "execute": bool,
"policy": {"allowed": [...], "uids": [...], "gids": [...]}}``.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import inspect
import json
import os
import sys
import traceback
import warnings
from typing import Any, Dict, List, Optional

MARK = "PYKEA-CHECK "


def is_file_target(target: str) -> bool:
    """Whether the 'module' parameter names a file (as pykea.runtime decides)."""
    return target.endswith(".py") or os.sep in target


# ---- reading the source (--no-import) --------------------------------------------------------

def static_functions(path: str) -> Dict[str, Any]:
    """The module-level functions of the Python file ``path``, found without running any of it:
    the same description the import gives, or a syntax error."""
    try:
        with open(path, "rb") as source_file:
            source = source_file.read()
    except OSError as error:
        return {"error": "import", "message": f"cannot read {path}: {error.strerror}",
                "file": path, "line": None}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # SyntaxWarnings are not problems here
            # compile() also finds what only the compiler rejects (a 'return' outside a function,
            # a misplaced 'nonlocal'...); it builds code objects and runs none of them.
            compile(source, path, "exec", dont_inherit=True)
            tree = ast.parse(source, path)
    except SyntaxError as error:
        return {"error": "syntax", "message": f"SyntaxError: {error.msg}",
                "file": error.filename or path, "line": error.lineno}
    except (ValueError, RecursionError, MemoryError) as error:
        return {"error": "syntax", "message": f"{type(error).__name__}: {error}", "file": path,
                "line": None}
    definitions: Dict[str, Optional[ast.AST]] = {}
    _collect(tree.body, definitions)
    functions = {}
    for name, node in definitions.items():
        if node is None or name.startswith("_"):
            continue
        functions[name] = _describe(node)
    return {"file": path, "functions": functions}


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _collect(body: List[ast.stmt], found: Dict[str, Optional[ast.AST]]) -> None:
    """Module-level bindings in order, as the module's namespace would end up: a function (or a
    lambda assigned to a name), or None when something else is bound to the name last."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found[node.name] = None
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _bound_names(target):
                    found[name] = None
            if isinstance(node.value, ast.Lambda) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                found[node.targets[0].id] = node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            for name in _bound_names(node.target):
                found[name] = None
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:        # an imported function is not the module's own
                found[(alias.asname or alias.name).split(".")[0]] = None
        else:
            # if/try/with/for/while/match at module level: their blocks bind module names too
            for field in _BLOCKS:
                for child in getattr(node, field, None) or ():
                    if isinstance(child, ast.stmt):
                        _collect([child], found)
                    else:                   # an except handler or a match case
                        _collect(child.body, found)


def _bound_names(target: ast.AST) -> List[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound_names(element)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def _describe(node: ast.AST) -> Dict[str, Any]:
    arguments = node.args
    positional = list(arguments.posonlyargs) + list(arguments.args)
    required = len(positional) - len(arguments.defaults)
    required += sum(1 for default in arguments.kw_defaults if default is None)
    decorators = getattr(node, "decorator_list", [])
    # The import sees what a decorator returns, which the source does not show: for a
    # decorated function only its name is checked.
    unknown = bool(decorators)
    return {"line": decorators[0].lineno if decorators else node.lineno,
            "min": 0 if unknown else required,
            "max": None if unknown or arguments.vararg else len(positional),
            "coroutine": isinstance(node, ast.AsyncFunctionDef) and not unknown,
            "static": True}


# ---- importing it (without --no-import) ------------------------------------------------------

def imported_functions(module) -> Dict[str, Any]:
    functions = {}
    for name, value in vars(module).items():
        if name.startswith("_") or inspect.isclass(value) or not callable(value):
            continue
        if getattr(value, "__module__", None) != module.__name__:
            continue
        try:
            parameters = list(inspect.signature(value).parameters.values())
        except (TypeError, ValueError):
            continue
        positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        required = [p for p in positional if p.default is p.empty]
        required += [p for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty]
        variadic = any(p.kind == p.VAR_POSITIONAL for p in parameters)
        code = getattr(value, "__code__", None)
        functions[name] = {"line": code.co_firstlineno if code else None,
                           "min": len(required), "max": None if variadic else len(positional),
                           "coroutine": inspect.iscoroutinefunction(value), "static": False}
    return {"file": getattr(module, "__file__", None), "functions": functions}


def import_module(target: str, path: Optional[str]) -> Dict[str, Any]:
    """Imports as pykea.runtime.LoadedHook._import does; ``path`` is the checked file."""
    try:
        if path is not None and is_file_target(target):
            name = os.path.splitext(os.path.basename(path))[0]
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(target)
    except SyntaxError as error:
        return {"error": "syntax", "message": f"SyntaxError: {error.msg}", "file": error.filename,
                "line": error.lineno}
    except BaseException as error:
        frames = traceback.extract_tb(error.__traceback__)
        frame = frames[-1] if frames else None
        return {"error": "import", "message": f"{type(error).__name__}: {error}",
                "file": frame.filename if frame else target, "line": frame.lineno if frame else None}
    return imported_functions(module)


# ---- finding it --------------------------------------------------------------------------------

def find_source(target: str, search_path: List[str]) -> Optional[str]:
    """The .py file a dotted module name resolves to on ``search_path``, found as the import
    system finds it but without importing anything (not even the packages above it)."""
    path: Optional[List[str]] = list(search_path)
    spec = None
    parts = target.split(".")
    for depth in range(len(parts)):
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[:depth + 1]), path)
        if spec is None:
            return None
        path = list(spec.submodule_search_locations or [])
    origin = spec.origin if spec is not None and spec.has_location else None
    return origin if origin and origin.endswith(".py") else None


def probe(target: str, settings: Dict[str, Any]) -> Dict[str, Any]:
    from pykea import trust

    allowed = settings["policy"]
    policy = trust.CodePolicy(allowed["allowed"], allowed["uids"], allowed["gids"])
    execute = settings.get("execute", True)
    python_path: List[str] = settings.get("python_path") or []
    virtualenv: Optional[str] = settings.get("virtualenv")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    file_target = is_file_target(target)
    try:
        if execute:
            # As LoadedHook.load: every entry checked, the virtualenv added, the entries in front.
            checked = [policy.check_code_directory("python-path entry", entry) for entry in python_path]
            if virtualenv:
                import site
                site.addsitedir(policy.check_virtualenv(virtualenv, version))
            for entry in reversed(checked):
                if entry not in sys.path:
                    sys.path.insert(0, entry)
            search = sys.path
        else:
            # Only to find the module's file: nothing here is imported, no .pth file is run.
            search = list(python_path)
            if virtualenv:
                search.append(os.path.join(virtualenv, "lib", f"python{version}", "site-packages"))
            search += sys.path
        if file_target:
            path: Optional[str] = policy.check_module_file(os.path.abspath(target))
            if execute and settings.get("compat") == "kea_python":
                # As pykea.runtime with "compat": the module's directory on sys.path, and 'kea'.
                directory = policy.check_code_directory(
                    "the module's directory (which \"compat\" puts on sys.path)", os.path.dirname(path))
                if directory not in sys.path:
                    sys.path.insert(0, directory)
                from pykea.compat import layer
                layer("kea_python").install()
        else:
            policy.check_module_name(target, search)
            path = find_source(target, search)
            path = os.path.realpath(path) if path else None
    except trust.UntrustedCodeError as error:
        if file_target:
            source: Optional[str] = os.path.realpath(target)
        else:
            source = find_source(target, list(python_path) + sys.path)
        return {"error": "untrusted", "message": str(error),
                "static": static_functions(source) if source and os.path.isfile(source) else None}
    if execute:
        return import_module(target, path)
    if path is None:
        return {"file": None, "functions": {}}      # a namespace package: no source of its own
    return static_functions(path)


def main(arguments: List[str]) -> None:
    target, settings = arguments[0], json.loads(arguments[1])
    result = probe(target, settings)
    sys.stdout.write(MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    # sys.path[0] is this file's directory, pykea's cli package: a hook module must not find
    # it (nor would it inside Kea).
    del sys.path[0]
    main(sys.argv[1:])
