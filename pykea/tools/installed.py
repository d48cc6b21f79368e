"""The Kea installed on this machine: its release, its hooks directory, and the spelling of
configuration its parser takes. ``pykea run`` and the lab (pykea.tools.lab) share them."""

from __future__ import annotations

import copy
import functools
import os
import re
import subprocess
from typing import Any, Dict, Tuple

KEA_SOCKET_DIR = "/run/kea"


@functools.lru_cache(maxsize=None)
def kea_release(server: int = 4) -> Tuple[int, ...]:
    """The release of the installed kea-dhcp<server>, e.g. (2, 2, 0), from ``kea-dhcpX -v``."""
    done = subprocess.run([f"kea-dhcp{server}", "-v"], capture_output=True, text=True)
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", done.stdout.strip())
    if not match:
        raise RuntimeError(f"kea-dhcp{server} -v printed {done.stdout.strip()!r}: not a version")
    return tuple(int(part) for part in match.groups())


@functools.lru_cache(maxsize=None)
def kea_hooks_dir(server: int = 4) -> str:
    """Where the installed kea-dhcp<server> loads hook libraries from (``kea-dhcpX -W``)."""
    done = subprocess.run([f"kea-dhcp{server}", "-W"], capture_output=True, text=True)
    match = re.search(r"Hooks directory:\s*(\S+)", done.stdout)
    if not match:
        raise RuntimeError(f"kea-dhcp{server} -W does not name its hooks directory")
    return match.group(1)


def for_installed_kea(config: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of ``config`` in the spelling the installed Kea's parser takes. The lab's
    configurations are written for Kea 2.6 and later. Kea 2.2 calls "output-options"
    "output_options", takes a relative control socket name relative to its working directory
    (2.6.3 and later: relative to /run/kea), and opens a hook library named without a directory
    through the dynamic linker's search path (2.6.3 and later: in the hooks directory)."""
    server = 6 if "Dhcp6" in config else 4
    if kea_release(server) >= (2, 6, 0):
        return config
    config = copy.deepcopy(config)
    body = config[f"Dhcp{server}"]
    for logger in body.get("loggers", []):
        if "output-options" in logger:
            logger["output_options"] = logger.pop("output-options")
    socket_config = body.get("control-socket")
    if socket_config and not os.path.isabs(socket_config.get("socket-name", "/")):
        socket_config["socket-name"] = os.path.join(KEA_SOCKET_DIR, socket_config["socket-name"])
    for library in body.get("hooks-libraries", []):
        if "/" not in library.get("library", "/"):
            library["library"] = os.path.join(kea_hooks_dir(server), library["library"])
    return config
