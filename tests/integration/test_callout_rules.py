"""The return-value rule and what on-error means at dhcp4_srv_configured, in a real kea-dhcp4
(docs/security.md, "Return values")."""

import copy

import pytest

from pykea.tools import lab

from testsupport import hook, reconfigure_after_refusal, wait_until

RETURNS_HOOK = hook("returns_hook.py")


@pytest.mark.parametrize("returns, shown", [("true", "bool True"), ("minus-one", "int -1"),
                                            ("huge", f"int {2**100}")])
def test_a_return_value_that_is_not_a_next_step_is_an_error_and_drops(network, start_kea,
                                                                       returns, shown):
    kea = start_kea({"module": RETURNS_HOOK, "returns": returns})
    result, = lab.run_client(network, "dora", "--mac", "02:00:00:00:0b:01", "--timeout", "3")
    log = wait_until(lambda: f"returned {shown};" in kea.log() and kea.log(),
                     "pykea's log of the return value")
    assert result["offer"] is None
    assert "callout returns_hook.pkt4_receive at pkt4_receive failed; the packet is dropped" in log
    assert "HOOKS_CALLOUT_ERROR" not in log         # logged once, by pykea


def test_returning_next_step_drop_drops_quietly(network, start_kea):
    kea = start_kea({"module": RETURNS_HOOK, "returns": "drop"})
    result, = lab.run_client(network, "dora", "--mac", "02:00:00:00:0b:02", "--timeout", "3")
    log = wait_until(lambda: "pkt4_receive saw transid" in kea.log() and kea.log(),
                     "the hook's log line for the DISCOVER")    # Kea got it, and dropped it
    assert result["offer"] is None
    assert "failed" not in log and "HOOKS_CALLOUT_ERROR" not in log
    response = kea.command("config-set", _with(kea, returns="zero"))
    assert response["result"] == 0, response
    result, = lab.run_client(network, "dora", "--mac", "02:00:00:00:0b:03")
    assert result["ack"] is not None


def _with(kea, **parameters):
    config = copy.deepcopy(kea.config)
    config["Dhcp4"]["hooks-libraries"][0]["parameters"].update(parameters)
    return lab.for_installed_kea(config)


def test_a_failing_srv_configured_refuses_a_new_configuration_and_kea_serves_on(network, start_kea):
    kea = start_kea({"module": RETURNS_HOOK})
    response = kea.command("config-set", _with(kea, **{"fail-configured": True}))
    assert response["result"] != 0, response
    assert "the inventory service is unreachable" in response["text"], response
    refused = "the configuration is refused (on-error: drop)"
    log = wait_until(lambda: refused in kea.log() and kea.log(), "pykea's refusal of the configuration")
    assert "RuntimeError: the inventory service is unreachable" in log
    assert kea.alive()
    reconfigure_after_refusal(kea)
    result, = lab.run_client(network, "dora", "--mac", "02:00:00:00:0b:04")
    assert result["ack"] is not None


def test_a_failing_srv_configured_with_on_error_continue_keeps_the_configuration(network,
                                                                                 start_kea):
    kea = start_kea({"module": RETURNS_HOOK, "fail-configured": True, "on-error": "continue"})
    assert "the configuration is kept (on-error: continue)" in kea.log()
    result, = lab.run_client(network, "dora", "--mac", "02:00:00:00:0b:05")
    assert result["ack"] is not None


def test_a_failing_srv_configured_at_start_up_stops_kea_with_the_reason(network, start_kea):
    with pytest.raises(RuntimeError) as failure:
        start_kea({"module": RETURNS_HOOK, "fail-configured": True})
    message = str(failure.value)
    assert "exited with 1" in message
    assert "the configuration is refused (on-error: drop)" in message
    assert "the inventory service is unreachable" in message
