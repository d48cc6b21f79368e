"""make demo: Kea with a Python hook from examples/, a scapy client in another namespace, and
what the hook changed in the exchange.

Runs the same two DORA exchanges against kea-dhcp4 without the hook and with
examples/pick_address.py, then prints both side by side.
"""

import os
import sys

from pykea import features
from pykea.tools import lab

HERE = os.path.dirname(os.path.abspath(__file__))
# pykea loads Python code only from allowed directories (docs/security.md); the demo's Kea may
# load it from examples/.
os.environ["PYKEA_ALLOWED_DIRS"] = HERE
KNOWN_MAC, OTHER_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
HOOK = {"module": os.path.join(HERE, "pick_address.py"),
        "addresses": {KNOWN_MAC: "192.0.2.150"},
        "wpad-url": "http://wpad.example.org/wpad.dat"}


def exchanges(network, hook_parameters):
    config = lab.dhcp4_config(network, hook_parameters)
    with lab.KeaServer(network, config, name="pykea-demo") as kea:
        results = {}
        for mac in (KNOWN_MAC, OTHER_MAC):
            results[mac], = lab.run_client(network, "dora", "--mac", mac)
        hook_log = [line.split("PYKEA_PYTHON_LOG ", 1)[1] for line in kea.log().splitlines()
                    if "PYKEA_PYTHON_LOG" in line]
    return results, hook_log


def describe(exchange):
    ack = exchange.get("ack")
    if not ack:
        return "no lease (" + exchange.get("error", "?") + ")", "-"
    return ack["yiaddr"], ack["options"].get("252", "-")


def main():
    print(f"Kea {features.kea_version()} (hooks version {features.kea_hooks_version()}), "
          f"hook module {HOOK['module']}\n")
    with lab.Network() as network:
        plain, _ = exchanges(network, None)
        hooked, hook_log = exchanges(network, HOOK)
    print(f"{'client':<19} {'address without hook':<22} {'address with hook':<19} option 252 with hook")
    for mac in (KNOWN_MAC, OTHER_MAC):
        before, _ = describe(plain[mac])
        after, wpad = describe(hooked[mac])
        print(f"{mac:<19} {before:<22} {after:<19} {wpad}")
    print("\nWhat the hook logged through Kea's logger:")
    for line in hook_log:
        print("  " + line)
    ok = describe(hooked[KNOWN_MAC])[0] == "192.0.2.150" and describe(hooked[OTHER_MAC])[1] != "-"
    print("\ndemo " + ("OK: the hook chose 192.0.2.150 and added option 252" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
