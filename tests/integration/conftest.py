import os

import pytest

from pykea.tools import lab



def pytest_collection_modifyitems(config, items):
    if os.geteuid() != 0:
        skip = pytest.mark.skip(reason="integration tests start Kea in network namespaces: run as root")
        for item in items:
            item.add_marker(skip)


@pytest.fixture
def network():
    with lab.Network() as net:
        yield net


@pytest.fixture
def start_kea(network, request):
    servers = []

    def start(hook_parameters, **overrides):
        config = lab.dhcp4_config(network, hook_parameters, **overrides)
        server = lab.KeaServer(network, config, name=f"pykea-test-{network.server}")
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        servers.append(server)
        return server

    yield start
    for server in servers:
        code = server.stop()
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            print(server.log())
        assert code in (0, -15), f"kea-dhcp4 ended with {code}:\n{server.log()[-4000:]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
