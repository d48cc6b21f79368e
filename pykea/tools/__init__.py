"""pykea's tools for trying and testing hooks, apart from the runtime Kea loads: the namespace
lab (``pykea.tools.lab``), the scapy DHCP client (``pykea.tools.client``) and what they know of
the installed Kea (``pykea.tools.installed``). ``import pykea`` never imports them."""
