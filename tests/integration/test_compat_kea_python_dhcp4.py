"""A hook written against kea_python's 'kea' API ("compat": "kea_python") in kea-dhcp4, with
Kea's multi-threading off and on (which kea_python could not run with)."""

import pytest

from pykea.tools import lab

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
