"""What pykea reports about the Kea it was built for, checked against that Kea's own files."""

import os

import pytest

from pykea import UnsupportedError, features
from pykea.testing import KeaHooks

RELEASES = {20200: "2.2.0", 20603: "2.6.3", 30004: "3.0.4"}


def kea_include(path):
    from pykea import _build_info
    return os.path.join(_build_info.KEA_PREFIX, "include", "kea", path)


def test_versions_agree_with_each_other():
    version = features.kea_hooks_version()
    if version in RELEASES:
        assert features.kea_version() == RELEASES[version]
    major, minor, patch = (int(part) for part in features.kea_version().split("."))
    assert version == major * 10000 + minor * 100 + patch


def test_every_feature_is_reported_with_a_reason_when_missing():
    table = features.available()
    assert set(table) == {"subnets", "server-config", "lease-database", "host-manager", "config-backend", "ddns",
                          "lease-pool-id", "lease4-remote-relay-id", "park-select",
                          "multi-threading-default"}
    for feature in table.values():
        assert feature.available or feature.reason, feature


def test_subnets_are_available_exactly_where_kea_dev_has_their_header():
    subnets = features.feature("subnets")
    assert subnets.available == os.path.exists(kea_include("dhcpsrv/cfg_globals.h"))
    if not subnets.available:
        assert "dhcpsrv/cfg_globals.h" in subnets.reason


def test_host_manager_is_available_exactly_where_kea_dev_can_compile_host_mgr_h():
    host_manager = features.feature("host-manager")
    assert host_manager.available == os.path.exists(kea_include("dhcpsrv/cfg_globals.h"))
    if not host_manager.available:
        assert "dhcpsrv/host_mgr.h" in host_manager.reason


@pytest.mark.parametrize("name", ["lease-pool-id", "lease4-remote-relay-id", "park-select",
                                  "multi-threading-default"])
def test_kea_2_6_features_follow_the_release(name):
    assert features.feature(name).available == (features.kea_hooks_version() >= 20600)


def test_unknown_feature_is_named():
    with pytest.raises(Exception, match="no feature named 'flux-capacitor'"):
        features.feature("flux-capacitor")


@pytest.mark.requires_kea(feature="subnets", available=False)
def test_reading_a_subnet_argument_says_why_it_is_unavailable():
    handle = KeaHooks(server=4).handle()
    with pytest.raises(UnsupportedError, match="cfg_globals.h"):
        handle.get("lease4_select", "subnet4")
