"""host-cmds: Kea's host_cmds control commands (reservation-*) written in Python.

Answers as Kea 3.0's libdhcp_host_cmds.so does: the same result codes, texts and arguments,
over Kea's own host manager (the configuration's reservations and the hosts-database). Load it
instead of that library (both register the same command names)."""

import ipaddress

from pykea import HostsTarget, InvalidArgumentError, KeaError, config, hosts
from pykea.enums import ReservationType

SUCCESS, ERROR, EMPTY = 0, 1, 3
SUBNET_ID_MAX = 0xFFFFFFFE
SUBNET_ID_UNUSED = 0xFFFFFFFF
TARGETS = {"memory": HostsTarget.MEMORY, "database": HostsTarget.DATABASE,
           "all": HostsTarget.ALL, "default": None}
IDENTIFIER_TYPES = {"hw-address": 0, "duid": 1, "circuit-id": 2, "client-id": 3, "flex-id": 4}


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


class Server:
    """The family this Kea serves, read once per command."""

    def __init__(self) -> None:
        self.current = config.current_config()
        self.universe = 4 if "Dhcp4" in self.current.to_dict() else 6

    def subnet_id_of(self, host) -> int:
        subnet_id = host.ipv4_subnet_id if self.universe == 4 else host.ipv6_subnet_id
        return SUBNET_ID_UNUSED if subnet_id is None else subnet_id

    def described(self, host, subnet_id=None) -> dict:
        """The host as host_cmds answers it: Kea's toElement4/6 plus its subnet-id."""
        entry = host.to_dict(self.universe)
        entry["subnet-id"] = self.subnet_id_of(host) if subnet_id is None else subnet_id
        return entry

    def subnets(self):
        return [s for s in self.current.subnets() if s.prefix.version == self.universe]

    def validate(self, subnet_id: int, addresses=()) -> None:
        """host_cmds' validateHostForSubnet4/6."""
        if subnet_id == 0:
            return
        subnet = self.current.subnet(subnet_id)
        if subnet is None or subnet.prefix.version != self.universe:
            raise Refused(f"IPv{self.universe} subnet with ID of '{subnet_id}' is not configured")
        for address in addresses:
            if not subnet.in_range(address):
                raise Refused(f"specified reservation '{address}' is not matching the "
                              f"IPv{self.universe} subnet prefix '{subnet.prefix}'")

    def hint(self, addresses, subject: str) -> str:
        """Why a reservation needs a subnet-id: the subnets its addresses belong to."""
        candidate = guarded = None
        others = False
        for subnet in self.subnets():
            if not all(subnet.in_range(a) for a in addresses):
                continue
            if not subnet.client_classes:
                others = others or candidate is not None
                candidate = candidate or subnet
            else:
                others = others or guarded is not None
                guarded = guarded or subnet
        others = others or (guarded is not None and candidate is not None)
        found = candidate or guarded
        if found is None:
            return (f"{subject} belongs to no configured subnet." if self.universe == 4 else
                    f"{subject} do not belong to a common configured subnet.")
        kind = "subnet" if candidate else "guarded subnet"
        verb = "belongs" if self.universe == 4 else "belong"
        return (f"{subject} {verb} to {kind} '{found.prefix}' id {found.id}"
                f"{' and others.' if others else '.'}")

    def reserved_addresses(self, host):
        if self.universe == 4:
            return [host.ipv4_reservation] if host.ipv4_reservation else []
        return [r.prefix for r in host.reservations6 if r.type == ReservationType.ADDRESS]


# -- parameters, as host_cmds reads them -----------------------------------------------------------

def integer(arguments: dict, name: str, maximum: int) -> int:
    if name not in arguments:
        raise Refused(f"missing parameter '{name}'")
    value = arguments[name]
    if type(value) is not int:
        raise Refused(f"invalid type specified for parameter '{name}'")
    if not 0 <= value <= maximum:
        raise Refused(f"The '{name}' value ({value}) is not within expected range: "
                      f"(0 - {maximum})")
    return value


def string(arguments: dict, name: str) -> str:
    if name not in arguments:
        raise Refused(f"missing parameter '{name}'")
    if not isinstance(arguments[name], str):
        raise Refused(f"invalid type specified for parameter '{name}'")
    return arguments[name]


def target_of(arguments: dict, default):
    if "operation-target" not in arguments:
        return default
    raw = string(arguments, "operation-target")
    if raw not in TARGETS:
        raise Refused(f"The 'operation-target' value ({raw}) is not within expected set: "
                      "(memory, database, all, default)")
    return TARGETS[raw] or default


def require_map(arguments) -> dict:
    if not isinstance(arguments, dict):
        raise Refused("Parameters missing or are not a map.")
    return arguments


def identifier_of(arguments: dict, missing: str):
    kind, text = arguments.get("identifier-type"), arguments.get("identifier")
    if not isinstance(kind, str):
        raise Refused(missing.format("identifier-type"))
    if not isinstance(text, str):
        raise Refused(missing.format("identifier"))
    try:
        data = hosts.parse_identifier(text)
    except InvalidArgumentError:
        raise Refused("Unable to parse 'identifier' value.") from None
    if not data:
        raise Refused("Unable to query for empty 'identifier'.")
    if kind not in IDENTIFIER_TYPES:
        raise Refused("Value of 'identifier-type' was not recognized.")
    return IDENTIFIER_TYPES[kind], data


def address_of(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise Refused(f"Failed to convert string to address '{text}': Invalid argument") from None


class Query:
    """reservation-get and reservation-del: a subnet-id with an address or an identifier."""

    def __init__(self, arguments, default_target) -> None:
        arguments = require_map(arguments)
        address, kind, text = (arguments.get(k) for k in ("ip-address", "identifier-type",
                                                           "identifier"))
        self.subnet_id = None
        if "subnet-id" in arguments or (address is None and kind is None and text is None):
            self.subnet_id = integer(arguments, "subnet-id", SUBNET_ID_MAX)
        self.target = target_of(arguments, default_target)
        self.address = None
        if address is not None:
            if not isinstance(address, str):
                raise Refused("'ip-address' is not a string.")
            self.address = address_of(address)
            if self.subnet_id is None:
                raise Refused("missing parameter 'subnet-id', use 'reservation-get-by-address' "
                              f"with 'ip-address' set to \"{address}\" to get the list of "
                              "reservations with this address")
            return
        self.kind, self.identifier = identifier_of(
            arguments, "No 'ip-address' provided and '{}' is either missing or not a string.")
        if self.subnet_id is None:
            raise Refused("missing parameter 'subnet-id', use 'reservation-get-by-id' with "
                          f"'identifier-type' set to \"{kind}\" and 'identifier' to \"{text}\" "
                          "to get the list of reservations with this identifier")


def optional_subnet(arguments: dict):
    return integer(arguments, "subnet-id", SUBNET_ID_MAX) if "subnet-id" in arguments else None


def listed(server: Server, found, subnet_id=None, **extra) -> dict:
    entries = []
    for host in found:
        shown = subnet_id if subnet_id is not None else server.subnet_id_of(host)
        if shown != SUBNET_ID_UNUSED:
            entries.append(server.described(host, shown))
    arguments = {"hosts": entries, **{name: make(entries) for name, make in extra.items()}}
    return answer(SUCCESS if entries else EMPTY,
                  f"{len(entries)} IPv{server.universe} host(s) found.", arguments)


# -- the commands -----------------------------------------------------------------------------------

def parsed_reservation(server: Server, reservation, subnet_required: bool):
    """host_cmds' parseWithSubnet: the "subnet-id" taken out, the rest read by Kea's parser."""
    fields = dict(reservation)
    subnet_id = None
    if "subnet-id" in fields:
        value = fields.pop("subnet-id")
        if type(value) is not int:
            raise Refused("'subnet-id' parameter is not integer.")
        if not 0 <= value <= SUBNET_ID_MAX:
            raise Refused(f"subnet-id: {value} is invalid, must be between 0 and "
                          f"{SUBNET_ID_MAX} (inclusive).")
        subnet_id = value
    if subnet_required and subnet_id is None:
        raise Refused("Mandatory 'subnet-id' parameter missing. Use `reservation-get-by-id' or "
                      "'reservation-get-by-address' to get the list of reservations with given "
                      "identifier or address.")
    try:
        return hosts.parse(fields, server.universe, subnet_id)
    except InvalidArgumentError as error:
        raise Refused(str(error)) from None


def reservation_add(arguments):
    server = Server()
    if arguments is None:
        raise Refused("no parameters specified for the command")
    target = target_of(arguments, HostsTarget.DATABASE)
    if "reservation" not in arguments:
        raise Refused("reservation must be specified")
    host = parsed_reservation(server, arguments["reservation"], subnet_required=False)
    global_assumed = server.subnet_id_of(host) == SUBNET_ID_UNUSED
    if global_assumed:
        addresses = server.reserved_addresses(host)
        if addresses:
            raise Refused("Mandatory 'subnet-id' parameter missing. " + server.hint(
                addresses, f"The address '{addresses[0]}'" if server.universe == 4
                else "Reserved IPv6 addresses"))
        if server.universe == 6 and host.reservations6:
            raise Refused("Mandatory 'subnet-id' parameter missing. Prefixes are not attached "
                          "to subnets so no hint is available.")
        setattr(host, f"ipv{server.universe}_subnet_id", 0)
    store(server, hosts.add, host, target, "Host database not available, cannot add host.")
    text = "Host added."
    if global_assumed:
        text += " subnet-id not specified, assumed global (subnet-id 0)."
    return answer(SUCCESS, text)


def store(server: Server, call, host, target, no_database: str) -> None:
    """What reservation-add and reservation-update do once the host is parsed: hosts.add or
    hosts.update after the database and subnet checks."""
    if not hosts.database_available() and target == HostsTarget.DATABASE:
        raise Refused(no_database)
    server.validate(server.subnet_id_of(host), server.reserved_addresses(host))
    kea_call(call, host, target)


def kea_call(call, *arguments):
    """A pykea.hosts call whose Kea error is the command's answer."""
    try:
        return call(*arguments)
    except (KeaError, InvalidArgumentError) as error:
        raise Refused(str(error)) from None


def reservation_get(arguments):
    server = Server()
    query = Query(arguments, HostsTarget.ALL)
    if query.address is not None:
        host = kea_call(hosts.get_by_address, query.subnet_id, query.address, query.target)
    else:
        get = hosts.get4 if server.universe == 4 else hosts.get6
        host = kea_call(get, query.subnet_id, query.identifier, query.kind, query.target)
    if host is None:
        return answer(EMPTY, "Host not found.")
    return answer(SUCCESS, "Host found.", server.described(host))


def reservation_del(arguments):
    server = Server()
    query = Query(arguments, HostsTarget.DATABASE)
    if query.address is not None:
        deleted = kea_call(hosts.delete, query.subnet_id, query.address, query.target)
    else:
        delete = hosts.delete4 if server.universe == 4 else hosts.delete6
        deleted = kea_call(delete, query.subnet_id, query.identifier, query.kind, query.target)
    if not deleted:
        return answer(EMPTY, "Host not deleted (not found).")
    return answer(SUCCESS, "Host deleted.")


def reservation_get_all(arguments):
    server = Server()
    arguments = require_map(arguments)
    subnet_id = integer(arguments, "subnet-id", SUBNET_ID_MAX)
    target = target_of(arguments, HostsTarget.ALL)
    server.validate(subnet_id)
    get_all = hosts.get_all4 if server.universe == 4 else hosts.get_all6
    found = kea_call(get_all, subnet_id, target)
    return listed(server, found, subnet_id=None)


def reservation_get_page(arguments):
    server = Server()
    arguments = require_map(arguments)
    limit = integer(arguments, "limit", 0xFFFFFFFF)
    subnet_id = optional_subnet(arguments)
    source = integer(arguments, "source-index", 10) if "source-index" in arguments else 0
    start = 0
    if "from" in arguments:
        if type(arguments["from"]) is not int:
            raise Refused("invalid type specified for parameter 'from'")
        start = arguments["from"]
    if subnet_id is not None:
        server.validate(subnet_id)
    found, source = kea_call(hosts.page, server.universe, limit, source, start, subnet_id)
    result = listed(server, found, subnet_id, count=len)
    if result["arguments"]["hosts"]:
        shown = [h for h in found if subnet_id is not None or
                 server.subnet_id_of(h) != SUBNET_ID_UNUSED]
        result["arguments"]["next"] = {"source-index": source, "from": shown[-1].id}
    return result


def reservation_get_by_hostname(arguments):
    server = Server()
    arguments = require_map(arguments)
    hostname = string(arguments, "hostname")
    subnet_id = optional_subnet(arguments)
    target = target_of(arguments, HostsTarget.ALL)
    if not hostname:
        raise Refused("Empty hostname")
    if subnet_id is not None:
        server.validate(subnet_id)
    found = kea_call(hosts.by_hostname, hostname.lower(), subnet_id, server.universe, target)
    return listed(server, found, subnet_id)


def reservation_get_by_id(arguments):
    server = Server()
    arguments = require_map(arguments)
    kind, identifier = identifier_of(arguments, "'{}' is either missing or not a string.")
    if "subnet-id" in arguments:
        raise Refused("'subnet-id' is forbidden in reservation-get-by-id")
    target = target_of(arguments, HostsTarget.ALL)
    return listed(server, kea_call(hosts.get_all, identifier, kind, target))


def reservation_get_by_address(arguments):
    server = Server()
    arguments = require_map(arguments)
    text = string(arguments, "ip-address")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise Refused(f"Failed to convert '{text}' to address: Failed to convert string to "
                      f"address '{text}': Invalid argument") from None
    subnet_id = optional_subnet(arguments)
    target = target_of(arguments, HostsTarget.ALL)
    if subnet_id is not None:
        server.validate(subnet_id)
    return listed(server, kea_call(hosts.by_address, address, subnet_id, target), subnet_id)


def reservation_update(arguments):
    server = Server()
    if arguments is None:
        raise Refused("invalid command: does not contain mandatory 'arguments'")
    if not isinstance(arguments, dict):
        raise Refused("invalid command: expected 'arguments' to be a map, got "
                      f"{kea_type(arguments)} instead")
    reservation = arguments.get("reservation")
    if reservation is None:
        raise Refused("invalid command: expected 'reservation' as the sole parameter inside "
                      "the 'arguments' map, didn't get it instead")
    if not isinstance(reservation, dict):
        raise Refused("invalid command: expected 'reservation' to be a map, got "
                      f"{kea_type(reservation)} instead")
    target = target_of(arguments, HostsTarget.DATABASE)
    host = parsed_reservation(server, reservation, subnet_required=True)
    store(server, hosts.update, host, target, "host database not available, cannot update host")
    return answer(SUCCESS, "Host updated.")


def kea_type(value) -> str:
    """Element::typeToName of a JSON value."""
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "real"), (str, "string"),
                       (list, "list"), (dict, "map")):
        if isinstance(value, kind):
            return name
    return "null"


COMMANDS = {
    "reservation-add": reservation_add,
    "reservation-get": reservation_get,
    "reservation-del": reservation_del,
    "reservation-get-all": reservation_get_all,
    "reservation-get-page": reservation_get_page,
    "reservation-get-by-hostname": reservation_get_by_hostname,
    "reservation-get-by-id": reservation_get_by_id,
    "reservation-get-by-address": reservation_get_by_address,
    "reservation-update": reservation_update,
}


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
