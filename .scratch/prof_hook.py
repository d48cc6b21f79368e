from pykea import Option
WPAD = b"http://wpad.example/wpad.dat"
def buffer4_receive(handle): pass
def pkt4_receive(handle): handle["query4"]
def pkt4_send(handle): handle["query4"].transid
def lease4_select(handle): handle["query4"].hwaddr
def lease4_renew(handle): handle["query4"].type
def lease4_release(handle): handle["query4"].options.get(53)
def lease4_decline(handle): Option(252, WPAD)
def subnet4_select(handle): handle["query4"].options.replace(Option(252, WPAD))
def leases4_committed(handle):
    query = handle["query4"]; hw = query.hwaddr; t = query.type
    if hw is not None and t: handle["query4"].options.replace(Option(252, WPAD))
