def load(handle):
    raise KeyError("missing-parameter")


def pkt4_receive(handle):
    pass
