"""Imported by compat_hook.py: 'import kea' works in the modules a kea_python hook imports."""
import kea


def label(query):
    return 'request' if query.getType() == kea.DHCPREQUEST else 'other'
