"""Kea's configuration backend: the servers, subnets, shared networks, option definitions,
global options, client classes and global parameters a database holds for Kea servers to fetch
(``config-control``), read and written through Kea's ConfigBackendDHCPv4Mgr/DHCPv6Mgr::

    from pykea import cb

    backend = cb.ConfigBackend(4)                       # every backend of config-control
    subnet = cb.parse(4, cb.Kind.SUBNET, {"id": 5, "subnet": "192.0.2.0/24",
                                          "pools": [{"pool": "192.0.2.10 - 192.0.2.99"}]})
    backend.set(subnet, cb.Servers.ALL)                 # Kea's createUpdateSubnet4
    backend.get(cb.Kind.SUBNET, 5).to_dict()            # Kea's toElement of what it stored
    backend.delete(cb.Kind.SUBNET, "192.0.2.0/24")      # 1

The backends are those the server's ``config-control`` names; a backend hook library (Kea 2.6's
``libdhcp_pgsql_cb.so``, Kea 3.0's ``libdhcp_pgsql.so``) must be loaded for its type. Objects are
written in Kea's configuration syntax and read by Kea's own parsers (:func:`parse`; a parser's
refusal is an InvalidArgumentError with Kea's reason). An object is named (``key``) by kind:

========================  ==========================================
SERVER                    its server tag
SUBNET                    its id (int) or prefix ("192.0.2.0/24")
SHARED_NETWORK            its name
OPTION_DEF, OPTION        (code, space)
CLIENT_CLASS              its name
GLOBAL_PARAMETER          its name
========================  ==========================================

Options of a subnet, shared network, pool or prefix delegation pool are written with
:meth:`ConfigBackend.set_option` and removed with :meth:`ConfigBackend.delete_option` under a
:class:`Scope` (the backend returns them as part of that subnet or network)::

    option = cb.parse(4, cb.Kind.OPTION, {"name": "domain-name-servers", "data": "192.0.2.53"})
    backend.set_option(option, cb.Scope.SUBNET, 5)
    backend.set_option(option, cb.Scope.POOL, "192.0.2.10 - 192.0.2.99")
    backend.delete_option(cb.Scope.SHARED_NETWORK, "floor-1", 6, "dhcp4")

``servers`` selects as Kea's ServerSelector does: :attr:`Servers.ANY`, :attr:`Servers.ALL`,
:attr:`Servers.UNASSIGNED` or ``Servers.tags("server1", ...)``; servers themselves are read and
written without one. With Kea 2.2 every call raises UnsupportedError (``pykea.features``:
"config-backend").
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple, Union

from ._bindings import check, encode, ffi, lib, scratch, text_result
from .enums import CbKind as Kind, CbOptionScope as Scope, CbServers
from .errors import NotFoundError

__all__ = ["ConfigBackend", "Kind", "Object", "Scope", "Servers", "parse"]

Key = Union[str, int, Tuple[int, str]]


class Servers:
    """Which servers a call reads or writes for (Kea's ServerSelector)."""

    ANY: "Servers"          #: whichever servers an object is for, or none (Kea's ANY)
    ALL: "Servers"          #: the objects shared by all servers (Kea's ALL)
    UNASSIGNED: "Servers"   #: the objects assigned to no server (Kea's UNASSIGNED)

    def __init__(self, selection: CbServers, tags: Tuple[str, ...] = ()) -> None:
        self.selection: CbServers = selection   #: the kind of selection (Kea's ServerSelector type)
        self.tags_: Tuple[str, ...] = tags      #: the server tags of a TAGS selection

    @classmethod
    def tags(cls, *tags: str) -> "Servers":
        """The servers with these tags (one: Kea's ONE, several: MULTIPLE)."""
        if not tags or not all(isinstance(tag, str) and tag for tag in tags):
            raise ValueError(f"server tags must be non-empty strings, not {tags!r}")
        return cls(CbServers.TAGS, tuple(tags))

    def _c(self) -> Tuple[int, bytes]:
        return int(self.selection), encode("\n".join(self.tags_))

    def __repr__(self) -> str:
        if self.selection == CbServers.TAGS:
            return f"Servers.tags{self.tags_!r}"
        return f"Servers.{self.selection.name}"


Servers.ANY = Servers(CbServers.ANY)
Servers.ALL = Servers(CbServers.ALL)
Servers.UNASSIGNED = Servers(CbServers.UNASSIGNED)


class Object:
    """One object of the configuration backend: parsed by Kea (:func:`parse`) or read from a
    backend."""

    def __init__(self, pointer) -> None:
        self._ptr = ffi.gc(pointer, lib.pykea_cb_object_free)

    @property
    def kind(self) -> Kind:
        """What the object is: a subnet, a shared network, an option, ..."""
        check(lib.pykea_cb_object_kind(self._ptr, scratch.int, scratch.int2))
        return Kind(scratch.int2[0])

    @property
    def universe(self) -> int:
        """4 for a DHCPv4 object, 6 for a DHCPv6 one."""
        check(lib.pykea_cb_object_kind(self._ptr, scratch.int, scratch.int2))
        return scratch.int[0]

    def to_dict(self) -> Dict[str, Any]:
        """Kea's printed form (toElement): a subnet with its "shared-network-name" (or None),
        a global parameter as {name: value}, a server as {"server-tag", "description"}."""
        return json.loads(text_result(lib.pykea_cb_object_json(self._ptr, scratch.text), scratch.text))

    @property
    def server_tags(self) -> List[str]:
        """The tags of the servers the backend stored it for ("all" for every server); empty
        for a server and for an object not read from a backend."""
        text = text_result(lib.pykea_cb_object_server_tags(self._ptr, scratch.text), scratch.text)
        return text.split("\n") if text else []

    def __repr__(self) -> str:
        return f"<cb.Object {self.kind.name} {self.to_dict()}>"


def parse(universe: int, kind: Kind, config: Dict[str, Any]) -> Object:
    """An object written in Kea's configuration syntax, read by Kea's parser of its kind."""
    out = ffi.new("pykea_cb_object **")
    check(lib.pykea_cb_object_parse(universe, int(kind), encode(json.dumps(config)), out))
    return Object(out[0])


def _key(kind: Kind, key: Key) -> Tuple[Any, int]:
    """(name, code) of the C call for an object's key."""
    if kind in (Kind.OPTION_DEF, Kind.OPTION):
        if not (isinstance(key, tuple) and len(key) == 2):
            raise TypeError(f"an option{' definition' if kind == Kind.OPTION_DEF else ''} is "
                            f"named by (code, space), not {key!r}")
        code, space = key
        return encode(space), int(code)
    if kind == Kind.SUBNET and isinstance(key, int):
        return ffi.NULL, key
    if not isinstance(key, str):
        raise TypeError(f"a {kind.name.lower()} is named by a string, not {key!r}")
    return encode(key), 0


class ConfigBackend:
    """The configuration backends of one universe (4: ConfigBackendDHCPv4Mgr, 6: DHCPv6Mgr);
    ``remote`` selects among them as cb_cmds' "remote" map does ({"type": "postgresql"});
    None: each of them."""

    def __init__(self, universe: int, remote: Optional[Dict[str, Any]] = None) -> None:
        if universe not in (4, 6):
            raise ValueError(f"universe must be 4 or 6, not {universe!r}")
        self.universe: int = universe   #: 4 or 6
        self._remote = encode(json.dumps(remote)) if remote else ffi.NULL

    def get(self, kind: Kind, key: Key, servers: Servers = Servers.ANY) -> Optional[Object]:
        """The object named ``key``, or None."""
        name, code = _key(kind, key)
        selection, tags = servers._c()
        out = ffi.new("pykea_cb_object **")
        try:
            check(lib.pykea_cb_get(self.universe, self._remote, selection, tags, int(kind), name,
                                   code, out))
        except NotFoundError:
            return None
        return Object(out[0])

    def get_all(self, kind: Kind, servers: Servers = Servers.ALL,
                shared_network: Optional[str] = None) -> List[Object]:
        """Every object of a kind; subnets of one shared network with ``shared_network``."""
        selection, tags = servers._c()
        out = ffi.new("pykea_cb_list **")
        network = ffi.NULL if shared_network is None else encode(shared_network)
        check(lib.pykea_cb_get_all(self.universe, self._remote, selection, tags, int(kind),
                                   network, out))
        found = ffi.gc(out[0], lib.pykea_cb_list_free)
        check(lib.pykea_cb_list_size(found, scratch.size))
        objects = []
        for index in range(scratch.size[0]):
            item = ffi.new("pykea_cb_object **")
            check(lib.pykea_cb_list_get(found, index, item))
            objects.append(Object(item[0]))
        return objects

    def set(self, obj: Object, servers: Servers = Servers.ALL,
            follow_class_name: Optional[str] = None) -> None:
        """Creates or updates the object (Kea's createUpdate*); a client class goes after
        ``follow_class_name``."""
        selection, tags = servers._c()
        follow = ffi.NULL if follow_class_name is None else encode(follow_class_name)
        check(lib.pykea_cb_set(self.universe, self._remote, selection, tags, obj._ptr, follow))

    def delete(self, kind: Kind, key: Key, servers: Servers = Servers.ANY) -> int:
        """Deletes the object named ``key``; how many the backend deleted."""
        name, code = _key(kind, key)
        selection, tags = servers._c()
        check(lib.pykea_cb_delete(self.universe, self._remote, selection, tags, int(kind), name,
                                  code, scratch.u64))
        return scratch.u64[0]

    def delete_network_subnets(self, shared_network: str, servers: Servers = Servers.ANY) -> int:
        """Deletes the subnets of a shared network; how many."""
        selection, tags = servers._c()
        check(lib.pykea_cb_delete_network_subnets(self.universe, self._remote, selection, tags,
                                                  encode(shared_network), scratch.u64))
        return scratch.u64[0]

    def set_option(self, option: Object, scope: Scope, where: Union[int, str],
                   servers: Servers = Servers.ANY) -> None:
        """Creates or updates an option of one subnet (``where``: its id), shared network (its
        name), pool ("first - last" or "prefix/length") or DHCPv6 prefix delegation pool
        ("prefix/length"): Kea's createUpdateOption4/6 for that scope. The subnet, network or
        pool must be in the backend already."""
        selection, tags = servers._c()
        check(lib.pykea_cb_set_scoped_option(self.universe, self._remote, selection, tags,
                                             int(scope), encode(str(where)), option._ptr))

    def delete_option(self, scope: Scope, where: Union[int, str], code: int, space: str,
                      servers: Servers = Servers.ANY) -> int:
        """Deletes option ``code`` of ``space`` from one subnet, shared network, pool or prefix
        delegation pool (named as in :meth:`set_option`); how many the backend deleted."""
        selection, tags = servers._c()
        check(lib.pykea_cb_delete_scoped_option(self.universe, self._remote, selection, tags,
                                                int(scope), encode(str(where)), int(code),
                                                encode(space), scratch.u64))
        return scratch.u64[0]
