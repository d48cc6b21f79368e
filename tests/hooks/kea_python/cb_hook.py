"""A hook written against kea_python's 'kea' API that writes to Kea's configuration backend
through ConfigBackendDHCPv4Mgr's pool, in kea_python's style: commands that store a server, the
server's configured subnet, a parsed and a built one, and a client class in the PostgreSQL
backend, read them back and delete them."""
import kea

BACKEND = 'postgresql'
LAB_CLASS = {'name': 'lab', 'option-data': [{'name': 'domain-name', 'data': 'lab.example.org'}]}


def load(handle):
    handle.registerCommandCallout('compat-cb-write', write)
    handle.registerCommandCallout('compat-cb-read', read)
    handle.registerCommandCallout('compat-cb-delete', delete)
    return 0


def pool():
    return kea.ConfigBackendDHCPv4Mgr.instance().getPool()


def answer(handle, arguments):
    handle.setArgument('response', {'result': 0, 'arguments': arguments})
    return 0


def write(handle):
    p = pool()
    p.createUpdateServer4(BACKEND, kea.Server('server1', "the lab's server"))
    configured = kea.CfgMgr.instance().getCurrentCfg().getCfgSubnets4().getSubnet(1)
    p.createUpdateSubnet4(BACKEND, 'all', configured)          # as the server has it
    try:
        configured.setServerTag('server1')
        refused = None
    except TypeError as e:
        refused = str(e)
    parsed = kea.Subnet4ConfigParser().parse({'id': 7, 'subnet': '203.0.113.0/24',
                                              'pools': [{'pool': '203.0.113.10 - 203.0.113.19'}]})
    p.createUpdateSubnet4(BACKEND, 'all', parsed)
    built = kea.Subnet4('198.51.100.0', 24, 900, 1800, 3600, 6)
    p.createUpdateSubnet4(BACKEND, ['server1'], built)
    classes = kea.ClientClassDictionary()
    kea.ClientClassDefParser().parse(classes, LAB_CLASS)
    p.createUpdateClientClass4(BACKEND, 'all', classes.getClasses()[0])
    return answer(handle, {'refused': refused})


def read(handle):
    p = pool()
    subnet = p.getSubnet4(BACKEND, 'server1', 6)
    return answer(handle, {
        'subnet': subnet.toElement(),
        'metadata': subnet.getMetadata(),
        'subnets': sorted(s.getID() for s in p.getAllSubnets4(BACKEND, 'server1')),
        'servers': [s.toElement() for s in p.getAllServers4(BACKEND)],
        'class': p.getClientClass4(BACKEND, 'all', 'lab').toElement(),
        'classes': [c.getName() for c in p.getAllClientClasses4(BACKEND, 'all')],
        'missing': p.getSubnet4(BACKEND, 'all', 99) is None,
    })


def delete(handle):
    p = pool()
    return answer(handle, {'deleted': [p.deleteSubnet4(BACKEND, 'any', 7),
                                       p.deleteSubnet4(BACKEND, 'any', 6),
                                       p.deleteClientClass4(BACKEND, 'any', 'lab'),
                                       p.deleteServer4(BACKEND, 'server1'),
                                       p.deleteSubnet4(BACKEND, 'any', 6)]})
