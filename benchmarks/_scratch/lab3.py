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
    try:
        p = subprocess.Popen(net.in_client("perfdhcp", "-4", "-l", net.client_iface, "-r", rate, "-p", period, "-R", "10000", "192.0.2.1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1)
        subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", str(kea.pid()), "-o", "/tmp/perf.data", "--", "sleep", str(int(period) - 2)], capture_output=True)
        out, err = p.communicate()
        print(re.findall(r"(Rate: .*|received packets: \d+|drops: \d+)", out))
        for args in (["--sort", "dso"], ["--sort", "dso,sym"]):
            r = subprocess.run(["perf", "report", "-i", "/tmp/perf.data", "--no-children", "--stdio", "-g", "none", "--percent-limit", "0.7", *args], capture_output=True, text=True)
            print(r.stdout[-6000:], r.stderr[-500:])
        r = subprocess.run(["perf", "report", "-i", "/tmp/perf.data", "--children", "--stdio", "-g", "none", "--sort", "dso", "--percent-limit", "0.7"], capture_output=True, text=True)
        print(r.stdout[-3000:])
    finally:
        kea.stop()
finally:
    net.destroy()
