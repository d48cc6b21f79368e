import os

import pytest

from testsupport import HOOKS


@pytest.fixture
def hook():
    return lambda name: os.path.join(HOOKS, name)


@pytest.fixture(scope="session", autouse=True)
def service_user_can_reach_the_base_temp(tmp_path_factory):
    """pytest makes its temporary directories 0700; validate rightly reports a module there as
    unreadable by Kea's service user. Let the service user search (not list) them, as the
    directories of a deployed hook allow."""
    base = tmp_path_factory.getbasetemp()
    for directory in (base, base.parent):
        os.chmod(directory, 0o711)


@pytest.fixture(autouse=True)
def service_user_can_read_tmp_path(tmp_path):
    os.chmod(tmp_path, 0o755)
