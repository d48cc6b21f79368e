import os

import pytest

HOOKS = os.path.join(os.path.dirname(__file__), "hooks")


@pytest.fixture(scope="session")
def hooks_dir():
    return HOOKS
