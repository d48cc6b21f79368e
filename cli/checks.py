"""The checks behind `pykea validate` and `pykea check`: each finds problems, one line each."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional, Tuple

from pykea import hooks as hook_table
from pykea.errors import UntrustedCodeError
from pykea.trust import CodePolicy

from .keaconfig import PYKEA_LIBRARY, KeaConfig
from .probe import MARK, is_file_target

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

PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "probe.py")
REFUSED = "pykea refused to load Python code: "     # what Kea logs before pykea.trust's line


def code_policy() -> CodePolicy:
    """The policy Kea's service applies: the allowed directories (the build's default and
    $PYKEA_ALLOWED_DIRS in this environment), code owned by root or Kea's user _kea."""
    return CodePolicy.for_service()


def refused(file: str, line: Optional[int], message: str) -> Problem:
    """A pykea.trust refusal as a problem: printed, it reads as Kea's log line does."""
    what, _, fix = message.partition("; ")
    return Problem(file, line, REFUSED + what, fix or "fix the path")


def inspect_module(target: str, python_path: Optional[List[str]] = None,
                   virtualenv: Optional[str] = None, policy: Optional[CodePolicy] = None,
                   execute: bool = True, python: str = sys.executable,
                   compat: Optional[str] = None) -> Dict[str, Any]:
    """Describes ``target``'s functions from a child process (cli/probe.py): imported there
    when ``execute`` and the policy allows all the code, else read with ast; never raises for
    what the module does (a hang or a crash comes back as an error entry)."""
    policy = policy or code_policy()
    settings = {"python_path": python_path or [], "virtualenv": virtualenv, "execute": execute,
                "compat": compat,
                "policy": {"allowed": list(policy.allowed), "uids": sorted(policy.trusted_uids),
                           "gids": sorted(policy.trusted_gids)}}
    try:
        done = subprocess.run([python, PROBE, target, json.dumps(settings)],
                              capture_output=True, text=True, timeout=IMPORT_TIMEOUT, cwd="/")
    except subprocess.TimeoutExpired:
        doing = "importing it" if execute else "reading it"
        return {"error": "timeout", "message": f"{doing} did not finish in {IMPORT_TIMEOUT:.0f} s",
                "file": target, "line": None}
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    doing = "the import" if execute else "reading it"
    return {"error": "crash", "message": f"{doing} crashed the interpreter (exit {done.returncode}): "
            + (done.stderr.strip().splitlines() or ["no output"])[-1], "file": target, "line": None}


def check_module(target: str, server: int, version: int,
                 python_path: Optional[List[str]] = None, *, virtualenv: Optional[str] = None,
                 policy: Optional[CodePolicy] = None, execute: bool = True,
                 where: Optional[Tuple[str, Optional[int]]] = None,
                 compat: Optional[str] = None) -> List[Problem]:
    """The problems of a hook module for kea-dhcp<server> at KEA_HOOKS_VERSION ``version``.

    ``execute``: import it (its top-level code runs, in a child process) rather than only read
    its source; pass False also when the policy refused its python-path or virtualenv. A module
    the policy refuses is never imported: the refusal is a problem (at ``where``, the
    configuration's line, or the module) and its source is still read for the other checks.
    """
    if is_file_target(target):
        if not os.path.isfile(target):
            return [Problem(target, None, "no such file", "give the path of the hook module")]
        target = os.path.abspath(target)    # the child runs in /
    found = inspect_module(target, python_path, virtualenv, policy, execute, compat=compat)
    problems = []
    if found.get("error") == "untrusted":
        file, line = where or (target, None)
        problems.append(refused(file, line, found["message"]))
        found = found.get("static")
        if not found:
            return problems
    if "error" in found:
        fixes = {"syntax": "correct the syntax", "import": "make the module import without error",
                 "timeout": "do not block at import time; do slow work in load()",
                 "crash": "find what crashes Python when the module is imported"}
        fix = fixes[found["error"]]
        if "No module named 'kea'" in found["message"] and compat is None:
            fix = 'for a kea_python hook, add "compat": "kea_python" to its parameters'
        return problems + [Problem(found.get("file") or target, found.get("line"), found["message"],
                                   fix)]
    path = found.get("file") or target
    points = hook_table.hook_points(server, version)
    other = hook_table.hook_points(10 - server, version)
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
    elif is_file_target(module) and not os.path.isabs(module):
        problem("module", f'"module" {module} is a relative path, which Kea takes from its '
                "working directory (/ as a service), not from the configuration file's",
                f'give its absolute path ("{os.path.abspath(module)}" from here)')
    compat = parameters.get("compat")
    if compat is not None and compat not in ("kea_python",):
        problem("compat", f'"compat" is {json.dumps(compat)}: the only layer is "kea_python"',
                'write "kea_python" for a kea_python hook, or remove it for pykea\'s own API')
    on_error = parameters.get("on-error", "drop")
    if on_error not in ("drop", "continue"):
        problem("on-error", f'"on-error" is {json.dumps(on_error)}', 'use "drop" or "continue"')
    path = parameters.get("python-path", [])
    if isinstance(path, str):
        path = [path]
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        problem("python-path", '"python-path" must be a list of directories',
                'write it as ["/dir/one", "/dir/two"]')
    for name in ("virtualenv", "libpython"):
        value = parameters.get(name)
        if value is not None and not isinstance(value, str):
            problem(name, f'"{name}" must be a string, not {json.dumps(value)}',
                    "give a directory path" if name == "virtualenv" else "give a soname")
    libpython = parameters.get("libpython")
    if isinstance(libpython, str):
        for message, fix in libpython_problems(libpython):
            problem("libpython", message, fix)
    return problems


def python_path_of(parameters: Dict[str, Any]) -> List[str]:
    """The 'python-path' entries as pykea reads them ([] when the parameter is malformed)."""
    path = parameters.get("python-path", [])
    path = [path] if isinstance(path, str) else path
    return path if isinstance(path, list) and all(isinstance(p, str) for p in path) else []


def check_code_paths(config: KeaConfig, parameters: Dict[str, Any],
                     policy: CodePolicy) -> List[Problem]:
    """What the policy says of the 'python-path' entries and the 'virtualenv', as Kea's pykea
    hook checks them before it imports the module."""
    problems = []
    for entry in python_path_of(parameters):
        try:
            policy.check_code_directory("python-path entry", entry)
        except UntrustedCodeError as error:
            problems.append(refused(*config.where('"python-path"'), str(error)))
    virtualenv = parameters.get("virtualenv")
    if isinstance(virtualenv, str):
        try:
            policy.check_virtualenv(virtualenv, PYTHON_VERSION)
        except UntrustedCodeError as error:
            problems.append(refused(*config.where('"virtualenv"'), str(error)))
    return problems


PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# What the hook library accepts besides the build's libpython (capi/src/hook_library.cc,
# LibpythonChoice::fromValue): a bare soname the dynamic linker looks up.
LIBPYTHON_SONAME = re.compile(r"libpython3(\.[0-9]+)?[a-z]?\.so(\.[0-9]+)*")


def libpython_problems(value: str) -> List[Tuple[str, str]]:
    """(message, fix) for a 'libpython' parameter the hook library refuses, in its words, or
    that names another Python version than the one pykea is installed in."""
    from pykea import _build_info
    built = _build_info.LIBPYTHON
    same = value == built
    if not same and "/" in value:
        same = os.path.exists(value) and os.path.exists(built) and \
            os.path.realpath(value) == os.path.realpath(built)
    if same:
        return []
    if not LIBPYTHON_SONAME.fullmatch(value):      # LibpythonChoice::fromValue
        return [(f"hook parameter 'libpython' is '{value}': pykea embeds only the libpython it "
                 f"was built with ({built}) or one named by a bare soname such as "
                 "libpython3.13.so.1.0, which the dynamic linker finds in the system's library "
                 "directories", "remove the parameter or give a soname")]
    reason = cannot_open(value)
    if reason:                                      # EmbeddedPython::start
        return [(f"cannot open libpython '{value}': {reason}",
                 "remove the hook parameter 'libpython' (to embed the libpython pykea was built "
                 "with) or give the soname of an installed libpython3.X")]
    wanted = re.match(r"libpython(3\.[0-9]+)", os.path.basename(built))
    given = re.match(r"libpython(3\.[0-9]+)", value)
    if wanted and given and wanted.group(1) != given.group(1):
        return [(f"hook parameter 'libpython' is '{value}', Python {given.group(1)}, but pykea "
                 f"is installed for Python {wanted.group(1)} and cannot run in another one",
                 f"remove the parameter or give {os.path.basename(built)}")]
    return []


def cannot_open(soname: str) -> Optional[str]:
    """Why the dynamic linker cannot open ``soname``, or None when it can: asked in a child
    process with this environment (Kea's may differ), so that nothing is loaded into this one."""
    program = ("import ctypes, os, sys\n"
               "try:\n"
               "    ctypes.CDLL(sys.argv[1], mode=os.RTLD_LAZY | os.RTLD_LOCAL)\n"
               "except OSError as error:\n"
               "    print(error)\n"
               "    sys.exit(1)\n")
    done = subprocess.run([sys.executable, "-c", program, soname], capture_output=True, text=True,
                          timeout=60, cwd="/")
    if done.returncode == 0:
        return None
    return (done.stdout.strip() or done.stderr.strip() or f"exit {done.returncode}").splitlines()[-1]


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


def hook_library_fix() -> str:
    """How to put this pykea's hook library where Kea loads it."""
    from pykea import _build_info
    package = getattr(_build_info, "PACKAGE", None)
    if package:
        return f"apt-get install --reinstall {package}"
    return f"as root: {sys.executable} -m pykea.cli install-hook"


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
                                hook_library_fix()))
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


# ---- the service user ------------------------------------------------------------------------

SYSTEMD_UNITS = ("/lib/systemd/system", "/usr/lib/systemd/system", "/etc/systemd/system")


@dataclass
class ServiceUser:
    name: str
    uid: int
    groups: frozenset


def service_user(server: int = 4) -> ServiceUser:
    """The user Kea's service runs as, found as the package sets it up: User= in the systemd
    unit, else the owner of /var/lib/kea, else this process's user."""
    import grp
    import pwd
    entry = None
    for name in (_unit_user(server), _owner_of("/var/lib/kea")):
        try:
            entry = pwd.getpwnam(name) if name else None
        except KeyError:
            entry = None
        if entry:
            break
    entry = entry or pwd.getpwuid(os.geteuid())
    groups = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall() if entry.pw_name in g.gr_mem}
    return ServiceUser(entry.pw_name, entry.pw_uid, frozenset(groups))


def _unit_user(server: int) -> Optional[str]:
    for directory in SYSTEMD_UNITS:
        try:
            with open(os.path.join(directory, f"kea-dhcp{server}-server.service")) as unit:
                for line in unit:
                    if line.startswith("User="):
                        return line.split("=", 1)[1].strip()
        except OSError:
            continue
    return None


def _owner_of(path: str) -> Optional[str]:
    import pwd
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except (OSError, KeyError):
        return None


def _missing(user: ServiceUser, path: str, wanted: str) -> Optional[str]:
    """The chmod class and letters ``user`` lacks of ``wanted`` ("r", "x", "rx") on ``path``
    ("o+x"), or None when it has them."""
    if user.uid == 0:
        return None
    status = os.stat(path)
    if status.st_uid == user.uid:
        who, shift = "u", 6
    elif status.st_gid in user.groups:
        who, shift = "g", 3
    else:
        who, shift = "o", 0
    bits = {"r": 4, "w": 2, "x": 1}
    lacking = "".join(c for c in wanted if not (status.st_mode >> shift) & bits[c])
    return f"{who}+{lacking}" if lacking else None


def unreadable(user: ServiceUser, path: str, wanted: str = "r") -> Optional[Tuple[str, str]]:
    """(reason, chmod) when ``user`` cannot reach ``path`` (search every directory above it)
    or lacks ``wanted`` on it; None when it can, or when the path does not exist."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return None
    directory = os.path.dirname(real)
    above = []
    while True:
        above.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for directory in reversed(above):
        lacking = _missing(user, directory, "x")
        if lacking:
            return _mode_reason(directory), f"chmod {lacking} {directory}"
    lacking = _missing(user, real, wanted)
    if lacking:
        return _mode_reason(real), f"chmod {lacking} {real}"
    return None


def _mode_reason(path: str) -> str:
    import pwd
    status = os.stat(path)
    try:
        owner = pwd.getpwuid(status.st_uid).pw_name
    except KeyError:
        owner = str(status.st_uid)
    return f"{path} is mode {status.st_mode & 0o7777:04o}, owner {owner}"


def check_service_access(user: ServiceUser, module: Optional[str],
                         python_path: List[str]) -> List[Problem]:
    """The module file and the python-path directories as Kea's service user can read them."""
    from pykea.trust import default_allowed_dirs
    home = (default_allowed_dirs() or ["/etc/kea/pykea"])[0]
    things = [(module, "r", "module")] if module and is_file_target(module) else []
    things += [(entry, "rx", "python-path entry") for entry in python_path]
    problems = []
    for path, wanted, what in things:
        found = unreadable(user, path, wanted)
        if found:
            reason, chmod = found
            problems.append(Problem(path, None, f"user {user.name} (Kea's service user) cannot "
                                    f"read this {what} ({reason})",
                                    f"move it under {home} or run {chmod}"))
    return problems
