"""Benchmark hook: a no-op pkt4_receive, to measure what calling a Python callout costs."""


def pkt4_receive(handle):
    pass
