async def pkt4_send(handle):
    pass
