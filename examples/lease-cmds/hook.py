"""lease-cmds: Kea's lease_cmds control commands (lease4-*, lease6-*) written in Python.

Answers as Kea's libdhcp_lease_cmds.so does: the same result codes, texts and arguments, the
same changes to the lease statistics and the same DHCP-DDNS name change requests. Load it instead of that library (both register the same
command names)."""

import ipaddress
import json
import time

from pykea import (ClientId, HWAddr, InvalidArgumentError, Lease4, Lease6, LeaseState, LeaseType,
                   NotFoundError, config, ddns, kea_version, leasemgr, stats)
from pykea.identifiers import parse_duid

SUCCESS, ERROR, EMPTY, CONFLICT = 0, 1, 3, 4
UINT32 = 0xFFFFFFFF
KEA = tuple(int(part) for part in kea_version().split(".")[:2])
LEASE6_TYPES = {"IA_NA": LeaseType.NA, "IA_TA": LeaseType.TA, "IA_PD": LeaseType.PD}
TYPE_NAMES = {LeaseType.NA: "IA_NA", LeaseType.TA: "IA_TA", LeaseType.PD: "IA_PD"}


class Refused(Exception):
    """An answer other than success: its text and result code."""

    def __init__(self, text: str, result: int = ERROR) -> None:
        super().__init__(text)
        self.result = result


def answer(result: int, text: str, arguments=None) -> dict:
    response = {"result": result, "text": text}
    if arguments is not None:
        response["arguments"] = arguments
    return response


def kea_text(value) -> str:
    """A JSON value written as Kea's Element::str() writes it (in some error texts)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)}: {kea_text(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[ " + ", ".join(kea_text(v) for v in value) + " ]"
    return json.dumps(value)


# -- the parameter readers of Kea's SimpleParser ----------------------------------------------------

def get(scope: dict, name: str, kind: type, kind_name: str):
    if name not in scope:
        raise Refused(f"missing parameter '{name}'")
    value = scope[name]
    if type(value) is not kind:
        raise Refused(f"invalid type specified for parameter '{name}'")
    return value


def get_uint(scope: dict, name: str, maximum: int = UINT32) -> int:
    value = get(scope, name, int, "integer")
    if not 0 <= value <= maximum:
        raise Refused(f"out of range value ({value}) specified for parameter '{name}'")
    return value


def get_address(scope: dict, name: str):
    text = get(scope, name, str, "string")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise Refused(f"Failed to convert '{text}' to address: Failed to convert string to "
                      f"address '{text}': Invalid argument") from None


def kea_parse(parse, text: str):
    """HWAddr.parse, ClientId.parse, parse_duid: Kea's own parsers, so Kea's own errors."""
    try:
        return parse(text)
    except InvalidArgumentError as error:
        raise Refused(str(error)) from None


def current():
    return config.current_config()


# -- lease4-add and friends: a lease from its JSON ---------------------------------------------------

def subnet_of(arguments: dict, address, version: int, prefix: bool = False):
    subnet_id = get_uint(arguments, "subnet-id") if "subnet-id" in arguments else 0
    if subnet_id:
        subnet = current().subnet(subnet_id)
        if subnet is None or subnet.prefix.version != version:
            raise Refused(f"Invalid subnet-id: No IPv{version} subnet with subnet-id={subnet_id} "
                          "currently configured.", CONFLICT)
        if not prefix and not subnet.in_range(address):
            raise Refused(f"The address {address} does not belong to subnet {subnet.prefix}, "
                          f"subnet-id={subnet_id}", CONFLICT)
        return subnet
    if prefix:
        raise Refused("Subnet-id is 0 or not specified. This is allowed for address leases "
                      "only, not prefix leases.")
    subnet = current().subnet_for_address(address)
    if subnet is None:
        raise Refused(f"subnet-id not specified and failed to find a subnet for address "
                      f"{address}", CONFLICT)
    return subnet


def lifetimes_and_cltt(arguments: dict, subnet, address):
    valid = get_uint(arguments, "valid-lft") if "valid-lft" in arguments else subnet.valid_lifetime
    if "expire" not in arguments:
        return valid, int(time.time())
    expire = get(arguments, "expire", int, "integer")
    if expire <= 0:
        raise Refused(f"expiration time must be positive for address {address}")
    if expire < valid:
        raise Refused(f"expiration time must be greater than valid lifetime for address {address}")
    return valid, expire - valid


def common_fields(arguments: dict, prefix: bool = False) -> dict:
    """The fields Lease4Parser and Lease6Parser read alike, checked, by attribute name."""
    fwd = get(arguments, "fqdn-fwd", bool, "boolean") if "fqdn-fwd" in arguments else False
    rev = get(arguments, "fqdn-rev", bool, "boolean") if "fqdn-rev" in arguments else False
    hostname = get(arguments, "hostname", str, "string") if "hostname" in arguments else ""
    if not hostname and (fwd or rev):
        raise Refused("No hostname specified and either forward or reverse fqdn was set to true.")
    state = get_uint(arguments, "state", 255) if "state" in arguments else 0
    if state > (LeaseState.REGISTERED if KEA >= (3, 0) else LeaseState.EXPIRED_RECLAIMED):
        raise Refused(f"Invalid state value: {state}, supported values are: "
                      + ("0 (default), 1 (declined), 2 (expired-reclaimed), 3 (released) and "
                         "4 (registered)" if KEA >= (3, 0) else
                         "0 (default), 1 (declined) and 2 (expired-reclaimed)"))
    if prefix and state == LeaseState.DECLINED:
        raise Refused("Invalid declined state for PD prefix.")
    # Kea's Lease constructor keeps hostnames in lower case (lookups by hostname rely on it).
    fields = {"fqdn_fwd": fwd, "fqdn_rev": rev, "hostname": hostname.lower(), "state": state}
    context = user_context(arguments)
    if context is not None:
        fields["user_context"] = context
    return fields


def fill(lease, fields: dict):
    for name, value in fields.items():
        setattr(lease, name, value)
    return lease


def user_context(arguments: dict):
    context = arguments.get("user-context")
    if context is not None and not isinstance(context, dict):
        raise Refused(f"Invalid user context '{kea_text(context)}' is not a JSON map.")
    if "comment" not in arguments:
        return context
    if context is not None and "comment" in context:
        raise Refused(f"Duplicated comment entry '{kea_text(arguments['comment'])}' in user "
                      f"context '{kea_text(context)}'")
    return {**(context or {}), "comment": arguments["comment"]}


def lease4_from(arguments) -> Lease4:
    address = get_address(arguments, "ip-address")
    if address.version != 4:
        raise Refused(f"Non-IPv4 address specified: {address}")
    hwaddr = kea_parse(HWAddr.parse, get(arguments, "hw-address", str, "string"))
    pool_id = get_uint(arguments, "pool-id") if "pool-id" in arguments else 0
    subnet = subnet_of(arguments, address, 4)
    client_id = None
    if "client-id" in arguments:
        client_id = kea_parse(ClientId.parse, get(arguments, "client-id", str, "string"))
    valid, cltt = lifetimes_and_cltt(arguments, subnet, address)
    fields = common_fields(arguments)
    return fill(Lease4(address), dict(fields, hwaddr=hwaddr, client_id=client_id, cltt=cltt,
                                      subnet_id=subnet.id, valid_lft=valid, pool_id=pool_id))


def lease6_from(arguments) -> Lease6:
    address = get_address(arguments, "ip-address")
    if address.version != 6:
        raise Refused(f"Non-IPv6 address specified: {address}")
    duid = kea_parse(parse_duid, get(arguments, "duid", str, "string"))
    kind, length = LeaseType.NA, 128
    if "type" in arguments:
        name = get(arguments, "type", str, "string")
        if name not in LEASE6_TYPES:
            raise Refused(f"Incorrect lease type: {name}, the only supported values are: IA_NA "
                          "and IA_PD")
        kind = LEASE6_TYPES[name]
        if kind == LeaseType.PD:
            length = get_uint(arguments, "prefix-len", 255)
    pool_id = get_uint(arguments, "pool-id") if "pool-id" in arguments else 0
    subnet = subnet_of(arguments, address, 6, prefix=kind != LeaseType.NA)
    iaid = get_uint(arguments, "iaid")
    hwaddr = None
    if "hw-address" in arguments:
        hwaddr = kea_parse(HWAddr.parse, get(arguments, "hw-address", str, "string"))
    valid = get_uint(arguments, "valid-lft") if "valid-lft" in arguments else subnet.valid_lifetime
    preferred = (get_uint(arguments, "preferred-lft") if "preferred-lft" in arguments
                 else subnet.valid_lifetime)
    _, cltt = lifetimes_and_cltt(arguments, subnet, address)
    fields = common_fields(arguments, prefix=kind == LeaseType.PD)
    if length == 0 or length > 128:
        raise Refused(f"Invalid prefix length: {length}")
    network = ipaddress.ip_network(f"{address}/{length}", strict=False)
    if network.network_address != address:
        raise Refused(f"Prefix address: {address} exceeds prefix/prefix-len pair: "
                      f"{network.network_address}/{length}")
    return fill(Lease6(address, duid, iaid, kind, length),
                dict(fields, hwaddr=hwaddr, subnet_id=subnet.id, valid_lft=valid, cltt=cltt,
                     preferred_lft=preferred, pool_id=pool_id))


# -- the commands ---------------------------------------------------------------------------------

def lease_add(version: int):
    def handler(arguments):
        if arguments is None:
            raise Refused("no parameters specified for the command")
        lease = (lease4_from if version == 4 else lease6_from)(arguments)
        if not leasemgr.add(lease, update_stats=True):
            raise Refused(f"IPv{version} lease already exists.", CONFLICT)
        what = (f"prefix {lease.address}/{lease.prefix_length}"
                if version == 6 and lease.type != LeaseType.NA else f"address {lease.address}")
        return answer(SUCCESS, f"Lease for {what}, subnet-id {lease.subnet_id} added.")
    return handler


def add_or_update(lease, force_create: bool) -> bool:
    """What lease4-update and lease6-update do: True when the lease was added."""
    stored = (leasemgr.get4(lease.address) if isinstance(lease, Lease4)
              else leasemgr.get6(lease.address, lease.type))
    if force_create and stored is None:
        if not leasemgr.add(lease, update_stats=True):
            raise Refused("lost race between calls to get and add", CONFLICT)
        return True
    try:
        leasemgr.update(lease, overwrite=True, update_stats=True)
    except NotFoundError:
        raise Refused(f"failed to update the lease with address {lease.address} either because "
                      "the lease has been deleted or it has changed in the database, in both "
                      "cases a retry might succeed", CONFLICT) from None
    return False


def force_create(arguments: dict) -> bool:
    return get(arguments, "force-create", bool, "boolean") if "force-create" in arguments else False


def lease_update(version: int):
    def handler(arguments):
        if arguments is None:
            raise Refused(f"no parameters specified for lease{version}-update command")
        lease = (lease4_from if version == 4 else lease6_from)(arguments)
        added = add_or_update(lease, force_create(arguments))
        return answer(SUCCESS, f"IPv{version} lease {'added' if added else 'updated'}.")
    return handler


class Query:
    """The parameters of lease4-get, lease4-del and their v6 twins (lease_cmds' getParameters)."""

    def __init__(self, version: int, arguments) -> None:
        if not isinstance(arguments, dict):
            raise Refused("Parameters missing or are not a map.")
        self.version, self.address, self.kind = version, None, LeaseType.NA
        if "update-ddns" in arguments and type(arguments["update-ddns"]) is not bool:
            raise Refused("'update-ddns' is not a boolean")
        self.update_ddns = arguments.get("update-ddns", False)
        if "type" in arguments:
            self.kind = self.lease_type(arguments["type"])
        if "ip-address" in arguments:
            self.address = self.read_address(arguments["ip-address"])
            return
        if "subnet-id" not in arguments:
            raise Refused("Mandatory 'subnet-id' parameter missing.")
        if type(arguments["subnet-id"]) is not int:
            raise Refused("'subnet-id' parameter is not integer.")
        self.subnet_id, self.iaid = arguments["subnet-id"], arguments.get("iaid", 0)
        for name in ("identifier-type", "identifier"):
            if not isinstance(arguments.get(name), str):
                raise Refused(f"No 'ip-address' provided and '{name}' is either missing or not "
                              "a string.")
        self.by, text = arguments["identifier-type"], arguments["identifier"]
        parsers = {"hw-address": HWAddr.parse, "client-id": ClientId.parse, "duid": parse_duid}
        if self.by == "address":
            self.address = ipaddress.ip_address("0.0.0.0" if version == 4 else "::")
        elif self.by not in parsers:
            raise Refused(f"Incorrect identifier type: {self.by}, the only supported values "
                          "are: address, hw-address, duid")
        else:
            self.identifier = kea_parse(parsers[self.by], text)

    @staticmethod
    def lease_type(value):
        names = {"IA_NA": LeaseType.NA, "0": LeaseType.NA, "IA_TA": LeaseType.TA,
                 "1": LeaseType.TA, "IA_PD": LeaseType.PD, "2": LeaseType.PD,
                 "V4": LeaseType.V4, "3": LeaseType.V4}
        if value not in names:
            raise Refused(f"Invalid lease type specified: {value}, only supported values are: "
                          "IA_NA, IA_TA, IA_PD and V4")
        return names[value]

    def read_address(self, text):
        if not isinstance(text, str):
            raise Refused("'ip-address' is not a string.")
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise Refused(f"Failed to convert string to address '{text}': Invalid argument") \
                from None
        if address.version != self.version:
            raise Refused(f"Invalid IPv{self.version} address specified: {text}")
        return address

    def find(self, verb: str = "Query"):
        """The lease the parameters name, or None."""
        if self.address is not None:
            return (leasemgr.get4(self.address) if self.version == 4
                    else leasemgr.get6(self.address, self.kind))
        allowed = ("hw-address", "client-id") if self.version == 4 else ("duid",)
        if self.by not in allowed:
            raise Refused(f"{verb} by {self.by} is not allowed in v{self.version}.")
        if self.by == "hw-address":
            found = leasemgr.by_hwaddr(self.identifier, self.subnet_id)
        elif self.by == "client-id":
            found = leasemgr.by_client_id(self.identifier, self.subnet_id)
        else:
            found = leasemgr.by_duid(self.identifier, self.iaid, self.kind, self.subnet_id)
        return found[0] if found else None


def lease_get(version: int):
    def handler(arguments):
        lease = Query(version, arguments).find()
        if lease is None:
            return answer(EMPTY, "Lease not found.")
        return answer(SUCCESS, f"IPv{version} lease found.", lease.to_dict())
    return handler


def found(version: int, leases, **extra) -> dict:
    listed = [lease.to_dict() for lease in leases]
    return answer(SUCCESS if listed else EMPTY, f"{len(listed)} IPv{version} lease(s) found.",
                  {"leases": listed, **{k: v(listed) for k, v in extra.items()}})


def lease_get_all(version: int):
    def handler(arguments):
        if not arguments:
            return found(version, leasemgr.all4() if version == 4 else leasemgr.all6())
        if "subnets" not in arguments:
            raise Refused("'subnets' parameter not specified")
        if not isinstance(arguments["subnets"], list):
            raise Refused("'subnets' parameter must be a list")
        leases = []
        for subnet_id in arguments["subnets"]:
            if type(subnet_id) is not int:
                raise Refused("listed subnet identifiers must be numbers")
            leases += (leasemgr.in_subnet4 if version == 4 else leasemgr.in_subnet6)(subnet_id)
        return found(version, leases)
    return handler


def lease_get_page(version: int):
    def handler(arguments):
        if arguments is None:
            raise Refused(f"no parameters specified for the lease{version}-get-page command")
        if "from" not in arguments:
            raise Refused("'from' parameter not specified")
        start = arguments["from"]
        if not isinstance(start, str):
            raise Refused("'from' parameter must be a string")
        try:
            after = ipaddress.ip_address("0.0.0.0" if version == 4 else "::") \
                if start == "start" else ipaddress.ip_address(start)
        except ValueError:
            raise Refused("'from' parameter value is neither 'start' keyword nor a valid "
                          f"IPv{version} address") from None
        if after.version != version:
            raise Refused(f"'from' parameter value {after} is not an IPv{version} address")
        if "limit" not in arguments:
            raise Refused("'limit' parameter not specified")
        if type(arguments["limit"]) is not int:
            raise Refused("'limit' parameter must be a number")
        page = (leasemgr.page4 if version == 4 else leasemgr.page6)(after, arguments["limit"])
        return found(version, page, count=len)
    return handler


def lookup_by(version: int, name: str, lookup, prepare=lambda text: text):
    def handler(arguments):
        if not isinstance(arguments, dict):
            raise Refused("Command arguments missing or a not a map.")
        if name not in arguments:
            raise Refused(f"'{name}' parameter not specified")
        if not isinstance(arguments[name], str):
            raise Refused(f"'{name}' parameter must be a string")
        return found(version, lookup(prepare(arguments[name])))
    return handler


def hostname(text: str) -> str:
    if not text:
        raise Refused("'hostname' parameter is empty")
    return text.lower()


def lease_del(version: int):
    def handler(arguments):
        query = Query(version, arguments)
        lease = query.find("Delete")
        if lease is None:
            return answer(EMPTY, f"IPv{version} lease not found.")
        deleted = leasemgr.delete(lease, update_stats=True)
        if query.update_ddns:               # even when another deleted it first, as Kea does
            ddns.queue(lease, ddns.Change.REMOVE)
        return answer(SUCCESS, f"IPv{version} lease deleted.") if deleted else \
            answer(EMPTY, f"IPv{version} lease not found.")
    return handler


def lease_wipe(version: int):
    def handler(arguments):
        subnet_id = get_uint(arguments, "subnet-id") if arguments and "subnet-id" in arguments \
            else 0
        wiped_ids = [subnet_id] if subnet_id else [
            subnet.id for subnet in current().subnets() if subnet.prefix.version == version]
        wiped = 0
        for wiped_id in wiped_ids:
            wiped += (leasemgr.wipe4 if version == 4 else leasemgr.wipe6)(wiped_id)
            reset_counts(version, wiped_id)
        if not subnet_id:
            stats.set("declined-addresses", 0)
        text = f"Deleted {wiped} IPv{version} lease(s) from subnet(s)" + \
            "".join(f" {i}" for i in wiped_ids)
        if KEA < (3, 0):
            text += f" WARNING: lease{version}-wipe is deprecated!"
        return answer(SUCCESS if wiped else EMPTY, text)
    return handler


def reset_counts(version: int, subnet_id: int) -> None:
    """What lease4-wipe does to the statistics of a wiped subnet: its own counts are zeroed (and
    its declined addresses leave the global count); the pools' counts are left as they were."""
    declined = f"subnet[{subnet_id}].declined-addresses"
    stats.add("declined-addresses", -(stats.get(declined) or 0))
    for name in ("assigned-addresses",) if version == 4 else ("assigned-nas", "assigned-pds"):
        stats.set(f"subnet[{subnet_id}].{name}", 0)
    stats.set(declined, 0)


def lease_resend_ddns(version: int):
    def handler(arguments):
        if not isinstance(arguments, dict) or "ip-address" not in arguments:
            raise Refused("'ip-address' parameter is missing.")
        text = arguments["ip-address"]
        if not isinstance(text, str):
            raise Refused("'ip-address' is not a string.")
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise Refused(f"'{text}' is not a valid IP address.") from None
        if address.version != version:
            raise Refused(f"Invalid IPv{version} address specified: {text}")
        if not ddns.enabled():
            raise Refused("DDNS updating is not enabled", CONFLICT)
        lease = leasemgr.get4(address) if version == 4 else leasemgr.get6(address)
        if lease is None:
            raise Refused(f"No lease found for: {address}", EMPTY)
        if not lease.hostname:
            raise Refused(f"Lease for: {address}, has no hostname, nothing to update", CONFLICT)
        if not lease.fqdn_fwd and not lease.fqdn_rev:
            raise Refused("Neither forward nor reverse updates enabled for lease for: "
                          f"{address}", CONFLICT)
        ddns.queue(lease)
        return answer(SUCCESS, f"NCR generated for: {address}, hostname: {lease.hostname}")
    return handler


def lease_write(version: int):
    def handler(arguments):
        if arguments is None:
            raise Refused("no parameters specified for the command")
        if "filename" not in arguments:
            raise Refused("'filename' parameter not specified")
        if not isinstance(arguments["filename"], str):
            raise Refused("'filename' parameter must be a string")
        try:
            written = (leasemgr.write4 if version == 4 else leasemgr.write6)(arguments["filename"])
        except InvalidArgumentError as error:
            raise Refused(f"'filename' parameter is invalid: {error}") from None
        return answer(SUCCESS, f"IPv{version} lease database into '{written}'.")
    return handler


def bulk_apply(arguments):
    if not isinstance(arguments, dict):
        raise Refused("Command arguments missing or a not a map.")
    deleted, leases = arguments.get("deleted-leases"), arguments.get("leases")
    if deleted is None and leases is None:
        raise Refused("neither 'deleted-leases' nor 'leases' parameter specified")
    for name, value in (("deleted-leases", deleted), ("leases", leases)):
        if value is not None and not isinstance(value, list):
            raise Refused(f"the '{name}' parameter must be a list")
    to_delete = [(query, query.find("Delete")) for query in
                 (Query(6, item) for item in deleted or [])]
    try:
        to_apply = [lease6_from(item) for item in leases or []]
    except Refused as refused:              # Kea parses them all first: any error is an error
        raise Refused(str(refused)) from None
    done, failed_deleted, failed = 0, [], []
    for query, lease in to_delete:
        if lease is not None and leasemgr.delete(lease, update_stats=True):
            done += 1
        elif lease is not None or query.address is not None:
            failed_deleted.append(failure(query.kind, query.address, EMPTY, "lease not found"))
    for lease in to_apply:
        try:
            add_or_update(lease, True)
            done += 1
        except Refused as refused:
            failed.append(failure(lease.type, lease.address, refused.result, str(refused)))
    extra = {}
    if failed_deleted:
        extra["failed-deleted-leases"] = failed_deleted
    if failed:
        extra["failed-leases"] = failed
    return answer(SUCCESS if done else EMPTY, f"Bulk apply of {done} IPv6 leases completed.",
                  extra or None)


def failure(kind, address, result: int, text: str) -> dict:
    entry = {"type": TYPE_NAMES.get(kind, "V4")}
    if address is not None:
        entry["ip-address"] = str(address)
    entry.update({"result": result, "error-message": text})
    return entry


COMMANDS = {
    "lease4-add": lease_add(4), "lease6-add": lease_add(6),
    "lease4-update": lease_update(4), "lease6-update": lease_update(6),
    "lease4-get": lease_get(4), "lease6-get": lease_get(6),
    "lease4-get-all": lease_get_all(4), "lease6-get-all": lease_get_all(6),
    "lease4-get-page": lease_get_page(4), "lease6-get-page": lease_get_page(6),
    "lease4-get-by-hw-address": lookup_by(4, "hw-address", leasemgr.by_hwaddr,
                                          lambda text: kea_parse(HWAddr.parse, text)),
    "lease4-get-by-client-id": lookup_by(4, "client-id", leasemgr.by_client_id,
                                         lambda text: kea_parse(ClientId.parse, text)),
    "lease6-get-by-duid": lookup_by(6, "duid", leasemgr.by_duid,
                                    lambda text: kea_parse(parse_duid, text)),
    "lease4-get-by-hostname": lookup_by(4, "hostname", leasemgr.by_hostname4, hostname),
    "lease6-get-by-hostname": lookup_by(6, "hostname", leasemgr.by_hostname6, hostname),
    "lease4-del": lease_del(4), "lease6-del": lease_del(6),
    "lease4-wipe": lease_wipe(4), "lease6-wipe": lease_wipe(6),
    "lease4-resend-ddns": lease_resend_ddns(4), "lease6-resend-ddns": lease_resend_ddns(6),
    "lease6-bulk-apply": bulk_apply,
}
if KEA >= (2, 6):
    COMMANDS.update({"lease4-write": lease_write(4), "lease6-write": lease_write(6)})


def answering(handler):
    def command(arguments):
        try:
            return handler(arguments)
        except Refused as refused:
            return answer(refused.result, str(refused))
    return command


def load(handle):
    for name, handler in COMMANDS.items():
        handle.register_command(name, answering(handler))
