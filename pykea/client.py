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
    """scapy, quiet; ImportError names the extra to install."""
    import logging
    logging.getLogger("scapy").setLevel(logging.ERROR)
    try:
        from scapy import all as scapy
    except ImportError:
        raise ImportError("the DHCP client needs scapy: pip install 'pykea-hooks[client]'") from None
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

    def _packet(self, mac: str, xid: int, options: List[Any], ciaddr: str = "0.0.0.0",
                giaddr: str = "0.0.0.0", destination: str = "255.255.255.255"):
        scapy = self.scapy
        relayed = giaddr != "0.0.0.0"
        return (scapy.Ether(src=mac, dst="ff:ff:ff:ff:ff:ff")
                / scapy.IP(src=giaddr if relayed else ciaddr, dst=destination)
                / scapy.UDP(sport=67 if relayed else 68, dport=67)
                / scapy.BOOTP(chaddr=_mac_bytes(mac) + b"\0" * 10, xid=xid, flags=0x8000,
                              ciaddr=ciaddr, giaddr=giaddr, hops=1 if relayed else 0)
                / scapy.DHCP(options=options + ["end"]))

    def _reply(self, reply) -> Dict[str, Any]:
        return {"yiaddr": reply[self.scapy.BOOTP].yiaddr, "options": _options(reply)}

    def request(self, mac: str, address: str, extra_options: Optional[List[Any]] = None,
                giaddr: str = "0.0.0.0") -> Dict[str, Any]:
        """REQUEST for ``address`` (INIT-REBOOT), expecting an ACK."""
        xid = random.getrandbits(32)
        options = [("message-type", "request"), ("requested_addr", address)] + list(extra_options or [])
        started = time.monotonic()
        ack = self._exchange(self._packet(mac, xid, options, giaddr=giaddr), xid, 5)
        result: Dict[str, Any] = {"mac": mac, "xid": xid, "ack": self._reply(ack) if ack else None}
        if ack is None:
            result["error"] = "no ack"
        result["seconds"] = round(time.monotonic() - started, 4)
        return result

    def release(self, mac: str, address: str, server: str) -> Dict[str, Any]:
        """RELEASE of ``address`` (no reply is expected)."""
        xid = random.getrandbits(32)
        options = [("message-type", "release"), ("server_id", server)]
        self.socket.send(self._packet(mac, xid, options, ciaddr=address, destination=server))
        return {"mac": mac, "xid": xid, "released": address}

    def decline(self, mac: str, address: str, server: str) -> Dict[str, Any]:
        """DECLINE of ``address`` (no reply is expected)."""
        xid = random.getrandbits(32)
        options = [("message-type", "decline"), ("requested_addr", address), ("server_id", server)]
        self.socket.send(self._packet(mac, xid, options))
        return {"mac": mac, "xid": xid, "declined": address}

    def inform(self, mac: str, address: str) -> Dict[str, Any]:
        """INFORM from ``address``, expecting an ACK with configuration options."""
        xid = random.getrandbits(32)
        ack = self._exchange(self._packet(mac, xid, [("message-type", "inform")], ciaddr=address),
                             xid, 5)
        result: Dict[str, Any] = {"mac": mac, "xid": xid, "ack": self._reply(ack) if ack else None}
        if ack is None:
            result["error"] = "no ack"
        return result

    def dora(self, mac: str, extra_options: Optional[List[Any]] = None,
             giaddr: str = "0.0.0.0") -> Dict[str, Any]:
        """DISCOVER, OFFER, REQUEST, ACK; returns what each step gave."""
        scapy = self.scapy
        xid = random.getrandbits(32)
        extra = list(extra_options or [])
        result: Dict[str, Any] = {"mac": mac, "xid": xid, "offer": None, "ack": None}
        started = time.monotonic()
        offer = self._exchange(self._packet(mac, xid, [("message-type", "discover")] + extra,
                                            giaddr=giaddr), xid, 2)
        if offer is None:
            result["error"] = "no offer"
            return result
        result["offer"] = self._reply(offer)
        server_id = result["offer"]["options"].get("server_id")
        request = [("message-type", "request"), ("requested_addr", offer[scapy.BOOTP].yiaddr)]
        if server_id:
            request.append(("server_id", server_id))
        ack = self._exchange(self._packet(mac, xid, request + extra, giaddr=giaddr), xid, 5)
        if ack is None:
            result["error"] = "no ack"
            return result
        result["ack"] = self._reply(ack)
        result["seconds"] = round(time.monotonic() - started, 4)
        return result


def mac_plus(base: str, index: int) -> str:
    """The MAC ``index`` after ``base`` (for runs of clients)."""
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
            print(json.dumps(client.dora(mac_plus(arguments.mac, index % 1000), extra)), flush=True)
            index += 1
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
