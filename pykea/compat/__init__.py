"""Other projects' hook APIs, on pykea's own objects, chosen by the hook parameter "compat".

``"compat": "kea_python"`` makes ``import kea`` in the hook module (and in every module it
imports) give :mod:`pykea.compat.kea_python`, kea_python's API, so a hook written for
kea_python runs unchanged (docs/migrating.md). Without the parameter there is no ``kea``
module. Nothing here is imported by ``import pykea``.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Dict, Optional

from ..errors import CalloutError, InvalidArgumentError

CHOICES = ("kea_python",)


class Layer:
    """One compatibility layer while a hook module is loaded: the module it puts in
    sys.modules under its import name, and how it adapts pykea's handles and callouts."""

    def __init__(self, import_name: str, module: Any) -> None:
        self.import_name = import_name
        self.module = module
        self._replaced: Optional[Any] = None

    def install(self) -> None:
        self._replaced = sys.modules.get(self.import_name)
        sys.modules[self.import_name] = self.module

    def uninstall(self) -> None:
        if sys.modules.get(self.import_name) is self.module:
            if self._replaced is None:
                del sys.modules[self.import_name]
            else:
                sys.modules[self.import_name] = self._replaced

    def library_handle(self, handle: Any) -> Any:
        return self.module.LibraryHandle._from_pykea(handle)

    def callout(self, function: Callable) -> Callable:
        """What pykea registers for ``function``: it gets the layer's CalloutHandle, and its
        int result is a C++ callout's (0 success; any other value an error, logged)."""
        wrap = self.module.CalloutHandle._from_pykea

        @functools.wraps(function)
        def callout(handle):
            return _kea_result(function, function(wrap(handle)))

        return callout


def _kea_result(function: Callable, result: Any) -> None:
    if type(result) is int and result == 0:
        return None
    name = getattr(function, "__qualname__", function)
    if isinstance(result, int) and not isinstance(result, bool):
        raise CalloutError(f"{name} returned {result}: a kea_python callout returns 0 on success")
    raise CalloutError(f"{name} must return integer (kea_python's rule), not {result!r}")


def layer(name: Optional[str]) -> Optional[Layer]:
    """The layer the hook parameter "compat" names, or None without it."""
    if name is None:
        return None
    if name == "kea_python":
        from . import kea_python
        return Layer("kea", kea_python)
    raise InvalidArgumentError(unknown_choice(name))


def unknown_choice(name: Any) -> str:
    return (f"hook parameter 'compat' is {name!r}: the only layer is \"kea_python\" (kea_python "
            "hooks' 'import kea'); remove the parameter to use pykea's own API")


def check_choice(parameters: Dict[str, Any]) -> Optional[str]:
    """The "compat" parameter, checked (InvalidArgumentError naming the fix otherwise)."""
    name = parameters.get("compat")
    if name is not None and name not in CHOICES:
        raise InvalidArgumentError(unknown_choice(name))
    return name
