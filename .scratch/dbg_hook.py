import sys
def pkt4_receive(handle):
    handle["query4"]
