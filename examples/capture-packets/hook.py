"""capture-packets: writes every DHCPv4 packet kea-dhcp4 receives and sends to a pcap file, as
Ethernet frames that tcpdump, Wireshark and scapy read.

Kea hands the hook the DHCP payload with its addresses and ports; the hook rebuilds the
Ethernet, IPv4 and UDP headers around it. The link-layer addresses are those Kea's raw socket
recorded (Pkt.remote_hwaddr, Pkt4.local_hwaddr); a response, whose destination Kea picks while
sending, is addressed to the client's hardware address, or to broadcast.
"""

import ipaddress
import logging
import struct
import threading
import time

log = logging.getLogger(__name__)

BROADCAST = b"\xff" * 6
ETHERTYPE_IPV4 = 0x0800
LINKTYPE_ETHERNET = 1

lock = threading.Lock()     # Kea's packet threads call the callouts side by side
capture = None


def load(handle):
    global capture
    path = handle.parameters.get("pcap", "/var/lib/kea/kea-dhcp4.pcap")
    capture = open(path, "wb")
    capture.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_ETHERNET))
    capture.flush()
    log.info("capturing to %s", path)


def unload():
    global capture
    with lock:
        if capture is not None:
            capture.close()
            capture = None


def buffer4_receive(handle):
    query = handle["query4"]
    server_mac = query.local_hwaddr
    handle.context["server-mac"] = server_mac.address if server_mac else None
    client_mac = query.remote_hwaddr
    write(query.raw, source=(client_mac.address if client_mac else BROADCAST,
                             query.remote_addr, query.remote_port),
          destination=(server_mac.address if server_mac else BROADCAST,
                       query.local_addr, query.local_port))


def buffer4_send(handle):
    response = handle["response4"]
    client_mac = response.remote_hwaddr or response.hwaddr
    destination_mac = client_mac.address if client_mac and len(client_mac.address) == 6 \
        else BROADCAST
    write(response.wire,
          source=(handle.context.get("server-mac") or BROADCAST, response.local_addr,
                  response.local_port),
          destination=(destination_mac, response.remote_addr, response.remote_port))


def write(payload, source, destination):
    frame = ethernet(source, destination, payload)
    now = time.time()
    record = struct.pack("<IIII", int(now), int(now % 1 * 1e6), len(frame), len(frame)) + frame
    with lock:
        if capture is not None:
            capture.write(record)
            capture.flush()


def ethernet(source, destination, payload):
    (source_mac, source_ip, source_port) = source
    (destination_mac, destination_ip, destination_port) = destination
    udp = struct.pack("!HHHH", source_port, destination_port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0x10, 20 + len(udp), 0, 0, 64, 17, 0,
                     ipaddress.IPv4Address(source_ip).packed,
                     ipaddress.IPv4Address(destination_ip).packed)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return destination_mac + source_mac + struct.pack("!H", ETHERTYPE_IPV4) + ip + udp


def checksum(header):
    total = sum(struct.unpack(f"!{len(header) // 2}H", header))
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
