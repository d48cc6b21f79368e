"""Placing the hook library in Kea's hooks directory, as a recorded, reversible step.

pip installs pykea (and its copy of the library, pykea/_lib/libdhcp_pykea.so) where pip keeps
its records; Kea loads hook libraries only from its hooks directory, which belongs to the
system's package manager. ``pykea install-hook`` copies the library there and writes what it
placed (path and sha256) to a record file; ``pykea uninstall-hook`` removes only what the record
says it placed, unchanged. The Debian package installs the library itself and owns it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Dict, Optional

LIBRARY_NAME = "libdhcp_pykea.so"
STATE_DIR = "/var/lib/pykea"


class HookFileError(Exception):
    """A refusal, one line saying what is wrong and what to do."""


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dpkg_owner(path: str) -> Optional[str]:
    """The Debian package that owns ``path``, if dpkg knows one."""
    if not shutil.which("dpkg-query"):
        return None
    done = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True)
    if done.returncode:
        return None
    return done.stdout.split(":", 1)[0].strip() or None


@dataclass
class HookFile:
    """The library this pykea built (``source``) and where Kea loads it from (``target``)."""

    source: str
    target: str
    package: Optional[str] = None           # the distribution package that owns target
    state_dir: str = os.environ.get("PYKEA_STATE_DIR", STATE_DIR)

    @classmethod
    def for_this_pykea(cls) -> "HookFile":
        from pykea import _build_info
        return cls(source=os.path.join(os.path.dirname(_build_info.__file__), "_lib", LIBRARY_NAME),
                   target=_build_info.HOOK_LIBRARY, package=getattr(_build_info, "PACKAGE", None))

    @property
    def record_path(self) -> str:
        return os.path.join(self.state_dir, "hook-libraries.json")

    def records(self) -> Dict[str, Dict[str, str]]:
        try:
            with open(self.record_path) as record:
                return json.load(record)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise HookFileError(f"cannot read {self.record_path}: {error}; fix or remove it") \
                from None

    def _write_records(self, records: Dict[str, Dict[str, str]]) -> None:
        os.makedirs(self.state_dir, exist_ok=True)
        temporary = self.record_path + ".new"
        with open(temporary, "w") as record:
            json.dump(records, record, indent=2, sort_keys=True)
            record.write("\n")
        os.replace(temporary, self.record_path)

    def _refuse_if_packaged(self) -> None:
        owner = self.package or dpkg_owner(self.target)
        if owner:
            raise HookFileError(
                f"{self.target} belongs to the Debian package {owner}, which keeps it up to date; "
                f"to restore it: apt-get install --reinstall {owner}")

    def install(self) -> str:
        """Copies the library to ``target`` (atomically: a running Kea keeps its mapping) and
        records it. Returns what was done, one line."""
        self._refuse_if_packaged()
        if not os.path.exists(self.source):
            raise HookFileError(f"this pykea has no library at {self.source}: reinstall pykea "
                                "(pip install --force-reinstall ...)")
        records = self.records()
        replaced = os.path.exists(self.target) and self.target not in records
        try:
            os.makedirs(os.path.dirname(self.target), exist_ok=True)
            shutil.copy2(self.source, self.target + ".new")
            os.replace(self.target + ".new", self.target)
        except OSError as error:
            raise HookFileError(f"cannot write {self.target}: {error.strerror}; run as root") \
                from None
        from pykea import __version__
        records[self.target] = {
            "sha256": sha256(self.target), "source": self.source, "pykea": __version__,
            "installed": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
        try:
            self._write_records(records)
        except OSError as error:
            raise HookFileError(f"installed {self.target} but cannot record it in "
                                f"{self.record_path}: {error.strerror}") from None
        note = " (replaced a copy pykea install-hook had not placed)" if replaced else ""
        return f"installed {self.target}{note}; recorded in {self.record_path}"

    def uninstall(self, force: bool = False) -> str:
        """Removes ``target`` if the record says install-hook placed it and it is unchanged."""
        self._refuse_if_packaged()
        records = self.records()
        recorded = records.get(self.target)
        if recorded is None:
            raise HookFileError(f"{self.target} was not placed by pykea install-hook (no record in "
                                f"{self.record_path}); remove it yourself if it is yours")
        if os.path.exists(self.target):
            if not force and sha256(self.target) != recorded["sha256"]:
                raise HookFileError(f"{self.target} changed since pykea install-hook placed it; "
                                    "--force removes it anyway")
            try:
                os.remove(self.target)
            except OSError as error:
                raise HookFileError(f"cannot remove {self.target}: {error.strerror}; run as root") \
                    from None
            done = f"removed {self.target}"
        else:
            done = f"{self.target} was already gone"
        del records[self.target]
        self._write_records(records)
        return done + "; its record is gone"

    def state(self) -> str:
        """How ``target`` relates to this pykea's library, for pykea info."""
        if not os.path.exists(self.target):
            return "missing"
        if os.path.exists(self.source) and sha256(self.source) != sha256(self.target):
            return "differs from this pykea's build"
        return "installed"
