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

# How long a client waits for each answer, in seconds, by default. It is a deadline, not a
# delay: the answer is returned as soon as it comes. A server on a busy machine (or loading
# Python code at its first packet) may take seconds to answer; no answer means a real failure.
TIMEOUT = 30.0
# When a client sends its message again while it waits (then after 2, 4, ... times as long), as
# DHCP clients retransmit (RFC 2131 4.1 waits 4 s first). This is for a lost packet, e.g. one
# sent while Kea reopens its sockets for a new configuration, not for a slow server: a server
# that answers both copies shows its hooks the message twice. 0 or None: never.
RETRANSMIT = 4.0


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


def _receive(sock, timeout: float, match, resend=None, retransmit: Optional[float] = None):
    """The first packet on ``sock`` for which ``match`` is true, or None after ``timeout``.
    With ``resend`` and ``retransmit``, calls ``resend()`` (which sends the message again) when
    nothing matched for ``retransmit`` seconds, then after twice as long, and so on."""
    now = time.monotonic()
    deadline = now + timeout
    interval = retransmit if resend is not None and retransmit else 0.0
    next_send = now + interval if interval else deadline
    while True:
        now = time.monotonic()
        if now >= deadline:
            return None
        if now >= next_send:
            resend()
            interval *= 2
            next_send = now + interval
        ready, _, _ = select.select([sock], [], [], min(deadline, next_send) - now)
        if not ready:
            continue
        answer = sock.recv()
        if answer is not None and match(answer):
            return answer


class Client:
    """Sends DHCPv4 exchanges on an interface (inside the client namespace)."""

    def __init__(self, iface: str, timeout: float = TIMEOUT,
                 retransmit: Optional[float] = RETRANSMIT) -> None:
        """``timeout``: seconds to wait for each answer; ``retransmit``: seconds before the first
        retransmission of a message that got no answer yet (0 or None: never)."""
        self.scapy = _scapy()
        self.iface = iface
        self.timeout = timeout
        self.retransmit = retransmit
        # No BPF filter: that needs libpcap; replies are matched by xid below.
        self.socket = self.scapy.conf.L2socket(iface=iface)

    def close(self) -> None:
        """Closes the client's socket."""
        self.socket.close()

    def _exchange(self, packet, xid: int, expected: int):
        """Sends ``packet`` (again while no answer comes); the answer, or None after the timeout."""
        self.socket.send(packet)
        return _receive(self.socket, self.timeout, lambda answer: self._is_reply(answer, xid, expected),
                        lambda: self.socket.send(packet), self.retransmit)

    def _is_reply(self, answer, xid: int, expected: int) -> bool:
        scapy = self.scapy
        if scapy.BOOTP not in answer or scapy.DHCP not in answer:
            return False
        bootp = answer[scapy.BOOTP]
        options = dict(o for o in answer[scapy.DHCP].options if isinstance(o, tuple) and len(o) == 2)
        return bootp.xid == xid and bootp.op == 2 and options.get("message-type") == expected

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
    """``python -m pykea.client``: runs DORA exchanges and prints each as a JSON line."""
    parser = argparse.ArgumentParser(prog="python -m pykea.client")
    parser.add_argument("--iface", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    dora = sub.add_parser("dora", help="DISCOVER/OFFER/REQUEST/ACK")
    dora.add_argument("--mac", default="02:00:00:00:00:01")
    dora.add_argument("--timeout", type=float, default=TIMEOUT,
                      help="seconds to wait for each reply (it is returned as soon as it comes)")
    dora.add_argument("--retransmit", type=float, default=RETRANSMIT,
                      help="seconds before a message without a reply is sent again, then twice "
                           "as long, and so on (0: never)")
    dora.add_argument("--count", type=int, default=1, help="exchanges, with consecutive MACs")
    dora.add_argument("--duration", type=float, default=0.0,
                      help="keep going for this many seconds (bounded traffic)")
    dora.add_argument("--option", action="append", default=[],
                      help="extra option as NAME=VALUE, e.g. hostname=host1")
    arguments = parser.parse_args(argv)
    client = Client(arguments.iface, arguments.timeout, arguments.retransmit)
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



class Client6:
    """Sends DHCPv6 exchanges on an interface, as the interface itself (its MAC and link-local
    address, so the kernel answers neighbour discovery for the server's replies); clients are
    told apart by their DUIDs."""

    ALL_SERVERS = "ff02::1:2"

    def __init__(self, iface: str, timeout: float = TIMEOUT, relay_link: Optional[str] = None,
                 interface_id: bytes = b"pykea-relay",
                 retransmit: Optional[float] = RETRANSMIT) -> None:
        """With ``relay_link``, every message goes out as a relay agent would forward it: in a
        RELAY-FORW with that link address and the interface-id option ``interface_id``.
        ``timeout`` and ``retransmit`` as for Client (RFC 8415 starts retransmitting after 1 s;
        this client waits longer first, so that a slow server is not sent every message twice)."""
        self.scapy = _scapy()
        self.iface = iface
        self.timeout = timeout
        self.retransmit = retransmit
        self.relay_link = relay_link
        self.interface_id = interface_id
        self.fqdn: Optional[str] = None    # sent as the Client FQDN option (39) when set
        with open(f"/sys/class/net/{iface}/address") as address:
            self.mac = address.read().strip()
        self.link_local = self.scapy.in6_mactoifaceid(self.mac)
        self.link_local = "fe80::" + self.link_local.lower()
        self.socket = self.scapy.conf.L2socket(iface=iface)

    def close(self) -> None:
        """Closes the client's socket."""
        self.socket.close()

    def _duid(self, mac: str):
        return self.scapy.DUID_LL(lladdr=mac)

    def _packet(self, message, peer: Optional[str] = None, relay_link: Optional[str] = None):
        """``message`` on the wire; in a RELAY-FORW when this client is a relay agent or
        ``relay_link`` is given (``peer``: the relay's peer address, by default this client's)."""
        scapy = self.scapy
        relay_link = relay_link or self.relay_link
        if relay_link:
            message = scapy.DHCP6_RelayForward(linkaddr=relay_link, peeraddr=peer or self.link_local) \
                / scapy.DHCP6OptIfaceId(ifaceid=self.interface_id) / scapy.DHCP6OptRelayMsg(message=message)
        return (scapy.Ether(src=self.mac, dst="33:33:00:01:00:02")
                / scapy.IPv6(src=self.link_local, dst=self.ALL_SERVERS)
                / scapy.UDP(sport=547 if relay_link else 546, dport=547) / message)

    def _send(self, message, trid: int, expected):
        """Sends ``message``; waits for the ``expected`` reply class with the same transaction id."""
        scapy = self.scapy
        packet = self._packet(message)
        self.socket.send(packet)
        if expected is None:
            return None
        return _receive(self.socket, self.timeout,
                        lambda answer: expected in answer and answer[expected].trid == trid
                        and (not self.relay_link or scapy.DHCP6_RelayReply in answer),
                        lambda: self.socket.send(packet), self.retransmit)

    def _ia(self, iaid: int, prefix_delegation: bool, reply=None):
        scapy = self.scapy
        if prefix_delegation:
            if reply is not None and scapy.DHCP6OptIA_PD in reply:
                return reply[scapy.DHCP6OptIA_PD]
            return scapy.DHCP6OptIA_PD(iaid=iaid)
        if reply is not None and scapy.DHCP6OptIA_NA in reply:
            return reply[scapy.DHCP6OptIA_NA]
        return scapy.DHCP6OptIA_NA(iaid=iaid)

    def _leases(self, reply) -> List[str]:
        scapy = self.scapy
        leases: List[str] = []
        if reply is None:
            return leases
        for layer in (scapy.DHCP6OptIAAddress, scapy.DHCP6OptIAPrefix):
            option = reply.getlayer(layer)
            index = 1
            while option is not None:
                leases.append(option.addr if layer is scapy.DHCP6OptIAAddress
                              else f"{option.prefix}/{option.plen}")
                index += 1
                option = reply.getlayer(layer, index)
        return list(dict.fromkeys(leases))

    def _options(self, reply) -> Dict[str, str]:
        """Top-level option codes of a reply with their payloads in hex."""
        options: Dict[str, str] = {}
        layer = reply.getlayer(self.scapy.DHCP6_Reply) or reply.getlayer(self.scapy.DHCP6_Advertise)
        option = layer.payload if layer is not None else None
        while option is not None and hasattr(option, "optcode"):
            raw = bytes(option)
            length = int.from_bytes(raw[2:4], "big")
            options[str(option.optcode)] = raw[4:4 + length].hex()
            option = option.payload if raw[4 + length:] else None
        return options

    def sarr(self, mac: str, prefix_delegation: bool = False, iaid: int = 1) -> Dict[str, Any]:
        """SOLICIT, ADVERTISE, REQUEST, REPLY for an address (or a delegated prefix)."""
        scapy = self.scapy
        trid = random.getrandbits(24)
        client_id = scapy.DHCP6OptClientId(duid=self._duid(mac))
        started = time.monotonic()
        result: Dict[str, Any] = {"duid_mac": mac, "advertise": None, "reply": None}
        advertise = self._send(scapy.DHCP6_Solicit(trid=trid) / client_id / self._fqdn()
                               / scapy.DHCP6OptElapsedTime() / self._ia(iaid, prefix_delegation),
                               trid, scapy.DHCP6_Advertise)
        if advertise is None:
            result["error"] = "no advertise"
            return result
        result["advertise"] = {"leases": self._leases(advertise)}
        trid = random.getrandbits(24)
        server_id = advertise[scapy.DHCP6OptServerId]
        reply = self._send(scapy.DHCP6_Request(trid=trid) / client_id / server_id / self._fqdn()
                           / scapy.DHCP6OptElapsedTime() / self._ia(iaid, prefix_delegation, advertise),
                           trid, scapy.DHCP6_Reply)
        if reply is None:
            result["error"] = "no reply"
            return result
        result["reply"] = {"leases": self._leases(reply), "options": self._options(reply)}
        if self.relay_link:
            result["reply"]["relay_interface_id"] = bytes(reply[scapy.DHCP6OptIfaceId].ifaceid).hex()
        result["server_duid"] = bytes(server_id.duid).hex()
        result["seconds"] = round(time.monotonic() - started, 4)
        self._last = (reply, server_id)
        return result

    def _after_sarr(self, message_class, mac: str, prefix_delegation: bool, iaid: int):
        """SARR, then ``message_class`` (RENEW, RELEASE) for what it obtained: (result, answer)."""
        first = self.sarr(mac, prefix_delegation, iaid)
        if not first.get("reply"):
            return first, None
        scapy = self.scapy
        reply, server_id = self._last
        trid = random.getrandbits(24)
        message = message_class(trid=trid) / scapy.DHCP6OptClientId(duid=self._duid(mac))
        if message_class is not scapy.DHCP6_Rebind:     # a REBIND goes to any server
            message = message / server_id
        answer = self._send(message / scapy.DHCP6OptElapsedTime()
                            / self._ia(iaid, prefix_delegation, reply), trid, scapy.DHCP6_Reply)
        return first, answer

    def _fqdn(self):
        scapy = self.scapy
        return scapy.DHCP6OptClientFQDN(flags=1, fqdn=self.fqdn) if self.fqdn else scapy.NoPayload()

    def renew(self, mac: str, prefix_delegation: bool = False, iaid: int = 1) -> Dict[str, Any]:
        """SARR, then RENEW of what it obtained."""
        result, renewed = self._after_sarr(self.scapy.DHCP6_Renew, mac, prefix_delegation, iaid)
        if result.get("reply"):
            result["renew"] = {"leases": self._leases(renewed)} if renewed else None
            if renewed is None:
                result["error"] = "no reply to renew"
        return result

    def rebind(self, mac: str, prefix_delegation: bool = False, iaid: int = 1) -> Dict[str, Any]:
        """SARR, then REBIND of what it obtained (as after the renew time, to any server)."""
        result, rebound = self._after_sarr(self.scapy.DHCP6_Rebind, mac, prefix_delegation, iaid)
        if result.get("reply"):
            result["rebind"] = {"leases": self._leases(rebound)} if rebound else None
            if rebound is None:
                result["error"] = "no reply to rebind"
        return result

    def decline(self, mac: str, prefix_delegation: bool = False, iaid: int = 1) -> Dict[str, Any]:
        """SARR, then DECLINE of the address it obtained (prefixes cannot be declined)."""
        if prefix_delegation:
            raise ValueError("DHCPv6 DECLINE is for addresses; a delegated prefix cannot be declined")
        result, answer = self._after_sarr(self.scapy.DHCP6_Decline, mac, False, iaid)
        if result.get("reply"):
            result["decline"] = {"acknowledged": answer is not None}
            if answer is None:
                result["error"] = "no reply to decline"
        return result

    def register_address(self, mac: str, address: str, relay_link: Optional[str] = None) -> Dict[str, Any]:
        """ADDR-REG-INFORM (RFC 9686): tells the server the client configured ``address`` itself;
        expects an ADDR-REG-REPLY (37). The server requires the registered address to be the
        client's own, and Kea 3.0 takes that from a relayed message's link address: the
        message goes through a relay hop whose link address is ``relay_link`` (by default
        ``address``) and whose peer address is ``address``."""
        scapy = self.scapy
        trid = random.getrandbits(24)
        options = bytes(scapy.DHCP6OptClientId(duid=self._duid(mac))
                        / scapy.DHCP6OptIAAddress(addr=address, preflft=3000, validlft=4000))
        header = trid.to_bytes(3, "big")
        inform = scapy.Raw(bytes([36]) + header + options)
        packet = self._packet(inform, peer=address, relay_link=relay_link or address)
        self.socket.send(packet)
        reply_start = bytes([37]) + header
        answer = _receive(self.socket, self.timeout,
                          lambda answer: scapy.DHCP6OptRelayMsg in answer and bytes(
                              answer[scapy.DHCP6OptRelayMsg].message).startswith(reply_start),
                          lambda: self.socket.send(packet), self.retransmit)
        registered = answer is not None
        result: Dict[str, Any] = {"duid_mac": mac, "address": address, "registered": registered}
        if not registered:
            result["error"] = "no addr-reg-reply"
        return result

    def release(self, mac: str, prefix_delegation: bool = False, iaid: int = 1) -> Dict[str, Any]:
        """SARR, then RELEASE of what it obtained."""
        result, answer = self._after_sarr(self.scapy.DHCP6_Release, mac, prefix_delegation, iaid)
        if result.get("reply"):
            result["release"] = {"acknowledged": answer is not None}
            if answer is None:
                result["error"] = "no reply to release"
        return result


if __name__ == "__main__":
    sys.exit(main())
