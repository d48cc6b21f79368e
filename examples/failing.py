"""Example of what happens when a hook raises: Kea logs the traceback and drops that packet,
then keeps serving. Clients whose MAC ends in :ff trigger the error."""


def pkt4_receive(handle):
    query = handle["query4"]
    if str(query.hwaddr).endswith(":ff"):
        raise ValueError(f"refusing {query.hwaddr}: this hook does not like :ff")
