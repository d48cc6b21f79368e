"""The server's configuration: Kea's subnets, shared networks and SrvConfig as Python objects.

``pykea.config.current()`` is the running configuration as plain Python data (what
``config-get`` shows); ``current_config()`` the same configuration as a :class:`Config` with
lookups: ``subnets()``, ``subnet(id)``, ``subnet_by_prefix(prefix)``,
``subnet_for_address(address)``, ``shared_networks()``, ``shared_network(name)``,
``select_subnet(query)`` (the subnet Kea selects for a packet) and ``get_global(name)``. The
module-level functions of the same names look in the running configuration.

Subnet and SharedNetwork objects refer to Kea's own (read-only) objects: nothing is read until
a property is asked for. Kea 2.2 (Debian's kea-dev lacks dhcpsrv/cfg_globals.h) has none of
this: the calls raise UnsupportedError with the reason (see ``pykea.features``).
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, NamedTuple, Optional, Union, cast

from . import _address
from ._bindings import check, encode, ffi, lib, scratch, text_result
from .errors import NotFoundError

if TYPE_CHECKING:
    from .packet import Pkt

__all__ = ["Config", "DdnsParams", "NetworkState", "Pool", "SharedNetwork", "SharedNetwork4",
           "SharedNetwork6", "Subnet", "Subnet4", "Subnet6", "current", "current_config",
           "get_global", "select_subnet", "shared_network", "shared_networks", "staging",
           "staging_config", "subnet", "subnet_by_prefix", "subnet_for_address", "subnets"]

_NA, _PD, _V4 = lib.PYKEA_LEASE_TYPE_NA, lib.PYKEA_LEASE_TYPE_PD, lib.PYKEA_LEASE_TYPE_V4



def _text(status: int) -> str:
    return text_result(status, scratch.text)


def _lines(status: int) -> List[str]:
    return _split_lines(_text(status))


def _json(status: int) -> Any:
    return json.loads(_text(status))


def _split_lines(text: str) -> List[str]:
    return text.split("\n") if text else []


def _text_property(call, parse: Callable[[str], Any] = str, doc: Optional[str] = None,
                   returns: Any = str) -> property:
    """A read-only property over ``call(handle, const char **text)``, its text turned into the
    value by ``parse`` (``returns`` is the type it makes, for the API reference)."""
    def get(self) -> Any:
        return parse(_text(call(self._ptr, scratch.text)))
    get.__annotations__["return"] = returns
    return property(get, doc=doc)


def _wrap_owned(cls, pointer, free):
    """An owned handle as an instance of ``cls``, or None for NULL."""
    if pointer == ffi.NULL:
        return None
    wrapped = object.__new__(cls)
    wrapped._ptr = ffi.gc(pointer, free)
    return wrapped


def _wrap_by_universe(pointer, free, universe, v4_class, v6_class):
    """An owned handle as an instance of the class for its universe, or None for NULL."""
    if pointer == ffi.NULL:
        return None
    pointer = ffi.gc(pointer, free)
    check(universe(pointer, scratch.int))
    wrapped = object.__new__(v4_class if scratch.int[0] == 4 else v6_class)
    wrapped._ptr = pointer
    return wrapped


class Pool(NamedTuple):
    """An address pool, first to last address; for DHCPv6 prefix delegation the first and last
    address of the prefix pool (2001:db8:8000:: to 2001:db8:8000:ffff:ffff:ffff:ffff:ffff for
    2001:db8:8000::/48), handed out as prefixes of delegated_length."""

    first: Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
    last: Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
    delegated_length: Optional[int] = None    # PD pools: the length of each delegated prefix
    id: int = 0    # Kea's pool-id: the N of the subnet[ID].pool[N].* statistics

    def __contains__(self, address: object) -> bool:
        """Whether ``address`` (text or an ipaddress address) lies in the pool."""
        # An address of the other family raises TypeError, as ipaddress's comparisons do.
        address = ipaddress.ip_address(address)     # type: ignore[arg-type]
        return self.first <= address <= self.last   # type: ignore[operator]


class Subnet:
    """What Kea's Subnet4 and Subnet6 share. Compare with ``==`` (the same Kea subnet)."""

    __slots__ = ("_ptr",)
    _ptr: Any       # the owned handle

    @classmethod
    def _wrap(cls, pointer) -> Optional["Subnet"]:
        return _wrap_by_universe(pointer, lib.pykea_subnet_free, lib.pykea_subnet_universe,
                                 Subnet4, Subnet6)

    @property
    def id(self) -> int:
        """The subnet's id: its "id" in the configuration, a lease's subnet_id."""
        check(lib.pykea_subnet_id(self._ptr, scratch.u32))
        return scratch.u32[0]

    @property
    def prefix(self) -> Union[ipaddress.IPv4Network, ipaddress.IPv6Network]:
        """The subnet as an ipaddress.IPv4Network or IPv6Network."""
        s = scratch
        check(lib.pykea_subnet_prefix(self._ptr, s.address, s.u8))
        return ipaddress.ip_network(f"{_address.from_c(s.address)}/{s.u8[0]}")

    def _lifetime(self, which: int) -> Optional[int]:
        s = scratch
        check(lib.pykea_subnet_lifetime(self._ptr, which, s.int, s.u32))
        return s.u32[0] if s.int[0] else None

    @property
    def valid_lifetime(self) -> Optional[int]:
        """valid-lifetime in seconds as Kea applies it (inherited from the shared network or
        the globals when the subnet does not set it); None when it is nowhere set."""
        return self._lifetime(lib.PYKEA_LIFETIME_VALID)

    @property
    def t1(self) -> Optional[int]:
        """renew-timer in seconds (inherited like valid_lifetime), or None."""
        return self._lifetime(lib.PYKEA_LIFETIME_T1)

    @property
    def t2(self) -> Optional[int]:
        """rebind-timer in seconds (inherited like valid_lifetime), or None."""
        return self._lifetime(lib.PYKEA_LIFETIME_T2)

    def _pools(self, kind: int) -> List[Pool]:
        s = scratch
        check(lib.pykea_subnet_pool_count(self._ptr, kind, s.size))
        pools = []
        for index in range(s.size[0]):
            check(lib.pykea_subnet_pool(self._ptr, kind, index, s.address, s.address2, s.u8,
                                        s.u64))
            pools.append(Pool(_address.from_c(s.address), _address.from_c(s.address2),
                              s.u8[0] if kind == _PD else None, s.u64[0]))
        return pools

    shared_network_name = _text_property(
        lib.pykea_subnet_shared_network_name, lambda name: name or None,
        "The name of the shared network the subnet belongs to, or None.", Optional[str])
    client_classes = _text_property(
        lib.pykea_subnet_client_classes, _split_lines,
        "The subnet's own client class (client-class before Kea 3.0, client-classes from 3.0).",
        List[str])
    user_context = _text_property(lib.pykea_subnet_user_context, json.loads,
                                  "The subnet's user-context (a dict), or None.", Optional[dict])
    relay_addresses = _text_property(
        lib.pykea_subnet_relay_addresses,
        lambda text: [ipaddress.ip_address(line) for line in _split_lines(text)],
        "The relay ip-addresses configured for the subnet.", List[_address.IPAddress])
    options = _text_property(lib.pykea_subnet_options, json.loads,
                             "The subnet's option-data, as in the configuration (a list of dicts).",
                             List[dict])

    def in_range(self, address: Union[str, int, _address.IPAddress]) -> bool:
        """Whether ``address`` lies in the subnet's prefix (Kea's Subnet::inRange)."""
        s = scratch
        _address.to_c(address, s.address)
        check(lib.pykea_subnet_in_range(self._ptr, s.address, s.int))
        return bool(s.int[0])

    __contains__ = in_range

    def to_dict(self) -> dict:
        """The subnet as Kea writes it in its configuration (Subnet::toElement)."""
        return _json(lib.pykea_subnet_json(self._ptr, scratch.text))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Subnet):
            return NotImplemented
        check(lib.pykea_subnet_same(self._ptr, other._ptr, scratch.int))
        return bool(scratch.int[0])

    def __hash__(self) -> int:
        return hash((type(self), self.id))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.prefix}>"


class Subnet4(Subnet):
    """A DHCPv4 subnet (Kea's Subnet4)."""

    __slots__ = ()

    @property
    def pools(self) -> List[Pool]:
        """The address pools."""
        return self._pools(_V4)


class Subnet6(Subnet):
    """A DHCPv6 subnet (Kea's Subnet6)."""

    __slots__ = ()

    @property
    def preferred_lifetime(self) -> Optional[int]:
        """preferred-lifetime in seconds (inherited like valid_lifetime), or None."""
        return self._lifetime(lib.PYKEA_LIFETIME_PREFERRED)

    @property
    def pools(self) -> List[Pool]:
        """The address (IA_NA) pools."""
        return self._pools(_NA)

    @property
    def pd_pools(self) -> List[Pool]:
        """The prefix delegation (IA_PD) pools, each with its delegated_length."""
        return self._pools(_PD)


def _subnet_or_none(lookup, *arguments) -> Optional[Subnet]:
    """The subnet a pykea_config_* lookup finds, or None when it finds none (PYKEA_NOT_FOUND)."""
    try:
        check(lookup(*arguments, scratch.subnet))
    except NotFoundError:
        return None
    return Subnet._wrap(scratch.subnet[0])


def _wrap_subnet_list(pointer) -> List[Subnet]:
    """Turns an owned pykea_subnet_list into a list of Subnet objects and frees it."""
    try:
        s = scratch
        check(lib.pykea_subnet_list_size(pointer, s.size))
        subnets = []
        for index in range(s.size[0]):
            check(lib.pykea_subnet_list_get(pointer, index, s.subnet))
            subnets.append(cast(Subnet, Subnet._wrap(s.subnet[0])))     # never NULL here
        return subnets
    finally:
        lib.pykea_subnet_list_free(pointer)


class SharedNetwork:
    """A shared network (Kea's SharedNetwork4 or SharedNetwork6): subnets on one link."""

    __slots__ = ("_ptr",)
    _ptr: Any       # the owned handle

    @classmethod
    def _wrap(cls, pointer) -> Optional["SharedNetwork"]:
        return _wrap_by_universe(pointer, lib.pykea_shared_network_free,
                                 lib.pykea_shared_network_universe, SharedNetwork4, SharedNetwork6)

    name = _text_property(lib.pykea_shared_network_name, doc="The shared network's name.")

    @property
    def subnets(self) -> List[Subnet]:
        """The subnets in the shared network."""
        check(lib.pykea_shared_network_subnets(self._ptr, scratch.subnet_list))
        return _wrap_subnet_list(scratch.subnet_list[0])

    def to_dict(self) -> dict:
        """The shared network as Kea writes it in its configuration, with its subnets."""
        return _json(lib.pykea_shared_network_json(self._ptr, scratch.text))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class SharedNetwork4(SharedNetwork):
    """A DHCPv4 shared network (Kea's SharedNetwork4)."""

    __slots__ = ()


class SharedNetwork6(SharedNetwork):
    """A DHCPv6 shared network (Kea's SharedNetwork6)."""

    __slots__ = ()


class Config:
    """A server configuration (Kea's SrvConfig): the running one (``current_config()``), the
    one being applied (``staging_config()``, and the server_config argument of
    dhcp4_srv_configured / dhcp6_srv_configured). Lookups search the subnets and shared
    networks of the server's address family."""

    __slots__ = ("_ptr",)
    _ptr: Any       # the owned handle

    @classmethod
    def _wrap(cls, pointer) -> Optional["Config"]:
        return _wrap_owned(cls, pointer, lib.pykea_config_free)

    def to_dict(self) -> dict:
        """The configuration as Python data (SrvConfig::toElement, what config-get returns)."""
        return _json(lib.pykea_config_json(self._ptr, scratch.text))

    def subnets(self) -> List[Subnet]:
        """Every subnet of the server's address family, in the configuration's order."""
        check(lib.pykea_config_subnets(self._ptr, scratch.subnet_list))
        return _wrap_subnet_list(scratch.subnet_list[0])

    def subnet(self, subnet_id: int) -> Optional[Subnet]:
        """The subnet with this id, or None."""
        if not 0 <= subnet_id <= 0xFFFFFFFF:
            raise ValueError(f"a subnet id is 0 to 4294967295, not {subnet_id}")
        return _subnet_or_none(lib.pykea_config_subnet_by_id, self._ptr, subnet_id)

    def subnet_by_prefix(self, prefix: Union[str, _address.IPNetwork]) -> Optional[Subnet]:
        """The subnet configured as ``prefix`` ("192.0.2.0/24" or an ipaddress network), or None."""
        network = ipaddress.ip_network(prefix)
        return _subnet_or_none(lib.pykea_config_subnet_by_prefix, self._ptr, encode(str(network)))

    def subnet_for_address(self, address: Union[str, int, _address.IPAddress]) -> Optional[Subnet]:
        """The first subnet whose prefix holds ``address``, or None."""
        _address.to_c(address, scratch.address)
        return _subnet_or_none(lib.pykea_config_subnet_for_address, self._ptr, scratch.address)

    def shared_networks(self) -> List[SharedNetwork]:
        """Every shared network of the server's address family."""
        names = _lines(lib.pykea_config_shared_network_names(self._ptr, scratch.text))
        return [cast(SharedNetwork, self.shared_network(name)) for name in names]

    def shared_network(self, name: str) -> Optional[SharedNetwork]:
        """The shared network called ``name``, or None."""
        try:
            check(lib.pykea_config_shared_network(self._ptr, encode(name), scratch.shared_network))
        except NotFoundError:
            return None
        return SharedNetwork._wrap(scratch.shared_network[0])

    def select_subnet(self, query: Pkt) -> Optional[Subnet]:
        """The subnet Kea selects for ``query`` (a Pkt4 or Pkt6), as its subnet4_select /
        subnet6_select does before callouts: CfgSubnets::selectSubnet(initSelector(query)),
        by relay address, interface, client classes and so on. None if no subnet fits."""
        return _subnet_or_none(lib.pykea_config_select_subnet, self._ptr, query._ptr)

    def get_global(self, name: str) -> Any:
        """A global parameter as configured (e.g. "valid-lifetime"), or None if not set."""
        try:
            return _json(lib.pykea_config_global(self._ptr, encode(name), scratch.text))
        except NotFoundError:
            return None


def current_config() -> Config:
    """The configuration the server runs with (CfgMgr's current configuration)."""
    check(lib.pykea_config_current(scratch.config))
    return cast(Config, Config._wrap(scratch.config[0]))


def staging_config() -> Config:
    """The configuration being parsed or applied (CfgMgr's staging configuration)."""
    check(lib.pykea_config_staging(scratch.config))
    return cast(Config, Config._wrap(scratch.config[0]))


def current() -> dict:
    """The running configuration as plain Python data."""
    return current_config().to_dict()


def staging() -> dict:
    """The staging configuration as plain Python data."""
    return staging_config().to_dict()


# The lookups of Config, on the running configuration.

def subnets() -> List[Subnet]:
    """Config.subnets on the running configuration."""
    return current_config().subnets()


def subnet(subnet_id: int) -> Optional[Subnet]:
    """Config.subnet on the running configuration."""
    return current_config().subnet(subnet_id)


def subnet_by_prefix(prefix: Union[str, _address.IPNetwork]) -> Optional[Subnet]:
    """Config.subnet_by_prefix on the running configuration."""
    return current_config().subnet_by_prefix(prefix)


def subnet_for_address(address: Union[str, int, _address.IPAddress]) -> Optional[Subnet]:
    """Config.subnet_for_address on the running configuration."""
    return current_config().subnet_for_address(address)


def shared_networks() -> List[SharedNetwork]:
    """Config.shared_networks on the running configuration."""
    return current_config().shared_networks()


def shared_network(name: str) -> Optional[SharedNetwork]:
    """Config.shared_network on the running configuration."""
    return current_config().shared_network(name)


def select_subnet(query: Pkt) -> Optional[Subnet]:
    """Config.select_subnet on the running configuration."""
    return current_config().select_subnet(query)


def get_global(name: str) -> Any:
    """Config.get_global on the running configuration."""
    return current_config().get_global(name)


class NetworkState:
    """Whether the server serves DHCP (Kea's NetworkState, the network_state argument of
    dhcp4_srv_configured / dhcp6_srv_configured). It stays usable after the callout."""

    __slots__ = ("_ptr",)
    _ptr: Any       # the owned handle

    @classmethod
    def _wrap(cls, pointer) -> Optional["NetworkState"]:
        return _wrap_owned(cls, pointer, lib.pykea_network_state_free)

    @property
    def enabled(self) -> bool:
        """Whether the DHCP service is enabled (NetworkState::isServiceEnabled)."""
        check(lib.pykea_network_state_enabled(self._ptr, scratch.int))
        return bool(scratch.int[0])

    def disable(self) -> None:
        """Stops DHCP service as the dhcp-disable command does (dhcp-enable undoes it)."""
        check(lib.pykea_network_state_set_enabled(self._ptr, 0))

    def enable(self) -> None:
        """Undoes disable(), as the dhcp-enable command does."""
        check(lib.pykea_network_state_set_enabled(self._ptr, 1))

    def __repr__(self) -> str:
        return f"<NetworkState {'enabled' if self.enabled else 'disabled'}>"


@dataclass(frozen=True)
class DdnsParams:
    """The DDNS parameters Kea applies to a client (the ddns-params argument of ddns4_update /
    ddns6_update): Kea's DdnsParams getters. ttl, ttl_min and ttl_max exist from Kea 3.0; they
    and ttl_percent are None when not configured."""

    enable_updates: bool
    override_no_update: bool
    override_client_update: bool
    replace_client_name: str        # "never", "always", "when-present", "when-not-present"
    generated_prefix: str
    qualifying_suffix: str
    hostname_char_set: str
    hostname_char_replacement: str
    update_on_renew: bool
    conflict_resolution_mode: str
    subnet_id: int
    ttl_percent: Optional[float] = None
    ttl: Optional[int] = None
    ttl_min: Optional[int] = None
    ttl_max: Optional[int] = None


# ---- callout arguments (pykea.handle's accessors) ---------------------------------------------

def _get_subnet(universe: int):
    def get(handle, name):
        check(lib.pykea_handle_get_subnet(handle, name, universe, scratch.subnet))
        return Subnet._wrap(scratch.subnet[0])
    return get


def _set_subnet(universe: int):
    kind = Subnet4 if universe == 4 else Subnet6

    def set(handle, name, value: Optional[Subnet]):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{name.decode()} takes a {kind.__name__} or None, not "
                            f"{type(value).__name__}")
        check(lib.pykea_handle_set_subnet(handle, name, universe,
                                          value._ptr if value is not None else ffi.NULL))
    return set


def _get_subnet_collection(universe: int):
    def get(handle, name):
        check(lib.pykea_handle_get_subnet_list(handle, name, universe, scratch.subnet_list))
        return _wrap_subnet_list(scratch.subnet_list[0])
    return get


get_subnet4, set_subnet4 = _get_subnet(4), _set_subnet(4)
get_subnet6, set_subnet6 = _get_subnet(6), _set_subnet(6)
get_subnet4_collection, get_subnet6_collection = _get_subnet_collection(4), _get_subnet_collection(6)


def get_server_config(handle, name) -> Optional[Config]:
    check(lib.pykea_handle_get_config(handle, name, scratch.config))
    return Config._wrap(scratch.config[0])


def get_network_state(handle, name) -> Optional[NetworkState]:
    check(lib.pykea_handle_get_network_state(handle, name, scratch.network_state))
    return NetworkState._wrap(scratch.network_state[0])


def get_ddns_params(handle, name) -> Optional[DdnsParams]:
    values = _json(lib.pykea_handle_get_ddns_params(handle, name, scratch.text))
    return DdnsParams(**values) if values is not None else None


def get_address(handle, name) -> _address.IPAddress:
    check(lib.pykea_handle_get_address(handle, name, scratch.address))
    return _address.from_c(scratch.address)
