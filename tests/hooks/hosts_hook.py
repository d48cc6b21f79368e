"""A small host_cmds: control commands that reserve, look up and delete host reservations
through Kea's HostMgr, and a lease4_offer callout that keeps the host Kea passed (Kea 3.0).

    hosts-test-reserve {"hw-address", "subnet-id", "ip-address", "hostname", "domain-name"}
                       or {"duid", "subnet-id", "ip-addresses", "prefixes"} (DHCPv6)
    hosts-test-get     {"hw-address" | "duid", "subnet-id", "ip-address"}
    hosts-test-delete  {"hw-address" | "duid", "subnet-id"} or {"subnet-id", "ip-address"}
    hosts-test-offers  the hosts lease4_offer saw, per MAC
"""

from pykea import HWAddr, IdentifierType, Option, hosts

offers = {}


def load(handle):
    handle.register_command("hosts-test-reserve", reserve)
    handle.register_command("hosts-test-get", get)
    handle.register_command("hosts-test-delete", delete)
    handle.register_command("hosts-test-offers", lambda arguments: offers)


def _identifier(arguments):
    if "hw-address" in arguments:
        return HWAddr.parse(arguments["hw-address"]), None
    return bytes.fromhex(arguments["duid"].replace(":", "")), IdentifierType.DUID


def describe(host):
    if host is None:
        return None
    return {"identifier": host.identifier.hex(":"), "identifier-type": host.identifier_type.name,
            "ipv4-subnet-id": host.ipv4_subnet_id, "ipv6-subnet-id": host.ipv6_subnet_id,
            "ipv4-reservation": str(host.ipv4_reservation) if host.ipv4_reservation else None,
            "reservations6": [[r.type.name, str(r.prefix), r.length] for r in host.reservations6],
            "hostname": host.hostname, "writable": host.writable,
            "dict4": host.to_dict(4), "dict6": host.to_dict(6)}


def reserve(arguments):
    identifier, identifier_type = _identifier(arguments)
    if identifier_type is None:
        host = hosts.Host(identifier, ipv4_subnet_id=arguments["subnet-id"],
                          ipv4_reservation=arguments["ip-address"],
                          hostname=arguments.get("hostname", ""))
        if "domain-name" in arguments:
            host.add_option(Option.from_str(15, arguments["domain-name"]), always_send=True)
    else:
        host = hosts.Host(identifier, identifier_type, ipv6_subnet_id=arguments["subnet-id"],
                          reservations6=arguments.get("ip-addresses", []) + arguments.get("prefixes", []))
    hosts.add(host)
    return describe(host)


def get(arguments):
    identifier, identifier_type = _identifier(arguments)
    subnet_id = arguments["subnet-id"]
    lookup = hosts.get4 if identifier_type is None else hosts.get6
    return {"by-identifier": describe(lookup(subnet_id, identifier, identifier_type)),
            "by-address": describe(hosts.get_by_address(subnet_id, arguments["ip-address"])),
            "all-by-identifier": [describe(h) for h in hosts.get_all(identifier, identifier_type)],
            "all-in-subnet": [describe(h) for h in (hosts.get_all4 if identifier_type is None
                                                    else hosts.get_all6)(subnet_id)]}


def delete(arguments):
    if "ip-address" in arguments:
        return {"deleted": hosts.delete(arguments["subnet-id"], arguments["ip-address"])}
    identifier, identifier_type = _identifier(arguments)
    remove = hosts.delete4 if identifier_type is None else hosts.delete6
    return {"deleted": remove(arguments["subnet-id"], identifier, identifier_type)}


def lease4_offer(handle):
    offers[str(handle["query4"].hwaddr)] = describe(handle.get("host"))
