"""Every hook point of kea-dhcp4 and kea-dhcp6, with its arguments and honoured statuses,
per Kea version.

This one table drives the runtime (which functions become callouts, how each argument is read
and written) and the ``pykea hooks`` command. Versions are Kea's ``KEA_HOOKS_VERSION`` numbers:
20200 is 2.2.0, 20603 is 2.6.3, 30004 is 3.0.4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, Optional, Tuple

KEA_2_6 = 20600
KEA_3_0 = 30000

IN, OUT, INOUT = "in", "out", "in/out"

# The Python type each argument kind reads as (pykea.handle's accessors), as `pykea hooks` shows
# it; "| None" where Kea may pass a null pointer. tests/integration/test_hook_walk.py checks each
# against what a running Kea's arguments read as.
PYTHON_TYPES = {
    "pkt4": "Pkt4", "pkt6": "Pkt6", "lease4": "Lease4 | None", "lease6": "Lease6 | None",
    "lease4_collection": "list[Lease4]", "lease6_collection": "list[Lease6]",
    "bool": "bool", "uint32": "int", "string": "str", "bytes": "bytes",
    "id_type": "IdentifierType", "hwaddr": "HWAddr | None", "client_id": "ClientId | None",
    "element": "dict | list | str | int | None", "option": "Option | None",
    "subnet4": "Subnet4 | None", "subnet6": "Subnet6 | None",
    "subnet4_collection": "list[Subnet4]", "subnet6_collection": "list[Subnet6]",
    "srv_config": "Config", "network_state": "NetworkState", "ddns_params": "DdnsParams",
    "address": "IPv6Address", "host": "Host | None", "io_service": "IOService | None",
    "audit_entries": "list[dict]",
}


@dataclass(frozen=True)
class Argument:
    """One argument Kea passes to the callouts of a hook point."""

    name: str           #: the argument's name: ``handle[name]``
    kind: str           #: how pykea reads it: "pkt4", "lease4", "bool", ... (see pykea.handle)
    cxx_type: str       #: the C++ type Kea passes
    direction: str = IN     #: IN, OUT or INOUT: whether Kea reads it back after the callouts
    since: int = 0      #: first KEA_HOOKS_VERSION that passes it
    #: (until, kind, cxx_type): how Kea releases before ``until`` pass it, if differently
    kind_before: Optional[Tuple[int, str, str]] = None

    @property
    def python_type(self) -> str:
        """What ``handle[name]`` returns, e.g. "Pkt4" or "Lease4 | None"."""
        return PYTHON_TYPES[self.kind]

    def for_version(self, version: int) -> Optional["Argument"]:
        """The argument as Kea ``version`` passes it, or None if that Kea does not."""
        if version < self.since:
            return None
        if self.kind_before and version < self.kind_before[0]:
            _, kind, cxx_type = self.kind_before
            return Argument(self.name, kind, cxx_type, self.direction, self.since)
        return self


@dataclass(frozen=True)
class HookPoint:
    """A hook point: where Kea calls callouts, what it passes and what it does with the status."""

    name: str                        #: the hook point's name, which a callout is named after
    server: int                      #: 4 or 6; 0 for both
    arguments: Tuple[Argument, ...]  #: what Kea passes
    statuses: Dict[str, str]         #: next-step status -> what Kea does
    since: int = 0                   #: first KEA_HOOKS_VERSION that has the hook point
    park_since: Optional[int] = None    #: first KEA_HOOKS_VERSION that honours PARK there
    note: str = ""                   #: what else a hook author should know

    def for_version(self, version: int) -> Optional["HookPoint"]:
        """The hook point as Kea ``version`` calls it (its arguments and statuses), or None if
        that Kea has no such hook point."""
        if version < self.since:
            return None
        arguments = tuple(a for a in (arg.for_version(version) for arg in self.arguments) if a)
        statuses = dict(self.statuses)
        if self.park_since is not None and version >= self.park_since:
            statuses["PARK"] = "the packet waits until a callout unparks or drops it"
        return HookPoint(self.name, self.server, arguments, statuses, self.since, self.park_since,
                         self.note)

    def argument(self, name: str) -> Optional[Argument]:
        """The argument called ``name``, or None."""
        for argument in self.arguments:
            if argument.name == name:
                return argument
        return None


def _subnet(name: str, v: int, direction: str = IN) -> Argument:
    return Argument(name, f"subnet{v}", f"ConstSubnet{v}Ptr", direction,
                    kind_before=(KEA_3_0, f"subnet{v}", f"Subnet{v}Ptr"))


_Q4 = Argument("query4", "pkt4", "Pkt4Ptr")
_Q4_IO = Argument("query4", "pkt4", "Pkt4Ptr", INOUT)
_R4 = Argument("response4", "pkt4", "Pkt4Ptr")
_Q6 = Argument("query6", "pkt6", "Pkt6Ptr")
_Q6_IO = Argument("query6", "pkt6", "Pkt6Ptr", INOUT)
_R6 = Argument("response6", "pkt6", "Pkt6Ptr")
_DROP = {"DROP": "the packet is dropped"}
_SKIP_DROP = {"SKIP": "the packet is dropped", "DROP": "the packet is dropped"}
_CONFIGURED = (
    Argument("io_context", "io_service", "isc::asiolink::IOServicePtr"),
    Argument("network_state", "network_state", "NetworkStatePtr"),
    Argument("json_config", "element", "isc::data::ConstElementPtr"),
    Argument("server_config", "srv_config", "SrvConfigPtr"),
)


def _ddns(v: int) -> Tuple[Argument, ...]:
    return (
        Argument(f"query{v}", f"pkt{v}", f"Pkt{v}Ptr"),
        Argument(f"response{v}", f"pkt{v}", f"Pkt{v}Ptr"),
        _subnet(f"subnet{v}", v),
        Argument("hostname", "string", "std::string", INOUT),
        Argument("fwd-update", "bool", "bool", INOUT),
        Argument("rev-update", "bool", "bool", INOUT),
        Argument("ddns-params", "ddns_params", "DdnsParamsPtr"),
    )


HOOK_POINTS: Tuple[HookPoint, ...] = (
    # ---- kea-dhcp4 ----
    HookPoint("buffer4_receive", 4, (_Q4_IO,),
              {"SKIP": "the server does not unpack the packet (the callout did)", **_DROP},
              note="the packet is not unpacked yet: its raw bytes are in query4.raw"),
    HookPoint("pkt4_receive", 4, (_Q4_IO,), _SKIP_DROP),
    HookPoint("subnet4_select", 4,
              (_Q4_IO, _subnet("subnet4", 4, INOUT),
               Argument("subnet4collection", "subnet4_collection", "const Subnet4Collection*")),
              {"SKIP": "no subnet is selected (only global options)", **_DROP}, park_since=KEA_2_6),
    HookPoint("host4_identifier", 4,
              (_Q4, Argument("id_type", "id_type", "Host::IdentifierType", INOUT),
               Argument("id_value", "bytes", "std::vector<uint8_t>", OUT)),
              {}, note="called only when flex-id is among host-reservation-identifiers; "
                       "the identifier is used if the status stays CONTINUE and id_value is not empty"),
    HookPoint("lease4_select", 4,
              (_Q4, _subnet("subnet4", 4), Argument("fake_allocation", "bool", "bool"),
               Argument("offer_lft", "uint32", "uint32_t", since=KEA_2_6),
               Argument("lease4", "lease4", "Lease4Ptr", INOUT)),
              {"SKIP": "the lease is not assigned"}),
    HookPoint("lease4_renew", 4,
              (_Q4, _subnet("subnet4", 4), Argument("clientid", "client_id", "ClientIdPtr"),
               Argument("hwaddr", "hwaddr", "HWAddrPtr"),
               Argument("lease4", "lease4", "Lease4Ptr", INOUT)),
              {"SKIP": "the old lease is kept unchanged"}),
    HookPoint("lease4_release", 4, (_Q4, Argument("lease4", "lease4", "Lease4Ptr")),
              {"SKIP": "the lease is not released", "DROP": "the lease is not released"}),
    HookPoint("lease4_decline", 4, (_Q4, Argument("lease4", "lease4", "Lease4Ptr")),
              {"SKIP": "the decline is ignored", "DROP": "the decline is ignored"}),
    HookPoint("ddns4_update", 4, _ddns(4), {}),
    HookPoint("leases4_committed", 4,
              (_Q4, Argument("response4", "pkt4", "Pkt4Ptr", since=KEA_3_0),
               Argument("leases4", "lease4_collection", "Lease4CollectionPtr"),
               Argument("deleted_leases4", "lease4_collection", "Lease4CollectionPtr")),
              {"DROP": "the response is discarded"}, park_since=0),
    HookPoint("lease4_offer", 4,
              (_Q4, Argument("response4", "pkt4", "Pkt4Ptr", since=KEA_3_0),
               Argument("leases4", "lease4_collection", "Lease4CollectionPtr"),
               Argument("offer_lifetime", "uint32", "uint32_t"),
               Argument("old_lease", "lease4", "Lease4Ptr"),
               Argument("host", "host", "ConstHostPtr", since=KEA_3_0)),
              {"DROP": "the offer is discarded"}, since=KEA_2_6, park_since=KEA_2_6),
    HookPoint("lease4_server_decline", 4, (_Q4, Argument("lease4", "lease4", "Lease4Ptr")), {},
              since=KEA_2_6),
    HookPoint("pkt4_send", 4,
              (_Q4, Argument("response4", "pkt4", "Pkt4Ptr", INOUT),
               Argument("subnet4", "subnet4", "ConstSubnet4Ptr", since=KEA_2_6,
                        kind_before=(KEA_3_0, "subnet4", "Subnet4Ptr"))),
              {"SKIP": "the server does not pack the response (the callout did)",
               "DROP": "nothing is sent"}),
    HookPoint("buffer4_send", 4, (Argument("response4", "pkt4", "Pkt4Ptr", INOUT),),
              {"SKIP": "nothing is sent", "DROP": "nothing is sent"},
              note="the response is packed: its wire bytes are in response4.wire"),
    HookPoint("lease4_expire", 4,
              (Argument("lease4", "lease4", "Lease4Ptr"), Argument("remove_lease", "bool", "bool")),
              {"SKIP": "the callout reclaimed the lease itself"}),
    HookPoint("lease4_recover", 4, (Argument("lease4", "lease4", "Lease4Ptr"),),
              {"SKIP": "the declined lease is not recovered"}),
    HookPoint("dhcp4_srv_configured", 4, _CONFIGURED,
              {"DROP": "the configuration is rejected (with the text of an 'error' argument)"}),
    HookPoint("cb4_updated", 4,
              (Argument("audit_entries", "audit_entries", "isc::db::AuditEntryCollectionPtr"),), {}),
    # ---- kea-dhcp6 ----
    HookPoint("buffer6_receive", 6, (_Q6_IO,),
              {"SKIP": "the server does not unpack the packet (the callout did)", **_DROP}),
    HookPoint("pkt6_receive", 6, (_Q6_IO,), _SKIP_DROP),
    HookPoint("subnet6_select", 6,
              (_Q6, _subnet("subnet6", 6, INOUT),
               Argument("subnet6collection", "subnet6_collection", "const Subnet6Collection*")),
              {"SKIP": "no subnet is selected", **_DROP}, park_since=KEA_2_6),
    HookPoint("host6_identifier", 6,
              (_Q6, Argument("id_type", "id_type", "Host::IdentifierType", INOUT),
               Argument("id_value", "bytes", "std::vector<uint8_t>", OUT)), {}),
    HookPoint("lease6_select", 6,
              (_Q6, _subnet("subnet6", 6), Argument("fake_allocation", "bool", "bool"),
               Argument("lease6", "lease6", "Lease6Ptr", INOUT)),
              {"SKIP": "the lease is not assigned"}),
    HookPoint("lease6_renew", 6,
              (_Q6, Argument("lease6", "lease6", "Lease6Ptr", INOUT),
               Argument("ia_na", "option", "Option6IAPtr"), Argument("ia_pd", "option", "Option6IAPtr")),
              {"SKIP": "the old lease is kept"},
              note="Kea passes ia_na or ia_pd, by the lease type"),
    HookPoint("lease6_rebind", 6,
              (_Q6, Argument("lease6", "lease6", "Lease6Ptr", INOUT),
               Argument("ia_na", "option", "Option6IAPtr"), Argument("ia_pd", "option", "Option6IAPtr")),
              {"SKIP": "the old lease is kept"},
              note="Kea passes ia_na or ia_pd, by the lease type"),
    HookPoint("lease6_release", 6, (_Q6, Argument("lease6", "lease6", "Lease6Ptr")),
              {"SKIP": "the lease is not released", "DROP": "the lease is not released"}),
    HookPoint("lease6_decline", 6, (_Q6, Argument("lease6", "lease6", "Lease6Ptr")),
              {"SKIP": "the lease is left as is", "DROP": "the decline fails"}),
    HookPoint("ddns6_update", 6, _ddns(6), {}),
    HookPoint("addr6_register", 6,
              (_Q6, _R6, Argument("address6", "address", "isc::asiolink::IOAddress"),
               Argument("old_lease6", "lease6", "Lease6Ptr"),
               Argument("new_lease6", "lease6", "Lease6Ptr")),
              {"SKIP": "the lease is not added or updated, the reply is sent",
               "DROP": "the query is dropped"}, since=KEA_3_0),
    HookPoint("leases6_committed", 6,
              (_Q6, Argument("response6", "pkt6", "Pkt6Ptr", since=KEA_3_0),
               Argument("leases6", "lease6_collection", "Lease6CollectionPtr"),
               Argument("deleted_leases6", "lease6_collection", "Lease6CollectionPtr")),
              {"DROP": "the response is discarded"}, park_since=0),
    HookPoint("pkt6_send", 6,
              (_Q6, Argument("response6", "pkt6", "Pkt6Ptr", INOUT),
               Argument("subnet6", "subnet6", "ConstSubnet6Ptr", since=KEA_2_6,
                        kind_before=(KEA_3_0, "subnet6", "Subnet6Ptr"))),
              {"SKIP": "the server does not pack the response", "DROP": "nothing is sent"}),
    HookPoint("buffer6_send", 6, (Argument("response6", "pkt6", "Pkt6Ptr", INOUT),),
              {"SKIP": "nothing is sent", "DROP": "nothing is sent"}),
    HookPoint("lease6_expire", 6,
              (Argument("lease6", "lease6", "Lease6Ptr"), Argument("remove_lease", "bool", "bool")),
              {"SKIP": "the callout reclaimed the lease itself"}),
    HookPoint("lease6_recover", 6, (Argument("lease6", "lease6", "Lease6Ptr"),),
              {"SKIP": "the declined lease is not recovered"}),
    HookPoint("dhcp6_srv_configured", 6, _CONFIGURED,
              {"DROP": "the configuration is rejected (with the text of an 'error' argument)"}),
    HookPoint("cb6_updated", 6,
              (Argument("audit_entries", "audit_entries", "isc::db::AuditEntryCollectionPtr"),), {}),
    # ---- both servers ----
    HookPoint("command_processed", 0,
              (Argument("name", "string", "std::string"),
               Argument("arguments", "element", "isc::data::ConstElementPtr"),
               Argument("response", "element", "isc::data::ConstElementPtr", INOUT)), {}),
)

_BY_NAME = {hook.name: hook for hook in HOOK_POINTS}


def hook_points(server: int, version: int) -> Dict[str, HookPoint]:
    """The hook points of kea-dhcp<server> at KEA_HOOKS_VERSION ``version``, by name."""
    points = {}
    for hook in HOOK_POINTS:
        if hook.server in (0, server):
            specific = hook.for_version(version)
            if specific:
                points[hook.name] = specific
    return points


def hook_point(name: str) -> Optional[HookPoint]:
    """The hook point called ``name`` in any version, or None."""
    return _BY_NAME.get(name)


def command_hook_point(command: str) -> HookPoint:
    """The hook point Kea creates for a control command registered by a hook library."""
    return HookPoint("$" + command.replace("-", "_"), 0,
                     (Argument("command", "element", "isc::data::ConstElementPtr"),
                      Argument("response", "element", "isc::data::ConstElementPtr", INOUT)), {})


def one_edit_away(word: str, candidates: Iterable[str]) -> Optional[str]:
    """The candidate one insertion, deletion, substitution or swap away from ``word``, if any."""
    for candidate in candidates:
        if candidate != word and _within_one_edit(word, candidate):
            return candidate
    return None


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 1:
            return True
        return (len(differences) == 2 and differences[1] == differences[0] + 1
                and a[differences[0]] == b[differences[1]] and a[differences[1]] == b[differences[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1:] == shorter:
            return True
    return False
