"""pykea.cb against the real library, in a process without a server: Kea's parsers for the
configuration backend's objects, and the pool with no backend configured. The PostgreSQL
backend itself is tested by tests/integration/test_example_cb_cmds.py."""

import pytest

from pykea import InvalidArgumentError, KeaError, UnsupportedError, cb, features
from pykea.testing import KeaHooks

needs_cb = pytest.mark.requires_kea(feature="config-backend")


@pytest.fixture(autouse=True)
def kea_logging():
    """Kea's subnet parser logs, which needs Kea's logging started (a server has it)."""
    if features.feature("config-backend").available:
        KeaHooks(server=4)
SUBNET = {"id": 5, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.99"}],
          "option-data": [{"name": "routers", "data": "192.0.2.1"}],
          "shared-network-name": "floor3"}


@needs_cb
def test_a_subnet_is_parsed_by_kea_and_printed_as_kea_prints_it():
    subnet = cb.parse(4, cb.Kind.SUBNET, SUBNET)
    assert (subnet.kind, subnet.universe) == (cb.Kind.SUBNET, 4)
    printed = subnet.to_dict()
    assert (printed["id"], printed["subnet"], printed["shared-network-name"]) == (5, "192.0.2.0/24", "floor3")
    assert printed["pools"][0]["pool"] == "192.0.2.10-192.0.2.99"
    assert printed["option-data"][0]["data"] == "192.0.2.1"
    assert subnet.server_tags == []
    alone = cb.parse(4, cb.Kind.SUBNET, {"id": 6, "subnet": "198.51.100.0/24"})
    assert alone.to_dict()["shared-network-name"] is None


@needs_cb
def test_kea_refuses_a_bad_subnet_with_its_reason():
    with pytest.raises(InvalidArgumentError, match="spurious 'color'"):
        cb.parse(4, cb.Kind.SUBNET, {"id": 5, "subnet": "192.0.2.0/24", "color": "blue"})
    with pytest.raises(InvalidArgumentError, match="prefix length"):
        cb.parse(4, cb.Kind.SUBNET, {"id": 5, "subnet": "192.0.2.0/99"})
    with pytest.raises(InvalidArgumentError, match="shared-network-name"):
        cb.parse(4, cb.Kind.SUBNET, {"id": 5, "subnet": "192.0.2.0/24", "shared-network-name": 3})


@needs_cb
def test_every_kind_parses_in_both_universes():
    objects = [
        (4, cb.Kind.SERVER, {"server-tag": "server1", "description": "first"}),
        (4, cb.Kind.SHARED_NETWORK, {"name": "floor3", "interface": "eth1"}),
        (4, cb.Kind.OPTION_DEF, {"name": "foo", "code": 222, "type": "uint32"}),
        (4, cb.Kind.OPTION, {"name": "domain-name", "data": "example.org"}),
        (4, cb.Kind.CLIENT_CLASS, {"name": "lab", "test": "substring(option[61].hex,0,3) == 'lab'",
                                   "option-data": [{"name": "domain-name", "data": "lab.example.org"}]}),
        (4, cb.Kind.GLOBAL_PARAMETER, {"valid-lifetime": 1200}),
        (6, cb.Kind.SUBNET, {"id": 7, "subnet": "2001:db8::/64"}),
        (6, cb.Kind.OPTION, {"name": "dns-servers", "data": "2001:db8::53"}),
        (6, cb.Kind.CLIENT_CLASS, {"name": "lab6"}),
    ]
    for universe, kind, config in objects:
        parsed = cb.parse(universe, kind, config)
        assert (parsed.universe, parsed.kind) == (universe, kind)
        printed = parsed.to_dict()
        for key in ("name", "server-tag", "subnet", "valid-lifetime"):
            if key in config:
                assert printed[key] == config[key], (config, printed)
    option = cb.parse(4, cb.Kind.OPTION, {"name": "domain-name", "data": "example.org"}).to_dict()
    assert (option["code"], option["space"], option["csv-format"]) == (15, "dhcp4", True)
    definition = cb.parse(4, cb.Kind.OPTION_DEF, {"name": "foo", "code": 222, "type": "uint32"})
    assert definition.to_dict()["space"] == "dhcp4"


@needs_cb
def test_bad_objects_of_each_kind_are_refused():
    bad = [(cb.Kind.SERVER, {"description": "no tag"}, "server-tag"),
           (cb.Kind.OPTION, {"name": "no-such-option", "data": "1"}, "no-such-option"),
           (cb.Kind.OPTION_DEF, {"name": "foo", "code": 222, "type": "color"}, "not supported"),
           (cb.Kind.CLIENT_CLASS, {"name": "x", "test": "this is not an expression"}, "expression"),
           (cb.Kind.GLOBAL_PARAMETER, {"no-such-parameter": 1}, "spurious 'no-such-parameter'"),
           (cb.Kind.GLOBAL_PARAMETER, {"valid-lifetime": 1, "renew-timer": 2}, "one name")]
    for kind, config, reason in bad:
        with pytest.raises(InvalidArgumentError, match=reason):
            cb.parse(4, kind, config)


@needs_cb
def test_without_a_backend_lookups_find_nothing_and_writes_fail():
    backend = cb.ConfigBackend(4)
    assert backend.get(cb.Kind.SUBNET, 5) is None
    assert backend.get(cb.Kind.OPTION, (15, "dhcp4"), cb.Servers.tags("server1")) is None
    assert backend.get_all(cb.Kind.CLIENT_CLASS, cb.Servers.ALL) == []
    with pytest.raises(KeaError):
        backend.set(cb.parse(4, cb.Kind.SUBNET, SUBNET), cb.Servers.ALL)
    with pytest.raises(InvalidArgumentError, match="universe"):
        backend.set(cb.parse(6, cb.Kind.CLIENT_CLASS, {"name": "lab6"}))


@needs_cb
def test_a_scoped_option_names_its_subnet_network_or_pool_in_that_scope_s_form():
    backend = cb.ConfigBackend(4)
    option = cb.parse(4, cb.Kind.OPTION, {"name": "ntp-servers", "data": "192.0.2.123"})
    refused = [(cb.Scope.SUBNET, "five", "a subnet id"), (cb.Scope.SUBNET, 0, "a subnet id"),
               (cb.Scope.SHARED_NETWORK, " ", "a shared network name"),
               (cb.Scope.POOL, "192.0.2.10 - nowhere", "first - last"),
               (cb.Scope.POOL, "2001:db8::1 - 2001:db8::9", "not of this universe"),
               (cb.Scope.POOL, "192.0.2.0/33", "prefix length"),
               (cb.Scope.PD_POOL, "2001:db8::/56", "DHCPv6's")]
    for scope, where, reason in refused:
        with pytest.raises(InvalidArgumentError, match=reason):
            backend.set_option(option, scope, where)
        with pytest.raises(InvalidArgumentError, match=reason):
            backend.delete_option(scope, where, 42, "dhcp4")
    with pytest.raises(InvalidArgumentError, match="an option"):
        backend.set_option(cb.parse(4, cb.Kind.CLIENT_CLASS, {"name": "lab"}), cb.Scope.SUBNET, 5)
    with pytest.raises(InvalidArgumentError, match="other universe"):
        cb.ConfigBackend(6).set_option(option, cb.Scope.SUBNET, 5)
    # Well-formed scopes reach the pool, which has no backend here.
    for scope, where in ((cb.Scope.SUBNET, 5), (cb.Scope.SHARED_NETWORK, "floor3"),
                         (cb.Scope.POOL, "192.0.2.10 - 192.0.2.99"), (cb.Scope.POOL, "192.0.2.0/26")):
        with pytest.raises(KeaError) as raised:
            backend.set_option(option, scope, where)
        assert not isinstance(raised.value, InvalidArgumentError), raised.value
    option6 = cb.parse(6, cb.Kind.OPTION, {"name": "dns-servers", "data": "2001:db8::53"})
    with pytest.raises(KeaError) as raised:
        cb.ConfigBackend(6).set_option(option6, cb.Scope.PD_POOL, "2001:db8:8000::/48")
    assert not isinstance(raised.value, InvalidArgumentError), raised.value


def test_keys_and_selectors_are_checked_before_kea_is_asked():
    with pytest.raises(TypeError, match="code, space"):
        cb.ConfigBackend(4).get(cb.Kind.OPTION, 15)
    with pytest.raises(ValueError):
        cb.Servers.tags()
    with pytest.raises(ValueError):
        cb.ConfigBackend(5)
    assert repr(cb.Servers.tags("a", "b")) == "Servers.tags('a', 'b')"
    assert repr(cb.Servers.ALL) == "Servers.ALL"


@pytest.mark.requires_kea(feature="config-backend", available=False)
def test_without_the_headers_every_call_says_why():
    reason = features.feature("config-backend").reason
    assert "cfg_globals.h" in reason or "libssl-dev" in reason
    with pytest.raises(UnsupportedError, match="configuration backend"):
        cb.parse(4, cb.Kind.SUBNET, SUBNET)
    with pytest.raises(UnsupportedError):
        cb.ConfigBackend(4).get(cb.Kind.SUBNET, 5)
