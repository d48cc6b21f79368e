"""A DHCPv4 client built on scapy, for trying hooks and for the integration tests.

    python -m pykea.client --iface veth-cli dora --mac 02:00:00:00:00:01 [--count N]

prints one JSON line per exchange: the offer and ack (or what was missing), with yiaddr and
options by code.
"""

from __future__ import annotations

import argparse
import json
import random
import select
import sys
import time
from typing import Any, Dict, List, Optional


def _scapy():
    import logging
    logging.getLogger("scapy").setLevel(logging.ERROR)
    from scapy import all as scapy
    scapy.conf.verb = 0
    scapy.conf.checkIPaddr = False
    return scapy


def _options(packet) -> Dict[str, Any]:
    scapy = _scapy()
    options: Dict[str, Any] = {}
    for item in packet[scapy.DHCP].options:
        if isinstance(item, tuple) and item:
            name, values = item[0], item[1:]
            value = values[0] if len(values) == 1 else list(values)
            options[str(name)] = value.hex() if isinstance(value, bytes) and not _printable(value) \
                else (value.decode() if isinstance(value, bytes) else value)
    return options


def _printable(data: bytes) -> bool:
    return all(32 <= b < 127 for b in data)


def _mac_bytes(mac: str) -> bytes:
    return bytes.fromhex(mac.replace(":", ""))


class Client:
    """Sends DHCPv4 exchanges on an interface (inside the client namespace)."""

    def __init__(self, iface: str, timeout: float = 2.0) -> None:
        self.scapy = _scapy()
        self.iface = iface
        self.timeout = timeout
        # No BPF filter: that needs libpcap; replies are matched by xid below.
        self.socket = self.scapy.conf.L2socket(iface=iface)

    def close(self) -> None:
        self.socket.close()

    def _exchange(self, packet, xid: int, expected: int):
        scapy = self.scapy
        self.socket.send(packet)
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.socket], [], [], remaining)
            if not ready:
                return None
            answer = self.socket.recv()
            if answer is None:
                continue
            if scapy.BOOTP in answer and answer[scapy.BOOTP].xid == xid and answer[scapy.BOOTP].op == 2:
                if scapy.DHCP in answer and dict(
                        o for o in answer[scapy.DHCP].options if isinstance(o, tuple)
                        and len(o) == 2).get("message-type") == expected:
                    return answer

    def _packet(self, mac: str, xid: int, options: List[Any]):
        scapy = self.scapy
        return (scapy.Ether(src=mac, dst="ff:ff:ff:ff:ff:ff")
                / scapy.IP(src="0.0.0.0", dst="255.255.255.255")
                / scapy.UDP(sport=68, dport=67)
                / scapy.BOOTP(chaddr=_mac_bytes(mac) + b"\0" * 10, xid=xid, flags=0x8000)
                / scapy.DHCP(options=options + ["end"]))

    def dora(self, mac: str, extra_options: Optional[List[Any]] = None) -> Dict[str, Any]:
        """DISCOVER, OFFER, REQUEST, ACK; returns what each step gave."""
        scapy = self.scapy
        xid = random.getrandbits(32)
        extra = list(extra_options or [])
        result: Dict[str, Any] = {"mac": mac, "xid": xid, "offer": None, "ack": None}
        started = time.monotonic()
        offer = self._exchange(self._packet(mac, xid, [("message-type", "discover")] + extra), xid, 2)
        if offer is None:
            result["error"] = "no offer"
            return result
        result["offer"] = {"yiaddr": offer[scapy.BOOTP].yiaddr, "options": _options(offer)}
        server_id = result["offer"]["options"].get("server_id")
        request = [("message-type", "request"), ("requested_addr", offer[scapy.BOOTP].yiaddr)]
        if server_id:
            request.append(("server_id", server_id))
        ack = self._exchange(self._packet(mac, xid, request + extra), xid, 5)
        if ack is None:
            result["error"] = "no ack"
            return result
        result["ack"] = {"yiaddr": ack[scapy.BOOTP].yiaddr, "options": _options(ack)}
        result["seconds"] = round(time.monotonic() - started, 4)
        return result


def _mac(index: int, base: str) -> str:
    value = int(base.replace(":", ""), 16) + index
    return value.to_bytes(6, "big").hex(":")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pykea.client")
    parser.add_argument("--iface", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    dora = sub.add_parser("dora", help="DISCOVER/OFFER/REQUEST/ACK")
    dora.add_argument("--mac", default="02:00:00:00:00:01")
    dora.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for each reply")
    dora.add_argument("--count", type=int, default=1, help="exchanges, with consecutive MACs")
    dora.add_argument("--duration", type=float, default=0.0,
                      help="keep going for this many seconds (bounded traffic)")
    dora.add_argument("--option", action="append", default=[],
                      help="extra option as NAME=VALUE, e.g. hostname=host1")
    arguments = parser.parse_args(argv)
    client = Client(arguments.iface, arguments.timeout)
    extra = [tuple(o.split("=", 1)) for o in arguments.option]
    try:
        deadline = time.monotonic() + arguments.duration
        index = 0
        while index < arguments.count or time.monotonic() < deadline:
            print(json.dumps(client.dora(_mac(index % 1000, arguments.mac), extra)), flush=True)
            index += 1
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
