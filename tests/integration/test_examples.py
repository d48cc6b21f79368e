"""The examples/<name>/ hooks, run as their READMEs say, in kea-dhcp4 with a scapy client."""

import json

from pykea.tools import lab

from testsupport import NO_ANSWER_WAIT, example

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
