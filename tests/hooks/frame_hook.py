"""Callouts for tests/unit/test_callout_frame.py: what a hook keeps of a callout's arguments, and
what it changes during one."""

from pykea import MessageType, Option

kept = {}           # what the test asks the hook to keep, by name
seen = []           # what the hook read, in order
WPAD = Option(252, b"http://wpad.example/wpad.dat")     # added to every response


def pkt4_receive(handle):
    frame = handle._frame       # lent before the first read: the native slot lent it
    prelent = frame is not None and frame.lent[0] is not None
    query = handle["query4"]
    seen.append(("receive", query.transid, str(query.hwaddr)))
    if query.transid == 0x1:
        kept["query"] = query
    if query.transid == 0x2:
        kept["handle"] = handle
    if query.transid == 0x3:
        query.transid = 0x33                # a write: later reads see it
        seen.append(("after write", query.transid, handle["query4"] is query))
    if 0x60 <= query.transid < 0x70:
        seen.append(("wrapper", id(query), prelent))
    if query.transid == 0x4:
        query.options.replace(Option(53, bytes([MessageType.REQUEST])))
        seen.append(("type after option 53", query.type))


def pkt4_send(handle):
    response = handle["response4"]
    response.options.replace(WPAD)
    if response.transid == 0x70:        # added, read back, added again
        response.options.add(Option(60, b"first"))
        seen.append(("read back", response.options[60].data))
        try:
            response.options.add(Option(60, b"second"))
        except Exception as error:      # Kea refuses a second option 60 in DHCPv4
            seen.append(("second", type(error).__name__, str(error)))
    if response.transid == 0x71:        # more than the frame holds pending
        for code in range(200, 240):
            response.options.add(Option(code, bytes([code]) * 40))
    if response.transid == 0x72:        # replaced while pending, then read as a whole
        response.options.add(Option(61, b"one"))
        response.options.replace(Option(61, b"two"))
        seen.append(("codes", sorted(response.options)))
    if response.transid == 0x5:
        replacement = handle["query4"]
        previous = response
        handle["response4"] = replacement
        kept["previous"] = previous
        seen.append(("response now", handle["response4"].transid))


def lease4_select(handle):
    lease = handle["lease4"]
    seen.append(("lease", str(lease.address) if lease is not None else None))
    if lease is not None:
        kept["lease"] = lease
