import asyncio


def pkt4_recieve(handle):
    pass


async def pkt4_send(handle):
    await asyncio.sleep(0)


def lease4_select(handle, extra):
    pass


def pkt6_receive(handle):
    pass


def unload():
    pass
