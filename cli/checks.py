"""The checks behind `pykea validate` and `pykea check`: each finds problems, one line each."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional

from pykea import hooks as hook_table

from .keaconfig import PYKEA_LIBRARY, KeaConfig

IMPORT_TIMEOUT = 15.0
KEA_2_6_3 = 20603


@dataclass
class Problem:
    file: str
    line: Optional[int]
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}; {self.fix}"

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)


# ---- the module ------------------------------------------------------------------------------

_INSPECT = r'''
import importlib, importlib.util, inspect, json, os, sys, traceback
target, extra = sys.argv[1], json.loads(sys.argv[2])
sys.path[:0] = extra
def report(**data):
    sys.stdout.write("PYKEA-CHECK " + json.dumps(data) + "\n")
try:
    if target.endswith(".py") or os.sep in target:
        path = os.path.abspath(target)
        sys.path.insert(0, os.path.dirname(path))
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
except SyntaxError as error:
    report(error="syntax", message=f"SyntaxError: {error.msg}", file=error.filename, line=error.lineno)
    sys.exit(0)
except BaseException as error:
    frames = traceback.extract_tb(error.__traceback__)
    frame = frames[-1] if frames else None
    report(error="import", message=f"{type(error).__name__}: {error}",
           file=frame.filename if frame else target, line=frame.lineno if frame else None)
    sys.exit(0)
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
                       "coroutine": inspect.iscoroutinefunction(value)}
report(file=getattr(module, "__file__", None), functions=functions)
'''


def inspect_module(target: str, python_path: Optional[List[str]] = None,
                   python: str = sys.executable) -> Dict[str, Any]:
    """Imports ``target`` in a child process and describes its functions; never raises for
    what the module does (a hang or a crash comes back as an error entry)."""
    try:
        done = subprocess.run([python, "-c", _INSPECT, target, json.dumps(python_path or [])],
                              capture_output=True, text=True, timeout=IMPORT_TIMEOUT, cwd="/")
    except subprocess.TimeoutExpired:
        return {"error": "timeout", "message": f"importing it did not finish in {IMPORT_TIMEOUT:.0f} s",
                "file": target, "line": None}
    for line in done.stdout.splitlines():
        if line.startswith("PYKEA-CHECK "):
            return json.loads(line[len("PYKEA-CHECK "):])
    return {"error": "crash", "message": f"the import crashed the interpreter (exit {done.returncode}): "
            + (done.stderr.strip().splitlines() or ["no output"])[-1], "file": target, "line": None}


def check_module(target: str, server: int, version: int,
                 python_path: Optional[List[str]] = None) -> List[Problem]:
    """The problems of a hook module for kea-dhcp<server> at KEA_HOOKS_VERSION ``version``."""
    if (target.endswith(".py") or os.sep in target) and not os.path.isfile(target):
        return [Problem(target, None, "no such file", "give the path of the hook module")]
    found = inspect_module(target, python_path)
    if "error" in found:
        fixes = {"syntax": "correct the syntax", "import": "make the module import without error",
                 "timeout": "do not block at import time; do slow work in load()",
                 "crash": "find what crashes Python when the module is imported"}
        return [Problem(found.get("file") or target, found.get("line"), found["message"],
                        fixes[found["error"]])]
    path = found.get("file") or target
    points = hook_table.hook_points(server, version)
    other = hook_table.hook_points(10 - server, version)
    problems = []
    for name, function in sorted(found["functions"].items()):
        line = function["line"]
        if name in points or name == "load":
            problems += _signature_problems(path, name, function, 1, points.get(name), version)
        elif name == "unload":
            problems += _signature_problems(path, name, function, 0)
        elif name in other:
            problems.append(Problem(path, line, f"{name} is a kea-dhcp{10 - server} hook point, "
                                    f"but this is kea-dhcp{server}", f"rename it or remove it"))
        elif hook_table.hook_point(name):
            problems.append(Problem(path, line, f"{name} is not a hook point of this Kea "
                                    f"(KEA_HOOKS_VERSION {version})", "remove it or upgrade Kea"))
        else:
            near = hook_table.one_edit_away(name, points)
            if near:
                problems.append(Problem(path, line, f"{name} is not a hook point",
                                        f"did you mean {near}?"))
    return problems


def _signature_problems(path: str, name: str, function: Dict[str, Any], count: int,
                        point: Optional[hook_table.HookPoint] = None, version: int = 0) -> List[Problem]:
    line = function["line"]
    problems = []
    if function["coroutine"] and (point is None or "PARK" not in point.statuses):
        where = (f"Kea (KEA_HOOKS_VERSION {version}) parks packets only at "
                 + ", ".join(n for n, p in hook_table.hook_points(point.server or 4, version).items()
                             if "PARK" in p.statuses)) if point else "load and unload are not callouts"
        problems.append(Problem(path, line, f"{name} is a coroutine (async def), which pykea can "
                                f"run only at a hook point that honours PARK; {where}",
                                "make it a plain def; Kea calls callouts synchronously"))
    takes = function["min"] <= count and (function["max"] is None or function["max"] >= count)
    if not takes:
        wanted = "one argument (the handle)" if count else "no arguments"
        problems.append(Problem(path, line, f"{name} must take {wanted}",
                                f"declare it as def {name}({'handle' if count else ''})"))
    return problems


# ---- the parameters --------------------------------------------------------------------------

def check_parameters(config: KeaConfig, parameters: Dict[str, Any]) -> List[Problem]:
    problems = []

    def problem(name: str, message: str, fix: str) -> None:
        file, line = config.where(f'"{name}"')
        problems.append(Problem(file, line, message, fix))

    module = parameters.get("module")
    if module is None:
        problem("parameters", "the pykea entry has no \"module\" parameter",
                'add "module": "/path/to/hook.py" to its parameters')
    elif not isinstance(module, str):
        problem("module", f'"module" must be a string, not {json.dumps(module)}',
                "give a file path or a module name")
    on_error = parameters.get("on-error", "drop")
    if on_error not in ("drop", "continue"):
        problem("on-error", f'"on-error" is {json.dumps(on_error)}', 'use "drop" or "continue"')
    path = parameters.get("python-path", [])
    if isinstance(path, str):
        path = [path]
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        problem("python-path", '"python-path" must be a list of directories',
                'write it as ["/dir/one", "/dir/two"]')
    for name, kind in (("virtualenv", "directory"), ("libpython", "file")):
        value = parameters.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problem(name, f'"{name}" must be a string, not {json.dumps(value)}', f"give a {kind} path")
        elif not (os.path.isdir(value) if kind == "directory" else os.path.isfile(value)):
            problem(name, f'"{name}" {value} is not an existing {kind}', f"fix the path")
    return problems


# ---- the library -----------------------------------------------------------------------------

def kea_binary(server: int) -> Optional[str]:
    return shutil.which(f"kea-dhcp{server}") or next(
        (p for p in (f"/usr/sbin/kea-dhcp{server}", f"/usr/local/sbin/kea-dhcp{server}")
         if os.path.exists(p)), None)


def installed_kea(server: int) -> Dict[str, Optional[str]]:
    """{"version": "3.0.4", "hooks_dir": ...} of the installed kea-dhcp<server>, or Nones."""
    binary = kea_binary(server)
    if not binary:
        return {"version": None, "hooks_dir": None, "binary": None}
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stdout.strip()
    report = subprocess.run([binary, "-W"], capture_output=True, text=True).stdout
    match = re.search(r"Hooks directory:\s*(\S+)", report)
    return {"version": version.split()[0] if version else None,
            "hooks_dir": match.group(1) if match else None, "binary": binary}


def library_kea_version(path: str) -> Optional[str]:
    """The Kea version a pykea library was built for, asked in a child process."""
    program = ("import ctypes, sys\n"
               "lib = ctypes.CDLL(sys.argv[1])\n"
               "text = ctypes.c_char_p()\n"
               "lib.pykea_kea_version(ctypes.byref(text))\n"
               "print(text.value.decode())\n")
    done = subprocess.run([sys.executable, "-c", program, path], capture_output=True, text=True,
                          timeout=30)
    return done.stdout.strip() if done.returncode == 0 else None


def check_library(config: KeaConfig, entry: Dict[str, Any], version: int) -> List[Problem]:
    server = config.server
    kea = installed_kea(server)
    library = str(entry.get("library", ""))
    file, line = config.where(PYKEA_LIBRARY)
    hooks_dir = kea["hooks_dir"]
    if kea["binary"] is None:
        return [Problem(file, line, f"kea-dhcp{server} is not installed",
                        f"install Kea (Debian: apt install kea-dhcp{server}-server)")]
    path = library if os.sep in library else os.path.join(hooks_dir or "", library)
    problems = []
    if os.sep in library and hooks_dir and os.path.dirname(library) != hooks_dir and version >= KEA_2_6_3:
        problems.append(Problem(file, line, f"Kea {kea['version']} loads hook libraries only from "
                                f"{hooks_dir}, not {os.path.dirname(library)}",
                                f'write "library": "{PYKEA_LIBRARY}"'))
    if os.sep not in library and version < KEA_2_6_3:
        problems.append(Problem(file, line, f"Kea {kea['version']} looks a bare library name up "
                                "through the dynamic linker, which does not search its hooks directory",
                                f'write "library": "{path}"'))
    if not os.path.exists(path):
        problems.append(Problem(file, line, f"{path} does not exist",
                                "install pykea (pip install .) or run pykea install-hook as root"))
        return problems
    built_for = library_kea_version(path)
    if built_for != kea["version"]:
        problems.append(Problem(file, line, f"{path} was built for Kea {built_for or 'another release'}, "
                                f"but Kea {kea['version']} is installed",
                                "rebuild pykea against this Kea (pip install --force-reinstall .)"))
    return problems


def run_kea_test(config_path: str, server: int) -> List[Problem]:
    binary = kea_binary(server)
    if binary is None:
        return [Problem(config_path, None, f"kea-dhcp{server} is not installed",
                        f"install Kea to use --kea")]
    done = subprocess.run([binary, "-t", config_path], capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        return []
    reason = next((l for l in reversed((done.stdout + done.stderr).splitlines())
                   if "ERROR" in l or "error" in l), "see kea-dhcp -t output")
    return [Problem(config_path, None, f"Kea rejects the configuration: {reason.strip()}",
                    "fix what Kea names")]
