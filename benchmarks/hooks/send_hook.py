"""Benchmark hook: a pkt4_send callout doing typical light work: it reads a few fields of the
client's query and adds an option to the response."""

from pykea import Option

WPAD = Option.from_str(252, "http://wpad.example/wpad.dat").data


def pkt4_send(handle):
    query = handle["query4"]
    response = handle["response4"]
    hwaddr = query.hwaddr
    transid = query.transid
    if transid >= 0 and hwaddr is not None:
        response.options.replace(Option(252, WPAD))
