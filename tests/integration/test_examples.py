"""The examples/<name>/ hooks, run as their READMEs say, in kea-dhcp4 with a scapy client."""

import json
import shutil
import subprocess

from pykea.tools import lab

from testsupport import NO_ANSWER_WAIT, example, wait_until

LEASE_CMDS = {"library": "libdhcp_lease_cmds.so"}


def test_facebook_trick_answers_from_the_inventory_and_kea_stores_nothing(network, start_kea,
                                                                          tmp_path):
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"02:00:00:00:00:01": "192.0.2.42",
                                     "02:00:00:00:00:02": "192.0.2.43"}))
    kea = start_kea({"module": example("facebook-trick/hook.py"), "inventory": str(inventory),
                     "subnet": lab.SUBNET, "valid-lifetime": 600},
                    extra_libraries=[LEASE_CMDS],
                    # As the example's kea.conf: a pool over the subnet, so that Kea accepts a
                    # REQUEST for any address of it.
                    subnet4=[{"id": 1, "subnet": lab.SUBNET,
                              "pools": [{"pool": "192.0.2.2 - 192.0.2.254"}]}])
    first, second = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:01", "--count", "2")
    assert (first["offer"]["yiaddr"], first["ack"]["yiaddr"]) == ("192.0.2.42", "192.0.2.42")
    assert (second["offer"]["yiaddr"], second["ack"]["yiaddr"]) == ("192.0.2.43", "192.0.2.43")
    for answer in (first["ack"], second["ack"]):
        options = answer["options"]
        assert options["message-type"] == 5 and options["lease_time"] == 600, options
        assert {"subnet_mask", "router", "renewal_time", "rebinding_time"} <= set(options)
    stranger, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:99",
                               "--timeout", str(NO_ANSWER_WAIT))
    assert stranger["offer"] is None
    assert "02:00:00:00:00:99 is not in the inventory" in kea.log()
    stored = kea.command("lease4-get-all")
    assert stored["result"] == 3 and not stored.get("arguments", {}).get("leases"), stored


def test_capture_packets_writes_a_pcap_that_scapy_and_tcpdump_read(network, start_kea, tmp_path):
    from scapy.all import BOOTP, DHCP, IP, UDP, Ether, rdpcap

    pcap = tmp_path / "capture.pcap"
    kea = start_kea({"module": example("capture-packets/hook.py"), "pcap": str(pcap)})
    exchange, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:07")
    assert exchange["ack"] is not None
    wait_until(lambda: len(rdpcap(str(pcap))) >= 4, "4 packets in the capture")
    kea.stop()
    frames = rdpcap(str(pcap))
    types = [dict(o for o in frame[DHCP].options if isinstance(o, tuple))["message-type"]
             for frame in frames]
    assert types == [1, 2, 3, 5]
    discover, offer, _, ack = frames
    assert discover[Ether].src == "02:00:00:00:00:07"
    assert (discover[UDP].sport, discover[UDP].dport) == (68, 67)
    assert offer[Ether].dst == "02:00:00:00:00:07" and offer[Ether].src == discover[Ether].dst
    assert (ack[IP].src, ack[BOOTP].yiaddr) == (lab.SERVER_ADDRESS, exchange["ack"]["yiaddr"])
    for frame in frames:
        assert frame[BOOTP].xid == exchange["xid"]
        written = frame[IP].chksum
        del frame[IP].chksum
        assert IP(bytes(frame[IP]))[IP].chksum == written
    shown = subprocess.run([shutil.which("tcpdump") or "tcpdump", "-n", "-r", str(pcap)],
                           capture_output=True, text=True, check=True).stdout
    assert shown.count("BOOTP/DHCP") == 4, shown
