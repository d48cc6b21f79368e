"""pykea: Python hooks for the ISC Kea DHCP server.

A hook module is a plain Python module. Functions named after Kea hook points
(``pkt4_receive``, ``lease4_select``, ...) are called with a CalloutHandle::

    import logging
    from pykea import Option

    log = logging.getLogger(__name__)

    def pkt4_send(handle):
        response = handle["response4"]
        response.options.replace(Option.from_str(252, "http://wpad.example/wpad.dat"))
        log.info("added option 252 for %s", response.hwaddr)
"""

from .errors import (CalloutError, DetachedError, InvalidArgumentError, KeaError, NotFoundError,
                     PykeaError, UnsupportedError, UntrustedCodeError, WrongTypeError)
from . import cb, config, features
from .config import SharedNetwork, Subnet, Subnet4, Subnet6
from .features import kea_hooks_version, kea_version
from .enums import HostsTarget, IdentifierType, NextStep, RelaySearch
from .handle import CalloutHandle, LibraryHandle
from .identifiers import ClientId, HWAddr
from .enums import LeaseState, LeaseType
from .lease import Lease, Lease4, Lease6
from .option import Option, OptionMap
from .optiondef import DHCP4Option, DHCP6Option, OptionDefinition
from .packet import MessageType, MessageType6, Pkt, Pkt4, Pkt6, RelayLevel

__version__ = "0.1.0"


def __getattr__(name: str):
    # ``from pykea import lab`` for hook authors' tests; importing pykea (what Kea loads) does
    # not import the tools.
    if name == "lab":
        from .tools import lab
        return lab
    raise AttributeError(f"module 'pykea' has no attribute {name!r}")

__all__ = [
    "CalloutError", "CalloutHandle", "ClientId", "DHCP4Option", "DHCP6Option", "DetachedError",
    "HWAddr", "HostsTarget", "IdentifierType",
    "InvalidArgumentError", "KeaError", "Lease", "Lease4", "Lease6", "LeaseState", "LeaseType",
    "LibraryHandle", "MessageType", "MessageType6", "NextStep", "NotFoundError", "Option",
    "OptionDefinition", "OptionMap", "Pkt", "Pkt4", "Pkt6", "RelayLevel", "RelaySearch",
    "PykeaError", "SharedNetwork", "Subnet", "Subnet4", "Subnet6", "UnsupportedError",
    "UntrustedCodeError",
    "WrongTypeError", "cb", "config", "features",
    "kea_hooks_version", "kea_version",
]
