def pkt4_receive(handle):
    pass
