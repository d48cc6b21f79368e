"""An async def callout where every Kea release honours PARK (pykea parks the packet)."""


async def leases4_committed(handle):
    return None
