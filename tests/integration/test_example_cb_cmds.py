"""examples/cb-cmds against its oracle, Kea's own configuration backend: the remote-* commands
go through the hook into a PostgreSQL configuration database made by kea-admin; then Kea,
whose config-control points at that database, fetches it (config-backend-pull) and serves it:
config-get shows the subnet, shared network, class, options and global parameter, a real client
is leased an address of the new subnet with the class's option on the wire, and after the
deletions Kea serves none of it. Kea 2.2's kea-dev cannot reach the backend manager."""

import glob

import pytest

from pykea import features
from pykea.tools import lab

from postgres import PostgresCluster
from testsupport import client as client6, example

pytestmark = pytest.mark.skipif(
    not features.feature("config-backend").available,
    reason=f"pykea has no configuration backend with this Kea: "
           f"{features.feature('config-backend').reason}")

REMOTE = {"type": "postgresql"}
MAC = "02:00:00:00:00:42"
SUBNET = {"id": 5, "subnet": "192.0.2.0/24", "shared-network-name": "floor3",
          "pools": [{"pool": "192.0.2.150 - 192.0.2.159"}],
          "option-data": [{"name": "routers", "data": "192.0.2.1"}]}
# Options of the subnet, its shared network and its pool (always sent: the client asks for none).
SCOPED_OPTIONS = [
    ("remote-option4-subnet-set", {"subnets": [{"id": 5}]},
     {"code": 42, "data": "192.0.2.123", "always-send": True}),            # ntp-servers
    ("remote-option4-network-set", {"shared-networks": [{"name": "floor3"}]},
     {"code": 7, "data": "192.0.2.7", "always-send": True}),              # log-servers
    ("remote-option4-pool-set", {"pools": [{"pool": "192.0.2.150 - 192.0.2.159"}]},
     {"code": 4, "data": "192.0.2.4", "always-send": True}),              # time-servers
]
LAB_CLASS = {"name": "lab", "test": f"pkt4.mac == 0x{MAC.replace(':', '')}",
             "option-data": [{"name": "domain-name", "data": "lab.example.org"}]}


def backend_library():
    """Kea 2.6 has its PostgreSQL configuration backend in libdhcp_pgsql_cb.so, 3.0 in
    libdhcp_pgsql.so."""
    if glob.glob("/usr/lib/*/kea/hooks/libdhcp_pgsql_cb.so"):
        return "libdhcp_pgsql_cb.so"
    return "libdhcp_pgsql.so"


def with_backend(config, family, database):
    config[family]["hooks-libraries"].insert(0, {"library": backend_library()})
    config[family]["server-tag"] = "server1"
    config[family]["config-control"] = {"config-databases": [database]}
    return config


def dhcp4(network, database):
    config = lab.dhcp4_config(network, {"module": example("cb-cmds/hook.py")}, subnet4=[])
    return with_backend(config, "Dhcp4", database)


def dhcp6(network, database):
    config = lab.dhcp6_config(network, {"module": example("cb-cmds/hook.py")}, subnet6=[])
    return with_backend(config, "Dhcp6", database)


class Checks:
    """Counts what matched the oracle; each check fails the test at once when it does not."""

    def __init__(self, kea):
        self.kea = kea
        self.count = 0

    def command(self, name, arguments, result=0, text=None):
        arguments = dict(arguments, remote=REMOTE)
        response = self.kea.command(name, arguments)
        assert response["result"] == result, (name, arguments, response)
        if text is not None:
            assert text in response["text"], (name, response)
        if result == 1:   # an error answers in one line
            assert "\n" not in response["text"], response
        return response.get("arguments")

    def that(self, condition, what):
        assert condition, what
        self.count += 1


def served(kea, family="Dhcp4"):
    """What Kea serves after fetching from the backend: its running configuration."""
    pulled = kea.command("config-backend-pull")
    assert pulled["result"] == 0, pulled
    return kea.command("config-get")["arguments"][family]


def store_everything(check):
    check.command("remote-server4-set", {"servers": [{"server-tag": "server1",
                                                      "description": "the lab's server"}]})
    servers = check.command("remote-server4-get", {"servers": [{"server-tag": "server1"}]})["servers"]
    check.that(servers == [{"server-tag": "server1", "description": "the lab's server"}], servers)
    check.command("remote-global-parameter4-set", {"parameters": {"valid-lifetime": 1234},
                                                   "server-tags": ["all"]})
    check.command("remote-option-def4-set", {"option-defs": [{"name": "lab-note", "code": 224,
                                                              "type": "string"}],
                                             "server-tags": ["all"]})
    check.command("remote-option4-global-set", {"options": [{"name": "domain-name-servers",
                                                             "data": "192.0.2.53"}],
                                                "server-tags": ["server1"]})
    check.command("remote-network4-set", {"shared-networks": [{"name": "floor3"}],
                                          "server-tags": ["all"]})
    check.command("remote-subnet4-set", {"subnets": [SUBNET], "server-tags": ["all"]})
    check.command("remote-class4-set", {"client-classes": [LAB_CLASS], "server-tags": ["all"]})
    for command, scope, option in SCOPED_OPTIONS:
        stored = check.command(command, {**scope, "options": [option]})
        check.that(stored == {"options": [{"code": option["code"], "space": "dhcp4"}]}, stored)


def read_back(check):
    subnet, = check.command("remote-subnet4-get-by-id", {"subnets": [{"id": 5}]})["subnets"]
    check.that(subnet["subnet"] == "192.0.2.0/24" and subnet["shared-network-name"] == "floor3"
               and subnet["metadata"] == {"server-tags": ["all"]}, subnet)
    by_prefix, = check.command("remote-subnet4-get-by-prefix",
                               {"subnets": [{"subnet": "192.0.2.0/24"}]})["subnets"]
    check.that(by_prefix["id"] == 5, by_prefix)
    listed = check.command("remote-subnet4-list", {"server-tags": ["server1"]})
    check.that(listed["count"] == 1 and listed["subnets"][0]["id"] == 5, listed)
    network, = check.command("remote-network4-get", {"shared-networks": [{"name": "floor3"}],
                                                     "subnets-include": "full"})["shared-networks"]
    check.that([s["id"] for s in network["subnet4"]] == [5], network)
    option, = check.command("remote-option4-global-get",
                            {"options": [{"code": 6}], "server-tags": ["server1"]})["options"]
    check.that(option["data"] == "192.0.2.53"
               and option["metadata"] == {"server-tags": ["server1"]}, option)
    definition, = check.command("remote-option-def4-get", {"option-defs": [{"code": 224}],
                                                          "server-tags": ["all"]})["option-defs"]
    check.that(definition["name"] == "lab-note" and definition["type"] == "string", definition)
    lab_class, = check.command("remote-class4-get",
                               {"client-classes": [{"name": "lab"}]})["client-classes"]
    check.that(lab_class["test"] == LAB_CLASS["test"], lab_class)
    parameter = check.command("remote-global-parameter4-get", {"parameters": ["valid-lifetime"],
                                                              "server-tags": ["server1"]})
    check.that(parameter["parameters"]["valid-lifetime"] == 1234, parameter)


def refusals(check):
    bad = check.command("remote-subnet4-set", {"subnets": [dict(SUBNET, color="blue")],
                                               "server-tags": ["all"]}, result=1, text="color")
    check.that(bad is None, bad)
    check.command("remote-subnet4-set", {"subnets": [dict(SUBNET, subnet="192.0.2.0/99")],
                                         "server-tags": ["all"]}, result=1, text="prefix length")
    check.command("remote-subnet4-set", {"subnets": [{"id": 6, "subnet": "198.51.100.0/24"}],
                                         "server-tags": ["all"]}, result=1,
                  text="shared-network-name")
    check.command("remote-subnet4-set", {"subnets": [{"id": 7, "subnet": "198.51.100.0/24",
                                                     "shared-network-name": None}],
                                         "server-tags": ["no-such-server"]}, result=1,
                  text="no-such-server")
    check.command("remote-class4-set", {"client-classes": [{"name": "broken", "test": "nonsense("}],
                                        "server-tags": ["all"]}, result=1)
    check.command("remote-subnet4-get-by-id", {"subnets": [{"id": 99}]}, result=3)
    check.command("remote-subnet4-list", {}, result=1, text="server-tags")
    check.command("remote-option4-subnet-set", {"subnets": [{"id": 99}],
                                                "options": [SCOPED_OPTIONS[0][2]]}, result=1)
    check.command("remote-option4-pool-set", {"pools": [{"pool": "not a pool"}],
                                              "options": [SCOPED_OPTIONS[2][2]]}, result=1,
                  text="not a pool")
    check.command("remote-option4-subnet-set", {"subnets": [{"id": 5}], "server-tags": ["all"],
                                                "options": [SCOPED_OPTIONS[0][2]]}, result=1,
                  text="server-tags")
    check.count += 10
    # Nothing of the refused commands was stored.
    listed = check.command("remote-subnet4-list", {"server-tags": ["all"]})
    check.that([s["id"] for s in listed["subnets"]] == [5], listed)


def kea_serves_it(check, network):
    config = served(check.kea)
    networks = {n["name"]: n for n in config["shared-networks"]}
    check.that("floor3" in networks, config["shared-networks"])
    subnet, = networks["floor3"]["subnet4"]
    check.that(subnet["id"] == 5 and subnet["pools"][0]["pool"] == "192.0.2.150-192.0.2.159",
               subnet)
    check.that(any(o["code"] == 42 and o["data"] == "192.0.2.123" for o in subnet["option-data"]),
               subnet["option-data"])
    check.that(any(o["code"] == 7 for o in networks["floor3"]["option-data"]), networks["floor3"])
    check.that(any(o["code"] == 4 for o in subnet["pools"][0]["option-data"]), subnet["pools"])
    classes = {c["name"]: c for c in config.get("client-classes", [])}
    check.that(classes["lab"]["option-data"][0]["data"] == "lab.example.org", classes)
    check.that(config["valid-lifetime"] == 1234, config["valid-lifetime"])
    check.that(any(d["code"] == 224 for d in config["option-def"]), config["option-def"])
    check.that(any(o["code"] == 6 and o["data"] == "192.0.2.53" for o in config["option-data"]),
               config["option-data"])
    exchange, = lab.run_client(network, "dora", "--mac", MAC)
    ack = exchange["ack"]
    check.that(ack and ack["yiaddr"].startswith("192.0.2.15"), exchange)
    options = ack["options"]
    check.that(options.get("domain") == "lab.example.org", options)     # the class's option
    check.that(options.get("router") == "192.0.2.1", options)          # the subnet's
    check.that(options.get("name_server") == "192.0.2.53", options)    # the global option
    check.that(options.get("lease_time") == 1234, options)             # the global parameter
    check.that(options.get("NTP_server") == "192.0.2.123", options)    # the subnet's, from cb
    check.that(options.get("log_server") == "192.0.2.7", options)      # the network's
    check.that(options.get("time_server") == "192.0.2.4", options)     # the pool's


def delete_everything(check):
    deletions = [
        ("remote-option4-pool-del", {"pools": [{"pool": "192.0.2.150 - 192.0.2.159"}],
                                     "options": [{"code": 4}]}),
        ("remote-option4-network-del", {"shared-networks": [{"name": "floor3"}],
                                        "options": [{"code": 7}]}),
        ("remote-option4-subnet-del", {"subnets": [{"id": 5}], "options": [{"code": 42}]}),
        ("remote-class4-del", {"client-classes": [{"name": "lab"}]}),
        ("remote-subnet4-del-by-id", {"subnets": [{"id": 5}]}),
        ("remote-network4-del", {"shared-networks": [{"name": "floor3"}]}),
        ("remote-option4-global-del", {"options": [{"code": 6}], "server-tags": ["server1"]}),
        ("remote-option-def4-del", {"option-defs": [{"code": 224}], "server-tags": ["all"]}),
        ("remote-global-parameter4-del", {"parameters": ["valid-lifetime"], "server-tags": ["all"]}),
    ]
    for name, arguments in deletions:
        check.that(check.command(name, arguments)["count"] == 1, name)
    check.that(check.command("remote-subnet4-del-by-id", {"subnets": [{"id": 5}]},
                             result=3)["count"] == 0, "deleted twice")
    config = served(check.kea)
    check.that(not config.get("shared-networks") and not config.get("subnet4"), config)
    check.that("lab" not in {c["name"] for c in config.get("client-classes", [])}, config)
    # (Kea's fetch of the deletion falls back to its default, 7200, not the file's 3600.)
    check.that(config.get("valid-lifetime") != 1234, config.get("valid-lifetime"))
    check.command("remote-server4-del", {"servers": [{"server-tag": "server1"}]})
    check.that(check.command("remote-server4-get-all", {}, result=3)["count"] == 0, "servers")


def another_kea_serves_it(check, network, database):
    """A kea-dhcp4 without pykea, reading the database at start-up, serves the same."""
    config = dhcp4(network, database)
    config["Dhcp4"]["hooks-libraries"] = [{"library": backend_library()}]
    with lab.KeaServer(network, config, name="cb-cmds-plain") as plain:
        served = plain.command("config-get")["arguments"]["Dhcp4"]
        check.that([s["id"] for n in served["shared-networks"] for s in n["subnet4"]] == [5], served)
        check.that(served["valid-lifetime"] == 1234, served["valid-lifetime"])
        exchange, = lab.run_client(network, "dora", "--mac", MAC)
        check.that(exchange["ack"] and exchange["ack"]["options"].get("domain") == "lab.example.org",
                   exchange)


def test_cb_cmds_stores_what_kea_then_serves(network):
    with PostgresCluster() as postgres:
        database = postgres.create_database("kea_cb", "cb_user", "kea-secret")
        with lab.KeaServer(network, dhcp4(network, database), name="cb-cmds") as kea:
            check = Checks(kea)
            store_everything(check)
            read_back(check)
            refusals(check)
            kea_serves_it(check, network)
        another_kea_serves_it(check, network, database)
        with lab.KeaServer(network, dhcp4(network, database), name="cb-cmds") as kea:
            check.kea = kea
            delete_everything(check)
    print(f"cb-cmds: {check.count} checks matched Kea's configuration backend")
    assert check.count >= 35, check.count


MAC6 = "02:00:00:00:01:07"
SUBNET6 = {"id": 7, "subnet": "2001:db8:1::/64", "shared-network-name": None,
           "pools": [{"pool": "2001:db8:1::700 - 2001:db8:1::7ff"}]}
LAB6 = {"name": "lab6", "test": f"option[1].hex == 0x00030001{MAC6.replace(':', '')}",
        "option-data": [{"name": "domain-search", "data": "lab.example.org",
                         "always-send": True}]}
# domain-search's wire form: the labels of lab.example.org.
LAB_SEARCH = (b"\x03lab\x07example\x03org\x00").hex()


def test_cb_cmds_v6_forms_are_served_by_kea_dhcp6(network):
    with PostgresCluster() as postgres:
        database = postgres.create_database("kea_cb6", "cb6_user", "kea-secret")
        config = dhcp6(network, database)
        with lab.KeaServer(network, config, name="cb-cmds6") as kea:
            check = Checks(kea)
            all_servers = {"server-tags": ["all"]}
            check.command("remote-subnet6-set", dict(all_servers, subnets=[
                dict(SUBNET6, interface=network.server_iface)]))
            check.command("remote-option6-global-set", dict(all_servers, options=[
                {"name": "dns-servers", "data": "2001:db8::53", "always-send": True}]))
            check.command("remote-class6-set", dict(all_servers, **{"client-classes": [LAB6]}))
            check.command("remote-global-parameter6-set",
                          dict(all_servers, parameters={"preferred-lifetime": 2500}))
            check.command("remote-subnet6-set", dict(all_servers, subnets=[
                {"id": 8, "subnet": "192.0.2.0/24", "shared-network-name": None}]), result=1)
            check.count += 1
            listed = check.command("remote-subnet6-list", all_servers)
            check.that([s["id"] for s in listed["subnets"]] == [7], listed)

            served6 = served(kea, "Dhcp6")
            subnet, = served6["subnet6"]
            check.that(subnet["id"] == 7 and subnet["pools"][0]["pool"].startswith("2001:db8:1::700"),
                       subnet)
            check.that(served6["preferred-lifetime"] == 2500, served6["preferred-lifetime"])
            check.that("lab6" in {c["name"] for c in served6.get("client-classes", [])}, served6)
            exchange, = client6(network, "sarr", "--mac", MAC6)
            reply = exchange["reply"]
            check.that(reply["leases"] and reply["leases"][0].startswith("2001:db8:1::7"), reply)
            check.that(reply["options"].get("23") == bytes.fromhex(
                "20010db8000000000000000000000053").hex(), reply["options"])
            check.that(reply["options"].get("24") == LAB_SEARCH, reply["options"])

            check.that(check.command("remote-subnet6-del-by-prefix", {"subnets": [
                {"subnet": "2001:db8:1::/64"}]})["count"] == 1, "subnet6 deleted")
            check.that(not served(kea, "Dhcp6").get("subnet6"), "subnet6 still served")
    print(f"cb-cmds v6: {check.count} checks matched Kea's configuration backend")
    assert check.count >= 10, check.count
