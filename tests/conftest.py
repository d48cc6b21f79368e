import getpass
import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testsupport import EXAMPLES, HOOKS  # noqa: E402

# pykea loads Python code only from allowed directories (docs/security.md). The Kea servers the
# tests start inherit this, and so does pykea.testing in this process: the test hooks, the
# examples and pytest's temporary directories. Attacks are made from elsewhere in /tmp.
TEST_ALLOWED_DIRS = ":".join(os.path.realpath(path) for path in (
    HOOKS, EXAMPLES, os.path.join(tempfile.gettempdir(), f"pytest-of-{getpass.getuser()}")))
os.environ["PYKEA_ALLOWED_DIRS"] = TEST_ALLOWED_DIRS


@pytest.fixture(scope="session")
def hooks_dir():
    return HOOKS


# ---- tests that apply to some Kea versions only -------------------------------------------------
#
#   @pytest.mark.requires_kea(feature="subnets")                 this build has the feature
#   @pytest.mark.requires_kea(feature="subnets", available=False)   ... lacks it
#   @pytest.mark.requires_kea(since=20600, why="lease4_offer is a hook point from Kea 2.6")
#   @pytest.mark.requires_kea(before=20600, why="...")           KEA_HOOKS_VERSION below 20600
#
# Elsewhere the test is skipped, and the skip says why (pytest -rs), never passed silently.

def pytest_configure(config):
    config.addinivalue_line(
        "markers", "requires_kea(feature=None, available=True, since=None, before=None, why=''): "
        "run only with a Kea (and pykea build) that matches; skipped with the reason elsewhere")


def _kea_mismatch(feature=None, available=True, since=None, before=None, why=""):
    """Why this Kea does not match a requires_kea marker, or None when it does."""
    from pykea import features
    version = features.kea_hooks_version()
    release = f"Kea {features.kea_version()}"
    if feature is not None:
        found = features.feature(feature)
        if found.available != available:
            if available:
                return f"{feature} is unavailable with {release}: {found.reason}"
            return f"tests the absence of {feature}, which {release} has"
    if since is not None and version < since:
        return f"{why or 'needs KEA_HOOKS_VERSION ' + str(since)} (this is {release})"
    if before is not None and version >= before:
        return f"{why or 'for KEA_HOOKS_VERSION below ' + str(before)} (this is {release})"
    return None


def pytest_runtest_setup(item):
    for marker in item.iter_markers("requires_kea"):
        reason = _kea_mismatch(**marker.kwargs)
        if reason:
            pytest.skip(reason)
