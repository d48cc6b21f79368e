"""Benchmark hook (iii), inside kea-dhcp4 (table 4): lease4_select reads lease4's address and
hardware address. The native library does the same in C++ (mode "lease")."""


def lease4_select(handle):
    lease = handle["lease4"]
    lease.address
    lease.hwaddr
