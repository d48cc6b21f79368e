import subprocess, time, sys, os
from pykea import lab
net = lab.Network("bench").create()
try:
    subprocess.run(["ip", "-n", net.client, "addr", "add", "192.0.2.2/24", "dev", net.client_iface], check=True)
    cfg = lab.dhcp4_config(net, None)
    cfg["Dhcp4"]["subnet4"] = [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.100 - 192.0.2.199"}]},
                               {"id": 2, "subnet": "10.0.0.0/16", "relay": {"ip-addresses": ["192.0.2.2"]}, "pools": [{"pool": "10.0.0.10 - 10.0.255.250"}]}]
    kea = lab.KeaServer(net, cfg, name="bench").start()
    try:
        args = sys.argv[1:]
        t = time.time()
        done = subprocess.run(net.in_client("perfdhcp", "-4", *args), capture_output=True, text=True, timeout=60)
        print(time.time() - t, done.returncode)
        print(done.stdout[-3000:], done.stderr[-2000:])
    finally:
        kea.stop()
        print(kea.log()[-1500:])
finally:
    net.destroy()
