"""A copy of the Kea-only root to install the Debian package into, and Debian's service unit
for kea-dhcp4 reproduced inside it (used by test_deb.py).

tests/env/kearoot makes the Kea-only root from the same debootstrap as this Kea root, so both
hold the same Kea build, and mounts it read-only at KEA_ONLY_ROOT. Each KeaOnlyRoot is an
overlay over it in /tmp, gone when unmounted.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
from typing import Dict, List, Optional, Set

KEA_ONLY_ROOT = "/var/cache/pykea/kea-only-root"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Mount points and scratch space, not part of what a package leaves behind.
NOT_WALKED = ("proc", "dev", "sys", "run", "tmp")


def run(*command: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode:
        raise AssertionError(f"{' '.join(command)} failed ({done.returncode}):\n"
                             f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}")
    return done


class KeaOnlyRoot:
    """An overlay over the Kea-only root, with /proc and /dev, that commands run in by chroot."""

    def __init__(self, base: str = KEA_ONLY_ROOT) -> None:
        self.base = base
        self.work = tempfile.mkdtemp(prefix="pykea-kea-only-", dir="/tmp")
        self.path = os.path.join(self.work, "root")

    def mount(self) -> "KeaOnlyRoot":
        for name in ("upper", "overlay-work", "root"):
            os.makedirs(os.path.join(self.work, name))
        run("mount", "-t", "overlay", "overlay", "-o",
            f"lowerdir={self.base},upperdir={self.work}/upper,workdir={self.work}/overlay-work",
            self.path)
        run("mount", "-t", "proc", "proc", self.file("/proc"))
        run("mount", "--rbind", "/dev", self.file("/dev"))
        run("mount", "--make-rslave", self.file("/dev"))
        return self

    def unmount(self) -> None:
        run("umount", "-R", self.path, check=False)
        shutil.rmtree(self.work, ignore_errors=True)

    def file(self, path: str) -> str:
        """Where a path of the root is seen from here."""
        return os.path.join(self.path, path.lstrip("/"))

    def command(self, *command: str, environment: Optional[Dict[str, str]] = None) -> List[str]:
        """The command line that runs ``command`` in the root, as root, in a clean environment."""
        variables = {"PATH": PATH, "LANG": "C.UTF-8", "HOME": "/root", **(environment or {})}
        return ["chroot", self.path, "env", "-i", *(f"{k}={v}" for k, v in variables.items()),
                *command]

    def run(self, *command: str, check: bool = True,
            environment: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
        return run(*self.command(*command, environment=environment), check=check)

    def packages(self) -> Dict[str, str]:
        """The installed packages and their versions."""
        listing = self.run("dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Package} ${Version}\n")
        return {fields[1]: fields[2] for fields in (line.split() for line in listing.stdout.splitlines())
                if fields[0] == "ii"}

    def paths(self) -> Set[str]:
        """Every file, directory and link of the root, as absolute paths of the root."""
        found = set()
        for directory, subdirectories, files in os.walk(self.path):
            relative = "/" + os.path.relpath(directory, self.path).lstrip(".")
            if relative == "/":
                subdirectories[:] = [d for d in subdirectories if d not in NOT_WALKED]
            for name in subdirectories + files:
                found.add(os.path.join(relative, name))
        return found

    def user(self, name: str) -> pwd.struct_passwd:
        """A user of the root's /etc/passwd."""
        with open(self.file("/etc/passwd")) as passwd:
            for line in passwd:
                fields = line.rstrip("\n").split(":")
                if fields[0] == name:
                    return pwd.struct_passwd((fields[0], fields[1], int(fields[2]), int(fields[3]),
                                              fields[4], fields[5], fields[6]))
        raise AssertionError(f"the Kea-only root has no user {name}")


class ServiceUnit:
    """What a systemd service unit of the root sets up for its program, for the settings that
    Debian's kea-dhcp4-server.service uses; any other setting fails the test, which would then
    no longer start Kea the way the service does."""

    HANDLED = {"User", "Group", "AmbientCapabilities", "Environment", "ExecStart",
               "RuntimeDirectory", "RuntimeDirectoryMode", "RuntimeDirectoryPreserve",
               "StateDirectory", "StateDirectoryMode", "LogsDirectory", "LogsDirectoryMode",
               "ConfigurationDirectory", "ConfigurationDirectoryMode"}
    # systemd's directory settings and where their relative paths lie.
    DIRECTORIES = {"Runtime": "/run", "State": "/var/lib", "Logs": "/var/log",
                   "Configuration": "/etc"}

    def __init__(self, root: KeaOnlyRoot, name: str) -> None:
        self.root = root
        self.name = name
        self.settings = self._read(name)
        unknown = set(self.settings) - self.HANDLED
        assert not unknown, (f"{name} sets {', '.join(sorted(unknown))}, which this test does not "
                             "reproduce: add it to ServiceUnit")

    def _read(self, name: str) -> Dict[str, List[str]]:
        for directory in ("/usr/lib/systemd/system", "/lib/systemd/system"):
            path = self.root.file(f"{directory}/{name}")
            if os.path.exists(path):
                break
        else:
            raise AssertionError(f"the Kea-only root has no unit {name}")
        settings: Dict[str, List[str]] = {}
        section = None
        with open(path) as unit:
            for line in unit:
                line = line.strip()
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1]
                elif section == "Service" and "=" in line and not line.startswith(("#", ";")):
                    key, value = line.split("=", 1)
                    settings.setdefault(key.strip(), []).append(value.strip())
        return settings

    def one(self, key: str, default: str = "") -> str:
        return self.settings.get(key, [default])[-1]

    @property
    def user(self) -> pwd.struct_passwd:
        return self.root.user(self.one("User", "root"))

    def group_id(self) -> int:
        group = self.one("Group")
        if not group:
            return self.user.pw_gid
        with open(self.root.file("/etc/group")) as groups:
            for line in groups:
                fields = line.split(":")
                if fields[0] == group:
                    return int(fields[2])
        raise AssertionError(f"the Kea-only root has no group {group}")

    def capabilities(self) -> List[str]:
        names = " ".join(self.settings.get("AmbientCapabilities", [])).split()
        return [name.lower().removeprefix("cap_") for name in names]

    def environment(self) -> Dict[str, str]:
        """systemd's environment for a system service with User= set, and Environment=."""
        user = self.user
        variables = {"PATH": PATH, "LANG": "C.UTF-8", "HOME": user.pw_dir, "USER": user.pw_name,
                     "LOGNAME": user.pw_name, "SHELL": user.pw_shell}
        for line in self.settings.get("Environment", []):
            for assignment in shlex.split(line):
                key, value = assignment.split("=", 1)
                variables[key] = value
        return variables

    def make_directories(self) -> None:
        """RuntimeDirectory= and the like: made, owned by the service's user except the
        configuration directory, with their modes (systemd's default 0755)."""
        for kind, parent in self.DIRECTORIES.items():
            mode = int(self.one(f"{kind}DirectoryMode", "0755"), 8)
            for relative in " ".join(self.settings.get(f"{kind}Directory", [])).split():
                path = self.root.file(os.path.join(parent, relative))
                os.makedirs(path, exist_ok=True)
                os.chmod(path, mode)
                if kind != "Configuration":
                    os.chown(path, self.user.pw_uid, self.group_id())

    def command(self) -> List[str]:
        """The chroot command line that runs ExecStart as the service does: as User, with the
        AmbientCapabilities, in the service's environment."""
        capabilities = ",".join(f"+{name}" for name in self.capabilities())
        privileges = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.group_id()}",
                      "--init-groups"]
        if capabilities:
            privileges += [f"--inh-caps={capabilities}", f"--ambient-caps={capabilities}"]
        variables = [f"{k}={v}" for k, v in self.environment().items()]
        return ["chroot", self.root.path, *privileges, "env", "-i", *variables,
                *shlex.split(self.one("ExecStart"))]
