"""For the configuration tests: records what the configuration objects say at
dhcp4_srv_configured / dhcp6_srv_configured, subnet4_select / subnet6_select, lease4_select and
ddns4_update (to the JSON file named by the hook parameter "record"), and at subnet4_select
replaces the subnet Kea selected with the one whose id is the parameter "steer-to"."""

import json
import threading

from pykea import config

records = {}
lock = threading.Lock()
parameters = {}


def load(handle):
    parameters.update(handle.parameters)


def record(hook, **values):
    with lock:
        records.setdefault(hook, values)
        with open(parameters["record"], "w") as out:
            json.dump(records, out, indent=1, default=str)


def attempt(read):
    """What ``read()`` gives, or the error it raises (some Kea builds lack a feature)."""
    try:
        return read()
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def describe(subnet):
    if subnet is None:
        return None
    described = {"id": subnet.id, "prefix": str(subnet.prefix), "valid": subnet.valid_lifetime,
                 "t1": subnet.t1, "t2": subnet.t2, "shared_network": subnet.shared_network_name,
                 "classes": subnet.client_classes, "context": subnet.user_context,
                 "relays": [str(a) for a in subnet.relay_addresses],
                 "pools": [[str(p.first), str(p.last), p.delegated_length, p.id]
                           for p in subnet.pools],
                 "options": subnet.options, "dict_subnet": subnet.to_dict()["subnet"]}
    if isinstance(subnet, config.Subnet6):
        described["preferred"] = subnet.preferred_lifetime
        described["pd_pools"] = [[str(p.first), str(p.last), p.delegated_length, p.id]
                                 for p in subnet.pd_pools]
    return described


def describe_config(server_config, family):
    probe = "198.51.100.7" if family == 4 else "2001:db8:1::7"
    return {
        "top": sorted(server_config.to_dict()),
        "subnets": [describe(s) for s in server_config.subnets()],
        "by_id": attempt(lambda: server_config.subnet(1).id),
        "by_prefix": attempt(lambda: server_config.subnet_by_prefix(
            "198.51.100.0/24" if family == 4 else "2001:db8:1::/64").id),
        "for_address": attempt(lambda: server_config.subnet_for_address(probe).id),
        "missing": attempt(lambda: server_config.subnet(999)),
        "networks": {n.name: [s.id for s in n.subnets] for n in server_config.shared_networks()},
        "network_dict": [n.to_dict()["name"] for n in server_config.shared_networks()],
        "valid_global": server_config.get_global("valid-lifetime"),
    }


def configured(handle, family):
    state = handle["network_state"]
    record(f"dhcp{family}_srv_configured", enabled=state.enabled,
           config=attempt(lambda: describe_config(handle["server_config"], family)))


def dhcp4_srv_configured(handle):
    configured(handle, 4)


def dhcp6_srv_configured(handle):
    configured(handle, 6)


def subnet4_select(handle):
    chosen = handle["subnet4"]
    collection = attempt(lambda: handle["subnet4collection"])
    record("subnet4_select", chosen=describe(chosen),
           collection=collection if isinstance(collection, dict) else [s.id for s in collection],
           kea_would_select=attempt(lambda: config.select_subnet(handle["query4"]).id),
           same=attempt(lambda: config.subnet(chosen.id) == chosen))
    target = parameters.get("steer-to")
    if target is not None and not isinstance(collection, dict):
        handle["subnet4"] = next(s for s in collection if s.id == target)


def lease4_select(handle):
    record("lease4_select", subnet=handle["subnet4"].id)


def ddns4_update(handle):
    params = handle["ddns-params"]
    record("ddns4_update", hostname=handle["hostname"], subnet=handle["subnet4"].id,
           params=params.__dict__)


def subnet6_select(handle):
    record("subnet6_select", chosen=describe(handle["subnet6"]),
           collection=attempt(lambda: [s.id for s in handle["subnet6collection"]]),
           kea_would_select=attempt(lambda: config.select_subnet(handle["query6"]).id))
