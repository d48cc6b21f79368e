import os

import pytest

from testsupport import HOOKS


@pytest.fixture
def hook():
    return lambda name: os.path.join(HOOKS, name)
