"""The enums of pykea's C API as Python IntEnums, each value read from the library
(``lib.PYKEA_*``, declared once in capi/include/pykea.h).

The modules that use them import them from here; ``pykea`` re-exports the public ones.
"""

from __future__ import annotations

import enum

from ._bindings import lib

__all__ = ["CbKind", "CbServers", "DdnsChange", "IdentifierType", "LeaseState", "LeaseType", "NextStep", "ParkedState", "RelaySearch",
           "ReservationType"]


class NextStep(enum.IntEnum):
    """What Kea does after the callouts of a hook point (see pykea.hooks for each point)."""

    CONTINUE = lib.PYKEA_NEXT_STEP_CONTINUE
    SKIP = lib.PYKEA_NEXT_STEP_SKIP
    DROP = lib.PYKEA_NEXT_STEP_DROP
    PARK = lib.PYKEA_NEXT_STEP_PARK


class RelaySearch(enum.IntEnum):
    """Where Pkt6.relay_option looks first (Kea's Pkt6::RelaySearchOrder)."""

    FROM_CLIENT = lib.PYKEA_RELAY_SEARCH_FROM_CLIENT
    FROM_SERVER = lib.PYKEA_RELAY_SEARCH_FROM_SERVER
    FIRST = lib.PYKEA_RELAY_GET_FIRST
    LAST = lib.PYKEA_RELAY_GET_LAST


class LeaseType(enum.IntEnum):
    """What a lease holds (Kea's Lease::Type): NA, TA and PD for DHCPv6 leases, V4 for DHCPv4."""

    NA = lib.PYKEA_LEASE_TYPE_NA    # an address
    TA = lib.PYKEA_LEASE_TYPE_TA    # a temporary address
    PD = lib.PYKEA_LEASE_TYPE_PD    # a delegated prefix
    V4 = lib.PYKEA_LEASE_TYPE_V4    # a DHCPv4 address


class LeaseState(enum.IntEnum):
    """Kea's lease states (RELEASED and REGISTERED exist from Kea 3.0)."""

    DEFAULT = lib.PYKEA_LEASE_STATE_DEFAULT
    DECLINED = lib.PYKEA_LEASE_STATE_DECLINED
    EXPIRED_RECLAIMED = lib.PYKEA_LEASE_STATE_EXPIRED_RECLAIMED
    RELEASED = lib.PYKEA_LEASE_STATE_RELEASED
    REGISTERED = lib.PYKEA_LEASE_STATE_REGISTERED


class DdnsChange(enum.IntEnum):
    """What a NameChangeRequest asks kea-dhcp-ddns to do (Kea's dhcp_ddns::NameChangeType)."""

    ADD = lib.PYKEA_DDNS_CHANGE_ADD         # add (or replace) the lease's DNS entries
    REMOVE = lib.PYKEA_DDNS_CHANGE_REMOVE   # remove them


class HostsTarget(enum.IntEnum):
    """Where a pykea.hosts call looks or changes (Kea's HostMgrOperationTarget; host_cmds'
    "operation-target"): the configuration's reservations, the hosts-databases, or both."""

    MEMORY = lib.PYKEA_HOSTS_MEMORY
    DATABASE = lib.PYKEA_HOSTS_DATABASE
    ALL = lib.PYKEA_HOSTS_ALL


class IdentifierType(enum.IntEnum):
    """Kea's Host::IdentifierType (also host4_identifier / host6_identifier's id_type)."""

    HWADDR = lib.PYKEA_IDENTIFIER_HWADDR
    DUID = lib.PYKEA_IDENTIFIER_DUID
    CIRCUIT_ID = lib.PYKEA_IDENTIFIER_CIRCUIT_ID
    CLIENT_ID = lib.PYKEA_IDENTIFIER_CLIENT_ID
    FLEX = lib.PYKEA_IDENTIFIER_FLEX


class ReservationType(enum.IntEnum):
    """What an IPv6 reservation holds."""

    ADDRESS = lib.PYKEA_RESERVATION6_ADDRESS    # an address (IA_NA)
    PREFIX = lib.PYKEA_RESERVATION6_PREFIX      # a delegated prefix (IA_PD)


class ParkedState(enum.IntEnum):
    """Where a parked packet is (``Parked.state``)."""

    PARKED = lib.PYKEA_PARKED_PARKED
    UNPARKED = lib.PYKEA_PARKED_UNPARKED
    DROPPED = lib.PYKEA_PARKED_DROPPED
    RELEASED = lib.PYKEA_PARKED_RELEASED    # dropped by pykea when the hook library unloaded


class CbKind(enum.IntEnum):
    """The kinds of object a configuration backend holds (pykea.cb)."""

    SERVER = lib.PYKEA_CB_SERVER
    SUBNET = lib.PYKEA_CB_SUBNET
    SHARED_NETWORK = lib.PYKEA_CB_SHARED_NETWORK
    OPTION_DEF = lib.PYKEA_CB_OPTION_DEF
    OPTION = lib.PYKEA_CB_OPTION              # a global option
    CLIENT_CLASS = lib.PYKEA_CB_CLIENT_CLASS
    GLOBAL_PARAMETER = lib.PYKEA_CB_GLOBAL_PARAMETER


class CbServers(enum.IntEnum):
    """How a configuration backend call selects servers (Kea's ServerSelector types)."""

    ANY = lib.PYKEA_CB_SERVERS_ANY
    ALL = lib.PYKEA_CB_SERVERS_ALL
    UNASSIGNED = lib.PYKEA_CB_SERVERS_UNASSIGNED
    TAGS = lib.PYKEA_CB_SERVERS_TAGS          # one server tag or several


class CbOptionScope(enum.IntEnum):
    """Where a configuration backend keeps an option other than a global one (pykea.cb)."""

    SUBNET = lib.PYKEA_CB_SCOPE_SUBNET                  # named by the subnet's id
    SHARED_NETWORK = lib.PYKEA_CB_SCOPE_SHARED_NETWORK  # by the network's name
    POOL = lib.PYKEA_CB_SCOPE_POOL                      # by "first - last" or "prefix/length"
    PD_POOL = lib.PYKEA_CB_SCOPE_PD_POOL                # DHCPv6: by "prefix/length"
