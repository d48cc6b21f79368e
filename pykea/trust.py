"""Where pykea takes Python code from: Kea's hooks-path rule, applied to Python.

Kea 2.6.3 and later load hook libraries only from their hooks directory, so that whoever can
send ``config-set`` cannot make Kea run code of their choosing. pykea keeps that promise for the
Python it loads: the ``module`` (its file, or every package and file a dotted name resolves
to), each ``python-path`` entry and a ``virtualenv`` (its site-packages and ``.pth`` files) must
lie under an *allowed directory*. The allowed directories come from outside the configuration:
the default compiled into the hook library (``pykea_default_allowed_dirs``, normally
``/etc/kea/pykea``) and the environment variable ``PYKEA_ALLOWED_DIRS`` (``:``-separated) as Kea
was started with it. Nothing in a hook's parameters can widen them.

Each such path, and every directory above it, must also be owned by root or Kea's service user
and not writable by anyone else (sshd's StrictModes habit). A sticky directory such as /tmp may
lie above the code, because no one else can rename what root owns there; it may not hold it.

A refusal raises :class:`UntrustedCodeError` with one line naming the path, what is wrong and
how to change it. docs/security.md explains the model.
"""

from __future__ import annotations

import importlib.machinery
import os
import pwd
import stat
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .errors import UntrustedCodeError

ENVIRONMENT_VARIABLE = "PYKEA_ALLOWED_DIRS"
SERVICE_USER = "_kea"    # Debian's and Ubuntu's user for Kea's services


def default_allowed_dirs() -> Tuple[str, ...]:
    """The allowed directories compiled into the hook library when pykea was built."""
    from ._bindings import check, ffi, lib, scratch
    out = scratch.text
    check(lib.pykea_default_allowed_dirs(out))
    return _split(ffi.string(out[0]).decode())


def _split(text: str) -> Tuple[str, ...]:
    return tuple(part for part in text.split(":") if part)


class CodePolicy:
    """The allowed directories and the owners trusted to write code there."""

    def __init__(self, allowed: Sequence[str], trusted_uids: Iterable[int],
                 trusted_gids: Iterable[int] = (0,)) -> None:
        self.allowed: Tuple[str, ...] = tuple(dict.fromkeys(os.path.realpath(d) for d in allowed))
        self.trusted_uids: FrozenSet[int] = frozenset(trusted_uids)
        self.trusted_gids: FrozenSet[int] = frozenset(trusted_gids)

    @classmethod
    def for_process(cls, environment=None, default: Optional[Sequence[str]] = None) -> "CodePolicy":
        """The policy of this process: trusting root, the user it runs as (inside Kea: Kea's
        service user) and the service user ``_kea`` when it exists (Debian's packages make it
        the owner of /etc/kea, also when Kea is run as root)."""
        policy = cls.for_service(environment, default)
        uid = os.geteuid()
        gids = policy.trusted_gids | ({os.getegid()} if uid else set())
        return cls(policy.allowed, policy.trusted_uids | {uid}, gids)

    @classmethod
    def for_service(cls, environment=None, default: Optional[Sequence[str]] = None) -> "CodePolicy":
        """The policy as Kea's service would apply it, for checks run by an operator (pykea
        validate): root and the service user ``_kea`` when it exists."""
        environment = os.environ if environment is None else environment
        allowed = list(default_allowed_dirs() if default is None else default)
        allowed += _split(environment.get(ENVIRONMENT_VARIABLE, ""))
        uids, gids = {0}, {0}
        try:
            user = pwd.getpwnam(SERVICE_USER)
            uids.add(user.pw_uid)
            gids.add(user.pw_gid)
        except KeyError:
            pass
        return cls(allowed, uids, gids)

    # -- what pykea loads --------------------------------------------------------------------
    def check_module_file(self, path: str) -> str:
        """``path`` (a .py file) resolved, or UntrustedCodeError."""
        real = self._allowed("module", path)
        self._trusted("module", real)
        directory = os.path.dirname(real)
        # Python reads directory/__pycache__/*.pyc in place of the source when it can.
        self._trusted("module", directory)
        self._check_bytecode_cache("module", directory)
        return real

    def check_code_directory(self, what: str, path: str) -> str:
        """A directory Python imports from (a python-path entry, a package)."""
        real = self._allowed(what, path)
        if not os.path.isdir(real):
            raise UntrustedCodeError(f"{what} {path}: not a directory")
        self._trusted(what, real)
        self._check_bytecode_cache(what, real)
        return real

    def check_virtualenv(self, path: str, python_version: str) -> str:
        """The virtualenv's site-packages directory, checked with its .pth files."""
        real = self._allowed("virtualenv", path)
        site_packages = os.path.join(real, "lib", f"python{python_version}", "site-packages")
        if not os.path.isdir(site_packages):
            raise UntrustedCodeError(
                f"virtualenv {path}: no {site_packages}; make the virtualenv with the Python "
                f"pykea runs in (python{python_version} -m venv {path})")
        self._trusted("virtualenv", real)
        self.check_code_directory("virtualenv", site_packages)
        for name in sorted(os.listdir(site_packages)):
            if name.endswith(".pth"):     # site runs their "import" lines
                self._trusted("virtualenv", os.path.join(site_packages, name))
        return site_packages

    def check_module_name(self, name: str, search_path: List[str]) -> List[str]:
        """The files and package directories a dotted module name resolves to, each checked,
        found as the import system would find them but without importing anything."""
        locations: List[str] = []
        path: Optional[List[str]] = list(search_path)
        parts = name.split(".")
        for depth, part in enumerate(parts):
            qualified = ".".join(parts[:depth + 1])
            spec = importlib.machinery.PathFinder.find_spec(qualified, path)
            if spec is None:
                raise UntrustedCodeError(
                    f"module {name}: no module {qualified} on the python-path or in the allowed "
                    f"directories ({self.describe()}); give a file path or add its directory to "
                    "'python-path'")
            for location in spec.submodule_search_locations or ():
                locations.append(self.check_code_directory(f"module {name}", location))
            if spec.has_location and spec.origin:
                origin = spec.origin
                if not origin.endswith(".py"):
                    raise UntrustedCodeError(
                        f"module {name}: {origin} is not Python source; pykea loads hook "
                        "modules from .py files only")
                locations.append(self.check_module_file(origin))
            path = list(spec.submodule_search_locations or [])
        return locations

    # -- the two rules -------------------------------------------------------------------------
    def describe(self) -> str:
        return ":".join(self.allowed) or "none"

    def _allowed(self, what: str, path: str) -> str:
        real = os.path.realpath(path)
        if not os.path.exists(real):
            raise UntrustedCodeError(f"{what} {path}: no such file or directory")
        for directory in self.allowed:
            if real == directory or real.startswith(directory.rstrip("/") + "/"):
                return real
        shown = path if real == path else f"{path} (that is {real})"
        raise UntrustedCodeError(
            f"{what} {shown} is outside the directories pykea loads Python code from "
            f"({self.describe()}); move it there, or add its directory to {ENVIRONMENT_VARIABLE} "
            "in Kea's environment (a hook parameter cannot)")

    def _trusted(self, what: str, path: str) -> None:
        """``path`` and every directory above it: owned by a trusted user and writable by no one
        else. A sticky directory may be above code, not hold it."""
        self._check_one(what, path, sticky_allowed=False)
        current = os.path.dirname(path)
        while True:
            self._check_one(what, current, sticky_allowed=True)
            parent = os.path.dirname(current)
            if parent == current:
                return
            current = parent

    def _check_one(self, what: str, path: str, sticky_allowed: bool) -> None:
        try:
            info = os.stat(path)
        except OSError as error:
            raise UntrustedCodeError(f"{what} {path}: {error.strerror}") from None
        mode = stat.S_IMODE(info.st_mode)
        if info.st_uid not in self.trusted_uids:
            raise UntrustedCodeError(
                f"{what}: {path} is owned by {_user(info.st_uid)}, not by root or Kea's service "
                f"user; chown root {path}")
        other_writable = bool(mode & stat.S_IWOTH)
        group_writable = bool(mode & stat.S_IWGRP) and info.st_gid not in self.trusted_gids
        if other_writable or group_writable:
            if sticky_allowed and stat.S_ISDIR(info.st_mode) and mode & stat.S_ISVTX:
                return
            who = "anyone" if other_writable else f"group {_group(info.st_gid)}"
            raise UntrustedCodeError(
                f"{what}: {path} (mode {mode:04o}) is writable by {who}; "
                f"chmod {'o-w' if other_writable else 'g-w'} {path}")

    def _check_bytecode_cache(self, what: str, directory: str) -> None:
        cache = os.path.join(directory, "__pycache__")
        if not os.path.isdir(cache):
            return
        self._check_one(what, cache, sticky_allowed=False)
        for name in os.listdir(cache):
            self._check_one(what, os.path.join(cache, name), sticky_allowed=False)


def _user(uid: int) -> str:
    try:
        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except KeyError:
        return f"uid {uid}"


def _group(gid: int) -> str:
    import grp
    try:
        return f"{grp.getgrgid(gid).gr_name} (gid {gid})"
    except KeyError:
        return f"gid {gid}"
