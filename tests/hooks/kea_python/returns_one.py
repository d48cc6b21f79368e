"""A kea_python callout that returns 1 (an error to Kea, which goes on)."""


def pkt4_receive(handle):
    return 1
