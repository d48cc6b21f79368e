"""kea_python's ``kea`` module on pykea's objects (hook parameter ``"compat": "kea_python"``).

Each class wraps one of pykea's public objects and speaks kea_python's API: camelCase methods
that mirror Kea's C++ ones, addresses and hardware addresses as text, ints for message types
and statuses, and Kea's errors as TypeError with Kea's text. What differs, and why, is in
docs/migrating.md.
"""

from __future__ import annotations

import ipaddress as _ipaddress
import logging as _logging
import operator as _operator
import socket as _socket
from typing import Any as _Any, Dict as _Dict, Set as _Set

from .. import cb as _cb
from .. import config as _config
from .. import features as _features
from .. import hosts as _hosts
from .. import leasemgr as _leasemgr
from ..enums import IdentifierType as _IdentifierType
from ..errors import UnsupportedError as _UnsupportedError
from ..enums import NextStep as _NextStep
from ..errors import NotFoundError as _NotFoundError
from ..errors import PykeaError as _PykeaError
from ..features import kea_version as _kea_version
from ..identifiers import ClientId as _ClientId
from ..identifiers import HWAddr as _HWAddr
from ..lease import Lease4 as _Lease4
from ..option import Option as _Option
from ..packet import MessageType as _MessageType
from ..packet import Pkt4 as _Pkt4

__version__ = _kea_version()


# ---- helpers ---------------------------------------------------------------------------------

def _kea_errors(function):
    """kea_python raises Kea's exceptions as TypeError with Kea's text."""
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except _PykeaError as error:
            raise TypeError(str(error)) from error
    guarded.__name__ = function.__name__
    guarded.__qualname__ = function.__qualname__
    guarded.__doc__ = function.__doc__
    return guarded


def _require(value, kind, position=1):
    if not isinstance(value, kind):
        raise TypeError(f"argument {position} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _require_object(value, cls, position=1):
    if not isinstance(value, cls):
        raise TypeError(f"argument {position} must be kea.{cls.__name__}, "
                        f"not {type(value).__name__}")
    return value


def _address(text):
    """Kea's IOAddress from text: only a str, and Kea's words for a bad one."""
    _require(text, str)
    try:
        return _ipaddress.ip_address(text)
    except ValueError:
        raise TypeError(f"Failed to convert string to address '{text}': Invalid argument") from None


def _ipv4(text):
    address = _address(text)
    if address.version != 4:
        raise TypeError(f"{text} is not an IPv4 address")
    return address


def _hwaddr(text):
    return _kea_errors(_HWAddr.parse)(_require(text, str))


def _client_id(text):
    return _kea_errors(_ClientId.parse)(_require(text, str))


def _wrap(value):
    """A callout argument in kea_python's type."""
    if isinstance(value, _Pkt4):
        return Pkt4._from_pykea(value)
    if isinstance(value, _Lease4):
        return Lease4._from_pykea(value)
    if isinstance(value, _Option):
        return Option._from_pykea(value)
    if isinstance(value, _config.Subnet4):
        return Subnet4._from_pykea(value)
    if isinstance(value, _config.Config):
        return SrvConfig._from_pykea(value)
    if isinstance(value, list):
        return [_wrap(item) for item in value]
    return value


def _unwrap(value):
    inner = getattr(value, "_pykea", None)
    return value if inner is None else inner


_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def _check_element(value):
    """kea_python's object_to_element: JSON-like data only."""
    if not isinstance(value, _JSON_TYPES):
        raise TypeError(f"unhandled type {type(value).__name__}")
    if isinstance(value, dict):
        for item in value.values():
            _check_element(item)
    elif isinstance(value, list):
        for item in value:
            _check_element(item)
    return value


class _Wrapper:
    """A kea_python object on one of pykea's (``_pykea``). Kea makes these (a callout's
    arguments, lookups); a class that hooks may make themselves defines its own __init__."""

    __slots__ = ("_pykea",)
    _pykea: _Any            # the pykea object it stands for
    _how_to_get = ""        # how a hook gets one instead, added to the refusal

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError(f"cannot create 'kea.{type(self).__name__}' instances{self._how_to_get}")

    @classmethod
    def _from_pykea(cls, inner):
        wrapped = object.__new__(cls)
        wrapped._pykea = inner
        return wrapped


# ---- logging ---------------------------------------------------------------------------------

class Logger:
    """``kea.logger``: writes to Kea's log through pykea's logging handler."""

    def __init__(self, name: str = "kea") -> None:
        self._log = _logging.getLogger(name)

    def debug(self, msg: str) -> None:
        self._log.debug(msg)

    def info(self, msg: str) -> None:
        self._log.info(msg)

    def warn(self, msg: str) -> None:
        self._log.warning(msg)

    def error(self, msg: str) -> None:
        self._log.error(msg)

    def fatal(self, msg: str) -> None:
        self._log.critical(msg)

    def exception(self, msg: str) -> None:
        self._log.error(msg, exc_info=True)


logger = Logger()


class LoggerManager:
    """kea_python set up Kea's logging for tests outside Kea; pykea's hook library (and
    pykea.testing) do that already, so ``init`` has nothing to do."""

    @staticmethod
    def init(name: str) -> None:
        _require(name, str)


# ---- callout and library handles -------------------------------------------------------------

_ARGUMENT_TYPES = {"lease4": "Lease4", "query4": "Pkt4", "response4": "Pkt4"}


class CalloutHandle(_Wrapper):
    """What a callout gets: getArgument/setArgument, getContext/setContext/deleteContext,
    getStatus/setStatus."""

    _how_to_get = (": Kea makes one for each callout; to call a hook module's callouts in a "
                   "test, use pykea.testing.KeaHooks")

    def getArgument(self, name):
        _require(name, str)
        try:
            return _wrap(self._pykea[name])
        except _NotFoundError:
            if name in self._pykea.argument_names():
                raise
            raise TypeError(f"unable to find argument with name {name}") from None
        except _PykeaError as error:
            raise TypeError(str(error)) from error

    def setArgument(self, name, value):
        _require(name, str)
        expected = _ARGUMENT_TYPES.get(name)
        if expected and type(value).__name__ != expected:
            raise TypeError(f"expected {expected} object")
        if name in ("command", "response"):
            _check_element(value)
        try:
            self._pykea[name] = _unwrap(value)
        except _PykeaError as error:
            raise TypeError(str(error)) from error

    def setContext(self, name, value):
        _require(name, str)
        self._pykea.context[name] = value

    def getContext(self, name):
        _require(name, str)
        try:
            return self._pykea.context[name]
        except KeyError:
            raise TypeError("unable to find callout context associated with the current library "
                            f"(no context named {name!r})") from None

    def deleteContext(self, name):
        _require(name, str)
        self._pykea.context.pop(name, None)

    def getStatus(self):
        return int(self._pykea.status)

    def setStatus(self, status):
        self._pykea.status = _NextStep(_operator.index(status))


class _CommandHandle:
    """The CalloutHandle of a control command: its 'command' and the 'response' it sets."""

    def __init__(self, command) -> None:
        self._arguments = {"command": command}
        self._context: _Dict[str, _Any] = {}
        self._status = 0

    def getArgument(self, name):
        _require(name, str)
        if name not in ("command", "response"):
            raise ValueError("unknown argument")
        if name not in self._arguments:
            raise TypeError(f"unable to find argument with name {name}")
        return self._arguments[name]

    def setArgument(self, name, value):
        _require(name, str)
        if name not in ("command", "response"):
            raise ValueError("unknown argument")
        self._arguments[name] = _check_element(value)

    def setContext(self, name, value):
        self._context[_require(name, str)] = value

    def getContext(self, name):
        try:
            return self._context[_require(name, str)]
        except KeyError:
            raise TypeError("unable to find callout context associated with the current library "
                            f"(no context named {name!r})") from None

    def deleteContext(self, name):
        self._context.pop(_require(name, str), None)

    def getStatus(self):
        return self._status

    def setStatus(self, status):
        self._status = _operator.index(status)


def _command_handler(name, callout):
    """pykea's handler(arguments) -> response for a kea_python command callout(handle)."""
    def handler(arguments):
        command = {"command": name}
        if arguments is not None:
            command["arguments"] = arguments
        handle = _CommandHandle(command)
        result = callout(handle)
        if result not in (0, None):
            logger.debug(f"command callout for {name} returned {result!r}")
        try:
            response = handle.getArgument("response")
        except TypeError:
            return {"result": 1, "text": f"the handler of {name} set no response"}
        if isinstance(response, dict) and "result" in response:
            return response
        return {"result": 1, "text": f"the handler of {name} set a response without 'result'"}
    handler.__name__ = getattr(callout, "__name__", "handler")
    handler.__qualname__ = getattr(callout, "__qualname__", handler.__name__)
    return handler


class LibraryHandle(_Wrapper):
    """What load(handle) gets: registerCommandCallout(name, callout)."""

    _how_to_get = (": Kea makes it for load(); to load a hook module in a test, use "
                   "pykea.testing.KeaHooks")

    def registerCommandCallout(self, name, callout):
        _require(name, str)
        if not callable(callout):
            raise TypeError("callout must be callable")
        _kea_errors(self._pykea.register_command)(name, _command_handler(name, callout))

    def getParameter(self, name):
        """A hook parameter (an addition: kea_python's hooks read none but module)."""
        return self._pykea.parameters.get(_require(name, str))


# ---- options ---------------------------------------------------------------------------------

class Option(_Wrapper):
    """A DHCPv4 option: Option(code), then setBytes/setString/setUint8/16/32, addOption."""

    def __init__(self, type) -> None:
        self._pykea = _kea_errors(_Option)(_operator.index(type))

    def getType(self):
        return self._pykea.code

    def getBytes(self):
        return self._pykea.data

    def setBytes(self, data):
        _require(data, bytes)
        _kea_errors(setattr)(self._pykea, "data", data)
        return self

    def getString(self):
        return self._pykea.data.decode("utf-8")

    def setString(self, value):
        if not isinstance(value, str):
            raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")
        return self.setBytes(value.encode("utf-8"))

    def _get_uint(self, size):
        return int.from_bytes(self._pykea.data[:size], "big")

    def _set_uint(self, value, size):
        return self.setBytes(_operator.index(value).to_bytes(size, "big"))

    def getUint8(self):
        return self._get_uint(1)

    def setUint8(self, value):
        return self._set_uint(value, 1)

    def getUint16(self):
        return self._get_uint(2)

    def setUint16(self, value):
        return self._set_uint(value, 2)

    def getUint32(self):
        return self._get_uint(4)

    def setUint32(self, value):
        return self._set_uint(_require(value, int), 4)

    def addOption(self, option):
        _require_object(option, Option)
        _kea_errors(self._pykea.options.add)(option._pykea)
        return self

    def getOption(self, type):
        found = self._pykea.options.get(_operator.index(type))
        return None if found is None else Option._from_pykea(found)

    def pack(self):
        return self._pykea.wire

    def toText(self):
        return self._pykea.text


# ---- packets ---------------------------------------------------------------------------------

def _address_accessors(field):
    def get(self):
        return str(getattr(self._pykea, field))

    def set(self, address):
        setattr(self._pykea, field, _ipv4(address))
        return self

    return get, set


class Pkt4(_Wrapper):
    """A DHCPv4 packet: Pkt4(type, transid) or Pkt4(wire bytes)."""

    def __init__(self, *args) -> None:
        if len(args) == 1:
            self._pykea = _kea_errors(_Pkt4.from_wire)(_require(args[0], bytes))
        elif len(args) == 2:
            message_type = _operator.index(args[0])
            transid = _require(args[1], int, 2)
            self._pykea = _kea_errors(_Pkt4)(message_type, transid)
        else:
            raise TypeError(f"function takes exactly 2 arguments ({len(args)} given)")

    def getType(self):
        return int(self._pykea.type)

    def setType(self, type):
        self._pykea.type = _operator.index(type)

    def getFlags(self):
        return self._pykea.flags

    def setFlags(self, flags):
        _kea_errors(setattr)(self._pykea, "flags", _operator.index(flags))

    getLocalAddr, setLocalAddr = _address_accessors("local_addr")
    getRemoteAddr, setRemoteAddr = _address_accessors("remote_addr")
    getCiaddr, setCiaddr = _address_accessors("ciaddr")
    getGiaddr, setGiaddr = _address_accessors("giaddr")
    getSiaddr, setSiaddr = _address_accessors("siaddr")
    getYiaddr, setYiaddr = _address_accessors("yiaddr")

    def getHWAddr(self):
        return str(self._pykea.hwaddr)

    def setHWAddr(self, hwaddr):
        self._pykea.hwaddr = _hwaddr(hwaddr)
        return self

    def delOption(self, type):
        return self._pykea.options.discard(_operator.index(type))

    def addOption(self, option):
        _require_object(option, Option)
        _kea_errors(self._pykea.options.add)(option._pykea)
        return self

    def getOption(self, type):
        found = self._pykea.options.get(_operator.index(type))
        return None if found is None else Option._from_pykea(found)

    def toText(self):
        return self._pykea.text

    def pack(self):
        return _kea_errors(self._pykea.pack)()

    def unpack(self):
        _kea_errors(self._pykea.unpack)()


# ---- leases ----------------------------------------------------------------------------------

def _int_attribute(name):
    def get(self):
        return int(getattr(self._pykea, name))

    def set(self, value):
        if not isinstance(value, int):
            raise TypeError(f"the {name} attribute value must be an int")
        _kea_errors(setattr)(self._pykea, name, value)

    return property(get, set)


def _bool_attribute(name):
    def get(self):
        return bool(getattr(self._pykea, name))

    def set(self, value):
        if not isinstance(value, bool):
            raise TypeError(f"the {name} attribute value must be a bool")
        setattr(self._pykea, name, value)

    return property(get, set)


class Lease4(_Wrapper):
    """A DHCPv4 lease: attributes addr, hwaddr, client_id, valid_lft, cltt, subnet_id,
    hostname, fqdn_fwd, fqdn_rev, state; setContext/getContext; toElement."""

    def __init__(self) -> None:
        self._pykea = _Lease4("0.0.0.0")

    @property
    def addr(self):
        return str(self._pykea.address)

    @addr.setter
    def addr(self, value):
        if not isinstance(value, str):
            raise TypeError("the addr attribute value must be a str")
        self._pykea.address = _ipv4(value)

    valid_lft = _int_attribute("valid_lft")
    cltt = _int_attribute("cltt")
    subnet_id = _int_attribute("subnet_id")
    state = _int_attribute("state")
    fqdn_fwd = _bool_attribute("fqdn_fwd")
    fqdn_rev = _bool_attribute("fqdn_rev")

    @property
    def hostname(self):
        return self._pykea.hostname or None

    @hostname.setter
    def hostname(self, value):
        if value is not None and not isinstance(value, str):
            raise TypeError("the hostname attribute value must be a str")
        self._pykea.hostname = value or ""

    @property
    def hwaddr(self):
        found = self._pykea.hwaddr
        return None if found is None else str(found)

    @hwaddr.setter
    def hwaddr(self, value):
        self._pykea.hwaddr = None if value is None else _hwaddr(value)

    @property
    def client_id(self):
        found = self._pykea.client_id
        return None if found is None else str(found)

    @client_id.setter
    def client_id(self, value):
        self._pykea.client_id = None if value is None else _client_id(value)

    def setContext(self, context):
        _kea_errors(setattr)(self._pykea, "user_context", _check_element(context))
        return self

    def getContext(self):
        return self._pykea.user_context

    def toElement(self):
        if self._pykea.hwaddr is None:
            raise RuntimeError("hwaddr must not be empty")
        return _kea_errors(self._pykea.to_dict)()


class LeaseMgr:
    """The lease database (LeaseMgrFactory::instance())."""

    __slots__ = ()

    def __init__(self) -> None:
        try:
            available = _leasemgr.available()
        except _UnsupportedError as error:      # this Kea build has no lease database for pykea
            raise TypeError(f"no current lease manager is available ({error})") from None
        if not available:
            raise TypeError("no current lease manager is available")

    @_kea_errors
    def getLease4(self, addr=None, hwaddr=None, client_id=None, subnet_id=None):
        given = (addr is not None, hwaddr is not None, client_id is not None,
                 subnet_id is not None)
        if given == (True, False, False, False):
            return _lease_or_none(_leasemgr.get4(_ipv4(addr)))
        if given == (False, True, False, False):
            return _leases(_leasemgr.by_hwaddr(_hwaddr(hwaddr)))
        if given == (False, False, True, False):
            return _leases(_leasemgr.by_client_id(_client_id(client_id)))
        if given == (False, True, False, True):
            return _first(_leasemgr.by_hwaddr(_hwaddr(hwaddr), _operator.index(subnet_id)))
        if given[1:] == (False, True, True) and not given[0]:
            return _first(_leasemgr.by_client_id(_client_id(client_id), _operator.index(subnet_id)))
        if given == (False, True, True, True):
            hw = _hwaddr(hwaddr)
            found = [lease for lease in _leasemgr.by_client_id(_client_id(client_id),
                                                               _operator.index(subnet_id))
                     if lease.hwaddr == hw]
            return _first(found)
        raise TypeError("invalid argument combination")

    @_kea_errors
    def getLeases4(self, subnet_id=None, hostname=None, lower_bound_address=None, page_size=None):
        given = (subnet_id is not None, hostname is not None, lower_bound_address is not None,
                 page_size is not None)
        if given == (True, False, False, False):
            return _leases(_leasemgr.in_subnet4(_operator.index(subnet_id)))
        if given == (False, True, False, False):
            return _leases(_leasemgr.by_hostname4(_require(hostname, str)))
        if given == (False, False, False, False):
            return _leases(list(_leasemgr.all4()))
        if given == (False, False, True, True):
            return _leases(_leasemgr.page4(_ipv4(lower_bound_address), _operator.index(page_size)))
        raise TypeError("invalid argument combination")

    @_kea_errors
    def addLease(self, lease):
        _leasemgr.add(_require_object(lease, Lease4)._pykea)

    @_kea_errors
    def deleteLease(self, lease):
        if isinstance(lease, str):      # kea_python before Kea 1.7.3 took the address
            found = _leasemgr.get4(_ipv4(lease))
            return found is not None and _leasemgr.delete(found)
        return _leasemgr.delete(_require_object(lease, Lease4)._pykea)

    @_kea_errors
    def updateLease4(self, lease):
        _leasemgr.update(_require_object(lease, Lease4)._pykea)

    @_kea_errors
    def wipeLeases4(self, subnet_id):
        return _leasemgr.wipe4(_operator.index(subnet_id))


def _lease_or_none(lease):
    return None if lease is None else Lease4._from_pykea(lease)


def _first(leases):
    return _lease_or_none(leases[0] if leases else None)


def _leases(leases):
    return [Lease4._from_pykea(lease) for lease in leases]


# ---- configuration ---------------------------------------------------------------------------

def _parse(kind, config):
    """An object in Kea's configuration syntax, read by Kea's parser of its kind (pykea.cb);
    Kea's refusal, or pykea's UnsupportedError on Kea 2.2, as TypeError."""
    return _kea_errors(_cb.parse)(4, kind, config)


class Subnet4(_Wrapper):
    """A DHCPv4 subnet: one of the server's configuration (read only), or one built with
    Subnet4(prefix, length, t1, t2, valid_lifetime, id), parsed by Kea
    (Subnet4ConfigParser) or read from a configuration backend. The last three are
    pykea.cb objects, written to a backend with ConfigBackendPoolDHCPv4.createUpdateSubnet4."""

    __slots__ = ("_tags",)

    def __init__(self, prefix, length, t1, t2, valid_lifetime, id) -> None:
        """Kea's Subnet4(prefix, length, t1, t2, valid_lifetime, id), built by parsing the same
        subnet in Kea's configuration syntax; a None timer is left unspecified."""
        _require(prefix, str)
        config: _Dict[str, _Any] = {"subnet": f"{prefix}/{_operator.index(length)}"}
        timers = {"t1": ("renew-timer", t1), "t2": ("rebind-timer", t2),
                  "valid_lifetime": ("valid-lifetime", valid_lifetime)}
        for argument, (name, value) in timers.items():
            if value is not None and not isinstance(value, int):
                raise TypeError(f"'{argument}' must be int or None")
            if value is not None:
                config[name] = value
        config["id"] = _operator.index(id)
        self._pykea = _parse(_cb.Kind.SUBNET, config)
        self._tags: _Set[str] = set()

    _pykea: _Any    # the pykea object it stands for

    @classmethod
    def _from_cb(cls, obj) -> "Subnet4":
        wrapped = cls._from_pykea(obj)
        wrapped._tags = set(obj.server_tags)
        return wrapped

    def _configured(self):
        """Whether this is a subnet of the server's configuration (not a pykea.cb object)."""
        return isinstance(self._pykea, _config.Subnet)

    def _cb_object(self):
        """The subnet as pykea.cb writes it: a configured one parsed again from its printed
        form, as the backend stores it (with the name of its shared network)."""
        if not self._configured():
            return self._pykea
        return _parse(_cb.Kind.SUBNET, {**self._pykea.to_dict(),
                                        "shared-network-name": self._pykea.shared_network_name})

    def _element(self):
        return self._pykea.to_dict()

    def getID(self):
        return self._pykea.id if self._configured() else self._element()["id"]

    def getValid(self):
        if self._configured():
            return self._pykea.valid_lifetime
        return self._element().get("valid-lifetime")

    def inRange(self, addr):
        if self._configured():
            return self._pykea.in_range(_address(addr))
        return _address(addr) in _ipaddress.ip_network(self._element()["subnet"])

    def toText(self):
        return str(self._pykea.prefix) if self._configured() else self._element()["subnet"]

    def toElement(self):
        """Kea's Subnet4::toElement (which does not print the shared network's name)."""
        element = self._element()
        element.pop("shared-network-name", None)
        return element

    def getSharedNetworkName(self):
        if self._configured():
            return self._pykea.shared_network_name or ""
        return self._element()["shared-network-name"] or ""

    def setSharedNetworkName(self, name):
        """Names the shared network the subnet belongs to (what createUpdateSubnet4 stores)."""
        _require(name, str)
        self._require_built("setSharedNetworkName")
        self._pykea = _parse(_cb.Kind.SUBNET, {**self._element(), "shared-network-name": name})

    def getServerTags(self):
        """The tags of the servers a backend stored the subnet for; Kea writes by the server
        selector of createUpdateSubnet4, not by these."""
        self._require_built("getServerTags")
        return set(self._tags)

    def setServerTag(self, tag):
        self._require_built("setServerTag")
        self._tags.add(_server_tag(tag))

    def delServerTag(self, tag):
        self._require_built("delServerTag")
        tag = _server_tag(tag)
        if tag not in self._tags:
            raise TypeError(f"server tag '{tag}' is not set on the subnet")
        self._tags.remove(tag)

    def getMetadata(self):
        """Kea's StampedElement::getMetadata: {"server-tags": [...]}, sorted as Kea's set."""
        return {"server-tags": sorted(self.getServerTags())}

    def _require_built(self, method):
        if self._configured():
            raise TypeError(f"Subnet4.{method}: a subnet of the server's configuration is read "
                            "only under pykea; build one with kea.Subnet4(...) or "
                            "kea.Subnet4ConfigParser().parse(...)")


def _server_tag(tag):
    """A tag as Kea's ServerTag holds it: trimmed and in lower case; not empty, at most 256
    characters, and not "any" (which selects any server)."""
    tag = _require(tag, str).strip().lower()
    if not tag or len(tag) > 256:
        raise TypeError(f"server-tag must be 1 to 256 characters long, not {tag!r}")
    if tag == "any":
        raise TypeError("'any' is reserved and must not be used as a server-tag")
    return tag


def _subnet_or_none(subnet):
    return None if subnet is None else Subnet4._from_pykea(subnet)


class Subnet4ConfigParser:
    """Kea's parser of a "subnet4" map of the configuration."""

    def parse(self, config):
        return Subnet4._from_cb(_parse(_cb.Kind.SUBNET, config))


class CfgSubnets4(_Wrapper):
    """The subnets of a configuration (read only under pykea)."""

    def getAll(self):
        return [Subnet4._from_pykea(subnet) for subnet in self._pykea.subnets()]

    def getSubnet(self, subnet_id):
        return _subnet_or_none(self._pykea.subnet(_require(subnet_id, int)))

    def selectSubnet(self, addr):
        return _subnet_or_none(self._pykea.subnet_for_address(_address(addr)))

    def toElement(self):
        return [subnet.to_dict() for subnet in self._pykea.subnets()]


class SrvConfig(_Wrapper):
    """A server configuration (CfgMgr's current or staging one)."""

    def getCfgSubnets4(self):
        return CfgSubnets4._from_pykea(self._pykea)

    def toElement(self):
        return _kea_errors(self._pykea.to_dict)()


class CfgMgr(_Wrapper):
    """CfgMgr.instance().getCurrentCfg() / getStagingCfg()."""

    @classmethod
    def instance(cls):
        return cls._from_pykea(_config)

    @_kea_errors
    def getCurrentCfg(self):
        return SrvConfig._from_pykea(_config.current_config())

    @_kea_errors
    def getStagingCfg(self):
        return SrvConfig._from_pykea(_config.staging_config())


# ---- configuration backend (pykea.cb) ---------------------------------------------------------

class Server(_Wrapper):
    """A server of the configuration backend: Server(tag, description)."""

    def __init__(self, tag, description) -> None:
        _require(tag, str)
        _require(description, str, 2)
        self._pykea = _parse(_cb.Kind.SERVER, {"server-tag": tag, "description": description})

    def getServerTagAsText(self):
        return self._pykea.to_dict()["server-tag"]

    def getDescription(self):
        return self._pykea.to_dict()["description"]

    def toElement(self):
        return self._pykea.to_dict()


class ClientClassDef(_Wrapper):
    """A client class: ClientClassDef() is an empty one, which toElement refuses as
    kea_python's did; a class comes from ClientClassDefParser or a configuration backend."""

    def __init__(self) -> None:
        self._pykea = None

    def _defined(self):
        if self._pykea is None:
            raise RuntimeError("ClientClassDef object is not initialized")
        return self._pykea

    def getName(self):
        return self._defined().to_dict()["name"]

    def toElement(self):
        return self._defined().to_dict()


class ClientClassDictionary(_Wrapper):
    """The client classes ClientClassDefParser has parsed, in order."""

    def __init__(self) -> None:
        self._pykea = []

    def getClasses(self):
        return list(self._pykea)


_FAMILIES = {_socket.AF_INET: 4, _socket.AF_INET6: 6}


class ClientClassDefParser:
    """Kea's parser of a "client-classes" entry."""

    def parse(self, class_dictionary, config, family=_socket.AF_INET):
        """Parses one class into the dictionary; as in Kea's ClientClassDictionary, a name may
        be defined once. Unlike Kea's, the classes its test refers to are not looked up (it
        is parsed alone, as pykea.cb parses a class the backend stores)."""
        _require_object(class_dictionary, ClientClassDictionary)
        universe = _FAMILIES.get(_operator.index(family))
        if universe is None:
            raise TypeError(f"family must be AF_INET or AF_INET6, not {family}")
        parsed = ClientClassDef._from_pykea(
            _kea_errors(_cb.parse)(universe, _cb.Kind.CLIENT_CLASS, config))
        name = parsed.getName()
        if any(known.getName() == name for known in class_dictionary._pykea):
            raise TypeError(f"Client Class: {name} has already been defined")
        class_dictionary._pykea.append(parsed)


class ConfigBackendDHCPv4Mgr(_Wrapper):
    """ConfigBackendDHCPv4Mgr.instance(): Kea's manager of the DHCPv4 configuration backends,
    those the server's config-control names."""

    @classmethod
    def instance(cls):
        if not _features.feature("config-backend").available:
            raise TypeError(_features.feature("config-backend").reason)
        return cls._from_pykea(None)

    def addBackend(self, dbaccess):
        """Kea adds the backends of config-control when it configures the server (after its
        backend hook library has registered the type); pykea adds none of its own."""
        _require(dbaccess, str)
        raise TypeError("pykea uses the configuration backends of the server's config-control: "
                        f"name the database there instead of addBackend({dbaccess!r})")

    def getPool(self):
        return ConfigBackendPoolDHCPv4._from_pykea(None)


_BACKENDS = {"unspec": None, "mysql": {"type": "mysql"}, "postgresql": {"type": "postgresql"}}
_SELECTIONS = {"any": _cb.Servers.ANY, "all": _cb.Servers.ALL,
               "unassigned": _cb.Servers.UNASSIGNED}


def _backend(name):
    """Kea's BackendSelector by kea_python's names: "unspec" (each backend), "mysql",
    "postgresql"."""
    if name not in _BACKENDS:
        raise TypeError(f"unrecognised selector: {name}")
    return _cb.ConfigBackend(4, _BACKENDS[name])


def _servers(selector):
    """Kea's ServerSelector: "any", "all", "unassigned", a server tag, or a list of tags."""
    if isinstance(selector, str):
        return _SELECTIONS.get(selector) or _cb.Servers.tags(_server_tag(selector))
    if not isinstance(selector, list):
        raise TypeError("server selector must be string or list of strings")
    if not selector:
        raise TypeError("ServerSelector: expecting at least one server tag")
    for index, tag in enumerate(selector):
        if not isinstance(tag, str):
            raise TypeError(f"expected string for server selector element {index}")
    return _cb.Servers.tags(*map(_server_tag, selector))


class ConfigBackendPoolDHCPv4(_Wrapper):
    """Kea's ConfigBackendPoolDHCPv4 on pykea.cb: each call names the backend ("unspec",
    "mysql", "postgresql") and, but for servers, the servers (as _servers reads them)."""

    @_kea_errors
    def createUpdateServer4(self, backend, server):
        _require(backend, str)
        _require_object(server, Server, 2)
        _backend(backend).set(server._pykea)

    @_kea_errors
    def deleteServer4(self, backend, server_tag):
        _require(backend, str)
        _require(server_tag, str, 2)
        return _backend(backend).delete(_cb.Kind.SERVER, server_tag)

    @_kea_errors
    def getAllServers4(self, backend):
        _require(backend, str)
        return [Server._from_pykea(server)
                for server in _backend(backend).get_all(_cb.Kind.SERVER)]

    @_kea_errors
    def createUpdateSubnet4(self, backend, selector, subnet):
        _require(backend, str)
        _require_object(subnet, Subnet4, 3)
        pool, servers = _backend(backend), _servers(selector)
        pool.set(subnet._cb_object(), servers)

    @_kea_errors
    def getSubnet4(self, backend, selector, subnet_id):
        _require(backend, str)
        subnet_id = _operator.index(subnet_id)
        found = _backend(backend).get(_cb.Kind.SUBNET, subnet_id, _servers(selector))
        return None if found is None else Subnet4._from_cb(found)

    @_kea_errors
    def getAllSubnets4(self, backend, selector):
        _require(backend, str)
        pool, servers = _backend(backend), _servers(selector)
        return [Subnet4._from_cb(subnet) for subnet in pool.get_all(_cb.Kind.SUBNET, servers)]

    @_kea_errors
    def deleteSubnet4(self, backend, selector, subnet_id):
        _require(backend, str)
        subnet_id = _operator.index(subnet_id)
        return _backend(backend).delete(_cb.Kind.SUBNET, subnet_id, _servers(selector))

    @_kea_errors
    def createUpdateClientClass4(self, backend, selector, client_class, follow_class_name=""):
        _require(backend, str)
        _require_object(client_class, ClientClassDef, 3)
        _require(follow_class_name, str, 4)
        pool, servers = _backend(backend), _servers(selector)
        pool.set(client_class._defined(), servers, follow_class_name or None)

    @_kea_errors
    def getClientClass4(self, backend, selector, name):
        _require(backend, str)
        _require(name, str, 3)
        found = _backend(backend).get(_cb.Kind.CLIENT_CLASS, name, _servers(selector))
        return None if found is None else ClientClassDef._from_pykea(found)

    @_kea_errors
    def getAllClientClasses4(self, backend, selector):
        _require(backend, str)
        pool, servers = _backend(backend), _servers(selector)
        return [ClientClassDef._from_pykea(found)
                for found in pool.get_all(_cb.Kind.CLIENT_CLASS, servers)]

    @_kea_errors
    def deleteClientClass4(self, backend, selector, name):
        _require(backend, str)
        _require(name, str, 3)
        return _backend(backend).delete(_cb.Kind.CLIENT_CLASS, name, _servers(selector))


# ---- host reservations -----------------------------------------------------------------------

_IDENTIFIER_TYPES = {"hw-address": _IdentifierType.HWADDR, "duid": _IdentifierType.DUID,
                     "circuit-id": _IdentifierType.CIRCUIT_ID,
                     "client-id": _IdentifierType.CLIENT_ID, "flex-id": _IdentifierType.FLEX}


def _identifier(identifier_type, identifier):
    kind = _IDENTIFIER_TYPES.get(_require(identifier_type, str, 2))
    if kind is None:
        raise TypeError(f"invalid host identifier type '{identifier_type}': use one of "
                        + ", ".join(_IDENTIFIER_TYPES))
    return _hosts.parse_identifier(_require(identifier, str, 3)), kind


class Host(_Wrapper):
    """A host reservation: getHostId(), toElement()."""

    _how_to_get = ': make one with kea.HostReservationParser4().parse(subnet_id, reservation)'

    def getHostId(self):
        return self._pykea.id

    def toElement(self):
        return self._pykea.to_dict(4)


def _host_or_none(host):
    return None if host is None else Host._from_pykea(host)


def _host_list(hosts):
    return [Host._from_pykea(host) for host in hosts]


class HostReservationParser4:
    """Kea's parser of a reservation map, as in the configuration."""

    @_kea_errors
    def parse(self, subnet_id, reservation):
        _require(reservation, dict, 2)
        return Host._from_pykea(_hosts.parse(reservation, 4, _operator.index(subnet_id)))


class HostMgr(_Wrapper):
    """HostMgr.instance(): add, get, getAll4, getPage4, del_, del4."""

    @classmethod
    def instance(cls):
        return cls._from_pykea(_hosts)

    @_kea_errors
    def add(self, host):
        _hosts.add(_require_object(host, Host)._pykea)

    @_kea_errors
    def get(self, subnet_id, *args):
        subnet_id = _require(subnet_id, int)
        if len(args) == 1:
            return _host_or_none(_hosts.get_by_address(subnet_id, _address(args[0])))
        if len(args) != 2:
            raise TypeError(f"function takes 2 or 3 arguments ({len(args) + 1} given)")
        data, kind = _identifier(*args)
        return _host_or_none(_hosts.get4(subnet_id, data, kind))

    @_kea_errors
    def getAll4(self, subnet_id):
        return _host_list(_hosts.get_all4(_require(subnet_id, int)))

    @_kea_errors
    def getPage4(self, subnet_id, source_index, lower_host_id, page_size):
        found, index = _hosts.page(4, _operator.index(page_size), _operator.index(source_index),
                                   _operator.index(lower_host_id), _require(subnet_id, int))
        return _host_list(found), index

    @_kea_errors
    def del_(self, subnet_id, ip_address):
        return _hosts.delete(_require(subnet_id, int), _address(ip_address))

    @_kea_errors
    def del4(self, subnet_id, identifier_type, identifier):
        data, kind = _identifier(identifier_type, identifier)
        return _hosts.delete4(_require(subnet_id, int), data, kind)


# ---- constants -------------------------------------------------------------------------------

BOOTREQUEST = 1
BOOTREPLY = 2

NEXT_STEP_CONTINUE = int(_NextStep.CONTINUE)
NEXT_STEP_SKIP = int(_NextStep.SKIP)
NEXT_STEP_DROP = int(_NextStep.DROP)
NEXT_STEP_PARK = int(_NextStep.PARK)

STATE_DEFAULT = 0
STATE_DECLINED = 1
STATE_EXPIRED_RECLAIMED = 2

# DHCPv4 option codes by Kea's dhcp4.h names (the IANA registry's numbers);
# tests/unit/test_compat_kea_python.py checks them against Kea's own option definitions.
_OPTION_CODES = """
PAD 0 SUBNET_MASK 1 TIME_OFFSET 2 ROUTERS 3 TIME_SERVERS 4 NAME_SERVERS 5
DOMAIN_NAME_SERVERS 6 LOG_SERVERS 7 COOKIE_SERVERS 8 LPR_SERVERS 9 IMPRESS_SERVERS 10
RESOURCE_LOCATION_SERVERS 11 HOST_NAME 12 BOOT_SIZE 13 MERIT_DUMP 14 DOMAIN_NAME 15
SWAP_SERVER 16 ROOT_PATH 17 EXTENSIONS_PATH 18 IP_FORWARDING 19 NON_LOCAL_SOURCE_ROUTING 20
POLICY_FILTER 21 MAX_DGRAM_REASSEMBLY 22 DEFAULT_IP_TTL 23 PATH_MTU_AGING_TIMEOUT 24
PATH_MTU_PLATEAU_TABLE 25 INTERFACE_MTU 26 ALL_SUBNETS_LOCAL 27 BROADCAST_ADDRESS 28
PERFORM_MASK_DISCOVERY 29 MASK_SUPPLIER 30 ROUTER_DISCOVERY 31 ROUTER_SOLICITATION_ADDRESS 32
STATIC_ROUTES 33 TRAILER_ENCAPSULATION 34 ARP_CACHE_TIMEOUT 35 IEEE802_3_ENCAPSULATION 36
DEFAULT_TCP_TTL 37 TCP_KEEPALIVE_INTERVAL 38 TCP_KEEPALIVE_GARBAGE 39 NIS_DOMAIN 40
NIS_SERVERS 41 NTP_SERVERS 42 VENDOR_ENCAPSULATED_OPTIONS 43 NETBIOS_NAME_SERVERS 44
NETBIOS_DD_SERVER 45 NETBIOS_NODE_TYPE 46 NETBIOS_SCOPE 47 FONT_SERVERS 48 X_DISPLAY_MANAGER 49
DHCP_REQUESTED_ADDRESS 50 DHCP_LEASE_TIME 51 DHCP_OPTION_OVERLOAD 52 DHCP_MESSAGE_TYPE 53
DHCP_SERVER_IDENTIFIER 54 DHCP_PARAMETER_REQUEST_LIST 55 DHCP_MESSAGE 56
DHCP_MAX_MESSAGE_SIZE 57 DHCP_RENEWAL_TIME 58 DHCP_REBINDING_TIME 59 VENDOR_CLASS_IDENTIFIER 60
DHCP_CLIENT_IDENTIFIER 61 NWIP_DOMAIN_NAME 62 NWIP_SUBOPTIONS 63 NISP_DOMAIN_NAME 64
NISP_SERVER_ADDR 65 TFTP_SERVER_NAME 66 BOOT_FILE_NAME 67 HOME_AGENT_ADDRS 68 SMTP_SERVER 69
POP3_SERVER 70 NNTP_SERVER 71 WWW_SERVER 72 FINGER_SERVER 73 IRC_SERVER 74
STREETTALK_SERVER 75 STDASERVER 76 USER_CLASS 77 DIRECTORY_AGENT 78 SERVICE_SCOPE 79 FQDN 81
DHCP_AGENT_OPTIONS 82 NDS_SERVERS 85 NDS_TREE_NAME 86 NDS_CONTEXT 87
BCMCS_DOMAIN_NAME_LIST 88 BCMCS_IPV4_ADDR 89 AUTHENTICATE 90 CLIENT_LAST_TRANSACTION_TIME 91
ASSOCIATED_IP 92 SYSTEM 93 NDI 94 UUID_GUID 97 USER_AUTH 98 GEOCONF_CIVIC 99 PCODE 100
TCODE 101 NETINFO_ADDR 112 NETINFO_TAG 113 V4_CAPTIVE_PORTAL 114 AUTO_CONFIG 116
NAME_SERVICE_SEARCH 117 SUBNET_SELECTION 118 DOMAIN_SEARCH 119 VIVCO_SUBOPTIONS 124
VIVSO_SUBOPTIONS 125 PANA_AGENT 136 V4_LOST 137 CAPWAP_AC_V4 138
SIP_UA_CONF_SERVICE_DOMAINS 141 RDNSS_SELECT 146 V4_PORTPARAMS 159 6RD 212
V4_ACCESS_DOMAIN 213 END 255
"""

# Relay agent information (option 82) sub-option codes.
_RAI_CODES = """
AGENT_CIRCUIT_ID 1 REMOTE_ID 2 DOCSIS_DEVICE_CLASS 4 LINK_SELECTION 5 SUBSCRIBER_ID 6
RADIUS 7 AUTH 8 VSI 9 RELAY_FLAGS 10 SERVER_ID_OVERRIDE 11 RELAY_ID 12 ACCESS_TECHNO_TYPE 13
ACCESS_NETWORK_NAME 14 ACCESS_POINT_NAME 15 ACCESS_POINT_BSSID 16 OPERATOR_ID 17
OPERATOR_REALM 18 RELAY_PORT 19 VIRTUAL_SUBNET_SELECT 151 VIRTUAL_SUBNET_SELECT_CTRL 152
"""


def _table(prefix, text):
    words = text.split()
    return {prefix + name: int(code) for name, code in zip(words[::2], words[1::2])}


DHCP_NOTYPE = 0
_CONSTANTS = {**_table("DHO_", _OPTION_CODES), **_table("RAI_OPTION_", _RAI_CODES),
              **{"DHCP" + t.name: int(t) for t in _MessageType}}
globals().update(_CONSTANTS)
DHCP_TYPES_EOF = max(int(t) for t in _MessageType) + 1
DHCP4_CLIENT_PORT = 68
DHCP4_SERVER_PORT = 67
DHCP_OPTIONS_COOKIE = 0x63825363

IDENT_HWADDR = int(_IdentifierType.HWADDR)
IDENT_DUID = int(_IdentifierType.DUID)
IDENT_CIRCUIT_ID = int(_IdentifierType.CIRCUIT_ID)
IDENT_CLIENT_ID = int(_IdentifierType.CLIENT_ID)
IDENT_FLEX = int(_IdentifierType.FLEX)

# ``from kea import *`` gives kea_python's names only (its examples build tables from
# globals() afterwards, so nothing of this module's own may leak in).
__all__ = sorted(name for name, value in list(globals().items())
                 if not name.startswith("_") and name not in ("annotations",))
