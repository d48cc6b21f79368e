"""A hook written against kea_python's 'kea' API ("compat": "kea_python") in kea-dhcp4, with
Kea's multi-threading off and on (which kea_python could not run with)."""

import pytest

from pykea import features
from pykea.tools import lab

from postgres import PostgresCluster
from test_example_cb_cmds import with_backend
from testsupport import hook


@pytest.mark.parametrize("multi_threading", [False, True], ids=["threads-off", "threads-on"])
def test_kea_python_hook_serves_doras_and_answers_its_command(network, start_kea, multi_threading):
    kea = start_kea({"module": hook("kea_python/compat_hook.py"), "compat": "kea_python"},
                    multi_threading=multi_threading)
    exchanges = lab.run_client(network, "dora", "--count", "3")
    assert len(exchanges) == 3
    for number, exchange in enumerate(exchanges, start=1):     # MACs 02:00:00:00:00:01...
        assert exchange["offer"]["yiaddr"] == f"192.0.2.{150 + number}", exchange
        assert exchange["ack"]["yiaddr"] == f"192.0.2.{150 + number}", exchange
        options = exchange["ack"]["options"]
        assert options["lease_time"] == 7200 and options["domain"] in ("example.org", b"example.org")
    answer = kea.command("compat-echo", {"n": 3})
    assert answer["result"] == 0 and answer["arguments"]["got"] == {"n": 3}, answer
    assert "PYKEA_CALLOUT_RAISED" not in kea.log()


def test_unknown_compat_value_is_refused_at_validation(network, start_kea):
    with pytest.raises(RuntimeError, match='the only layer is "kea_python"'):
        start_kea({"module": hook("kea_python/compat_hook.py"), "compat": "kea-python"})


@pytest.mark.skipif(not features.feature("config-backend").available,
                    reason=f"pykea has no configuration backend with this Kea: "
                           f"{features.feature('config-backend').reason}")
def test_kea_python_hook_writes_what_kea_fetches_from_the_configuration_backend(network):
    """kea_python's ConfigBackendPoolDHCPv4 calls, through pykea.cb, store in the PostgreSQL
    backend what Kea then fetches and serves."""
    with PostgresCluster() as postgres:
        database = postgres.create_database("kea_compat_cb", "compat_user", "kea-secret")
        config = lab.dhcp4_config(network, {"module": hook("kea_python/cb_hook.py"),
                                            "compat": "kea_python"})
        with lab.KeaServer(network, with_backend(config, "Dhcp4", database),
                           name="compat-cb") as kea:
            written = kea.command("compat-cb-write")
            assert written["result"] == 0, written
            assert "read only under pykea" in written["arguments"]["refused"]
            read = kea.command("compat-cb-read")
            assert read["result"] == 0, read
            found = read["arguments"]
            subnet = found["subnet"]
            assert (subnet["subnet"], subnet["renew-timer"]) == ("198.51.100.0/24", 900)
            assert found["metadata"] == {"server-tags": ["server1"]}
            assert found["subnets"] == [1, 6, 7] and found["missing"]
            assert found["servers"] == [{"server-tag": "server1",
                                         "description": "the lab's server"}]
            assert found["class"]["option-data"][0]["data"] == "lab.example.org"
            assert found["classes"] == ["lab"]
            assert kea.command("config-backend-pull")["result"] == 0
            served = kea.command("config-get")["arguments"]["Dhcp4"]
            assert sorted(s["id"] for s in served["subnet4"]) == [1, 6, 7]
            assert [c["name"] for c in served["client-classes"]] == ["lab"]
            exchange, = lab.run_client(network, "dora")
            assert exchange["ack"]["yiaddr"].startswith("192.0.2."), exchange
            deleted = kea.command("compat-cb-delete")
            assert deleted["arguments"]["deleted"] == [1, 1, 1, 1, 0], deleted
            assert kea.command("config-backend-pull")["result"] == 0
            left = kea.command("config-get")["arguments"]["Dhcp4"]["subnet4"]
            assert not {s["id"] for s in left} & {6, 7}, left
