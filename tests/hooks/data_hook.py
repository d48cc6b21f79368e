"""Reaches Kea's lease database and statistics from control commands and a callout, for
tests/integration/test_data.py (kea-dhcp4 and kea-dhcp6)."""

import time

from pykea import HWAddr, Lease4, LeaseType, leasemgr, stats

COMMITTED = "pykea.committed-leases"
LAST_ADDRESS = "pykea.last-committed-address"
ADDRESSES = "pykea.committed-addresses"


def load(handle):
    handle.register_command("pykea-lease-lookup", lookup)
    handle.register_command("pykea-lease-add", add)
    handle.register_command("pykea-lease-update", update)
    handle.register_command("pykea-lease-delete", delete)
    handle.register_command("pykea-lease-wipe", wipe)
    handle.register_command("pykea-raise", raise_error)


def describe(lease):
    found = {"address": str(lease.address), "subnet-id": lease.subnet_id,
             "hostname": lease.hostname, "valid-lft": lease.valid_lft}
    if isinstance(lease, Lease4):
        found["hwaddr"] = str(lease.hwaddr) if lease.hwaddr else None
        found["client-id"] = lease.client_id.data.hex() if lease.client_id else None
    else:
        found.update(duid=lease.duid.hex(), iaid=lease.iaid, type=lease.type.name)
    return found


def lookup(arguments):
    """By "address", "hwaddr" or "client-id" (v4), "duid" (+ "iaid") (v6); "subnet-id" narrows;
    "subnet-id" alone lists the subnet; nothing: every lease, two per page."""
    subnet_id = arguments.get("subnet-id")
    if "address" in arguments:
        lease = (leasemgr.get6 if ":" in arguments["address"] else leasemgr.get4)(arguments["address"])
        leases = [lease] if lease else []
    elif "hwaddr" in arguments:
        leases = leasemgr.by_hwaddr(arguments["hwaddr"], subnet_id)
    elif "client-id" in arguments:
        leases = leasemgr.by_client_id(bytes.fromhex(arguments["client-id"]), subnet_id)
    elif "duid" in arguments:
        leases = leasemgr.by_duid(arguments["duid"], arguments.get("iaid"),
                                  LeaseType[arguments.get("type", "NA")], subnet_id)
    elif subnet_id is not None:
        leases = (leasemgr.in_subnet6 if arguments.get("v6") else leasemgr.in_subnet4)(subnet_id)
    else:
        leases = list((leasemgr.all6 if arguments.get("v6") else leasemgr.all4)(page_size=2))
    return {"leases": [describe(lease) for lease in leases]}


def add(arguments):
    lease = Lease4(arguments["address"])
    lease.hwaddr = HWAddr.parse(arguments["hwaddr"])
    lease.subnet_id = arguments.get("subnet-id", 1)
    lease.valid_lft = arguments.get("valid-lft", 3600)
    lease.cltt = int(time.time())
    lease.hostname = arguments.get("hostname", "")
    return {"added": leasemgr.add(lease)}


def update(arguments):
    """Sets the hostname of the lease of "address"; a lease the database lacks is made up, so
    that Kea's NoSuchLease comes back as the command's error."""
    lease = leasemgr.get4(arguments["address"]) or Lease4(arguments["address"])
    lease.hostname = arguments["hostname"]
    leasemgr.update(lease)
    return describe(leasemgr.get4(arguments["address"]))


def delete(arguments):
    lease = leasemgr.get4(arguments["address"])
    return {"deleted": bool(lease) and leasemgr.delete(lease)}


def wipe(arguments):
    wipe_leases = leasemgr.wipe6 if arguments.get("v6") else leasemgr.wipe4
    return {"wiped": wipe_leases(arguments["subnet-id"])}


def raise_error(arguments):
    raise RuntimeError(f"asked to fail with {arguments}")


def count(leases):
    stats.add(COMMITTED, len(leases))
    stats.add(ADDRESSES, "".join(f"{lease.address} " for lease in leases))
    if leases:
        stats.set(LAST_ADDRESS, str(leases[-1].address))


def leases4_committed(handle):
    count(handle["leases4"])


def leases6_committed(handle):
    count(handle["leases6"])
