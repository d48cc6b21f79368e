def lease4_offer(handle):
    pass


def pkt4_receive(handle):
    pass
