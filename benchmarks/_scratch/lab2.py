import subprocess, time, sys, os, re
from pykea import lab
hook = sys.argv[1]; rate = sys.argv[2]; period = sys.argv[3]
net = lab.Network("bench").create()
try:
    subprocess.run(["ip", "-n", net.client, "addr", "add", "192.0.2.2/24", "dev", net.client_iface], check=True)
    cfg = lab.dhcp4_config(net, None if hook == "none" else {"module": hook})
    cfg["Dhcp4"]["subnet4"] = [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.100 - 192.0.2.199"}]},
                               {"id": 2, "subnet": "10.0.0.0/16", "relay": {"ip-addresses": ["192.0.2.2"]}, "pools": [{"pool": "10.0.0.10 - 10.0.255.250"}]}]
    cfg["Dhcp4"]["loggers"][0]["severity"] = "WARN"
    kea = lab.KeaServer(net, cfg, name="bench").start()
    def cpu():
        f = open(f"/proc/{kea.pid()}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    try:
        c0 = cpu(); t = time.time()
        done = subprocess.run(net.in_client("perfdhcp", "-4", "-l", net.client_iface, "-r", rate, "-p", period, "-R", "10000", "192.0.2.1"), capture_output=True, text=True, timeout=60)
        c1 = cpu()
        print(hook, rate, "wall", time.time() - t, "cpu", c1 - c0)
        print(re.findall(r"(Rate: .*|sent packets: \d+|received packets: \d+|drops: \d+|avg delay.*)", done.stdout), done.stderr[-2000:])
    finally:
        kea.stop()
        print(kea.log()[-1500:])
finally:
    net.destroy()
