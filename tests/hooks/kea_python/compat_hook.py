"""A hook written against kea_python's 'kea' API (hook parameter "compat": "kea_python"), in
the style of its examples: module-level callouts returning 0, context, options, a command."""
from kea import *
import kea
import compat_helper        # a sibling module: "compat" puts this directory on sys.path

calls = []


def load(handle):
    global options
    options = [Option(DHO_DHCP_LEASE_TIME).setUint32(7200),
               Option(DHO_DOMAIN_NAME).setString('example.org')]
    handle.registerCommandCallout('compat-echo', compat_echo)
    return 0


def pkt4_receive(handle):
    query = handle.getArgument('query4')
    handle.setContext('hwaddr', query.getHWAddr())
    calls.append(('pkt4_receive', query.getType(), compat_helper.label(query)))
    if query.getOption(DHO_HOST_NAME) is not None and query.getOption(DHO_HOST_NAME).getString() == 'drop-me':
        handle.setStatus(NEXT_STEP_DROP)
    if query.getOption(DHO_HOST_NAME) is not None and query.getOption(DHO_HOST_NAME).getString() == 'raise':
        raise RuntimeError('asked to raise')
    return 0


def address_for(hwaddr):
    return '192.0.2.%d' % (150 + int(hwaddr[-2:], 16))   # in the lab's pool


def pkt4_send(handle):
    response = handle.getArgument('response4')
    if response.getType() == DHCPNAK:
        response.setType(DHCPACK)
    response.setYiaddr(address_for(handle.getContext('hwaddr')))
    for option in options:
        response.delOption(option.getType())
        response.addOption(option)
    calls.append(('pkt4_send', handle.getContext('hwaddr')))
    return 0


def lease4_select(handle):
    lease = handle.getArgument('lease4')
    query = handle.getArgument('query4')
    lease.addr = address_for(query.getHWAddr())
    if query.getType() == DHCPREQUEST:      # as facebook-trick: Kea stores nothing
        handle.setStatus(NEXT_STEP_SKIP)
    return 0


def compat_echo(handle):
    cmd = handle.getArgument('command')
    handle.setArgument('response', {'result': 0, 'text': 'echo',
                                    'arguments': {'got': cmd.get('arguments'),
                                                  'kea': kea.__version__}})
    return 0
