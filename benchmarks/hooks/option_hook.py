"""Benchmark hook (ii), inside kea-dhcp4 (table 4): pkt4_send reads the query's hardware address
and message type and adds option 252 (a string) to the response. The native library does the
same in C++ (capi/bench/native_callouts.cc, mode "send")."""

from pykea import Option

WPAD = b"http://wpad.example/wpad.dat"


def pkt4_send(handle):
    query = handle["query4"]
    hwaddr = query.hwaddr
    message_type = query.type
    if hwaddr is not None and message_type:
        handle["response4"].options.add(Option(252, WPAD))
