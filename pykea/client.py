"""``python -m pykea.client``: the scapy DHCP client, which lives in pykea.tools.client."""

import sys

from .tools.client import main

if __name__ == "__main__":
    sys.exit(main())
