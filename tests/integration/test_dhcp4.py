"""kea-dhcp4 with pykea in one namespace, a scapy client in another."""

import os
import threading

from pykea.tools import lab

from testsupport import NO_ANSWER_WAIT, example, hook, wait_until

COUNTER = "/run/kea/counting_hook.loads"
WPAD_URL = "http://wpad.example.org/wpad.dat"


def test_hook_picks_the_address_and_adds_an_option(network, start_kea):
    kea = start_kea({"module": example("pick_address.py"),
                     "addresses": {"02:00:00:00:00:01": "192.0.2.150"},
                     "wpad-url": WPAD_URL})
    known, other = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:01", "--count", "2")
    assert known["offer"]["yiaddr"] == "192.0.2.150"
    assert known["ack"]["yiaddr"] == "192.0.2.150"
    assert known["ack"]["options"]["252"] == WPAD_URL
    assert other["ack"]["yiaddr"] != "192.0.2.150"
    assert other["offer"]["options"]["252"] == WPAD_URL
    assert "pick_address: 02:00:00:00:00:01 gets 192.0.2.150" in kea.log()


def test_exception_drops_the_packet_and_the_server_keeps_serving(network, start_kea):
    kea = start_kea({"module": example("failing.py")})
    failed, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:ff",
                             "--timeout", str(NO_ANSWER_WAIT))
    assert failed["offer"] is None
    # No OFFER came because the hook raised at the DISCOVER, not because it was late.
    log = wait_until(lambda: "ValueError: refusing 02:00:00:00:00:ff" in kea.log() and kea.log(),
                     "the hook's exception at the DISCOVER")
    assert "Traceback (most recent call last)" in log
    served, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:10")
    assert served["ack"]["yiaddr"].startswith("192.0.2.")
    assert kea.alive()


def test_twenty_reloads_under_traffic(network, start_kea):
    if os.path.exists(COUNTER):
        os.unlink(COUNTER)
    kea = start_kea({"module": hook("counting_hook.py")})
    # DORA after DORA until stopped. A message lost while Kea reopens its sockets is sent again
    # after half a second (then 1, 2, ... s), so the traffic keeps flowing through the reloads
    # however long an exchange takes.
    traffic = lab.start_client(network, "dora", "--mac", "02:00:00:00:01:00", "--count", "100000",
                               "--retransmit", "0.5")
    acks = []

    def collect_acks():
        for line in traffic.stdout:
            if line.startswith("{") and '"ack": {' in line:
                acks.append(line)
    readers = [threading.Thread(target=collect_acks), threading.Thread(target=traffic.stderr.read)]
    for reader in readers:
        reader.start()
    try:
        for cycle in range(20):
            # Each reload comes while the traffic is being served: after an ACK newer than the
            # last reload, not after some fixed time.
            served = len(acks)
            wait_until(lambda: len(acks) > served, f"an ACK before reload {cycle + 1}")
            response = kea.command("config-reload")
            assert response["result"] == 0, response
            assert kea.alive()
    finally:
        traffic.terminate()
        traffic.wait(60)
        for reader in readers:
            reader.join(60)
    assert len(acks) >= 20
    assert kea.alive()
    # Ten more DORAs (20 packets) after the reloads: what pykea still holds must not grow with
    # traffic. Kea keeps its last packets per processing thread, so a few remain alive.
    more = lab.run_client(network, "dora", "--mac", "02:00:00:00:02:00", "--count", "10")
    assert all(exchange["ack"] for exchange in more)
    stats = kea.command("counting-stats")
    assert stats["result"] == 0, stats
    assert stats["arguments"]["loads"] == 21
    assert stats["arguments"]["seen"] >= 20, stats
    assert stats["arguments"]["pykea_handles"] <= 6, stats
    assert stats["arguments"]["contexts"] <= 6, stats
    log = kea.log()
    assert "PYKEA_LOAD_FAILED" not in log
    assert log.count("loaded counting_hook") == 21
    served, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:20")
    assert served["ack"] is not None


def test_objects_kept_at_module_level_go_with_the_module_at_each_reload(network, start_kea):
    kea = start_kea({"module": hook("module_objects_hook.py")})
    for cycle in range(3):
        exchange, = lab.run_client(network, "dora", "--mac", f"02:00:00:00:03:0{cycle}")
        assert exchange["ack"]["options"]["name_server"] == ["192.0.2.53", "192.0.2.54"]
        response = kea.command("config-reload")
        assert response["result"] == 0, response
    exchange, = lab.run_client(network, "dora", "--mac", "02:00:00:00:03:09")
    assert exchange["ack"]["options"]["name_server"] == ["192.0.2.53", "192.0.2.54"]
    log = kea.log()
    assert log.count("loaded module_objects_hook") == 4
    assert "still referenced from Python at unload" not in log
    assert "after its module was unloaded" not in log
