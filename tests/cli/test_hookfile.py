"""pykea install-hook / uninstall-hook's logic (cli/hookfile.py) on real files in a temporary
hooks directory and record directory; tests/package/test_pip_install.py runs the commands
themselves on Kea's hooks directory."""

import json
import os

import pytest

from pykea.cli.hookfile import HookFile, HookFileError, sha256


@pytest.fixture
def hook_file(tmp_path):
    source = tmp_path / "site" / "libdhcp_pykea.so"
    source.parent.mkdir()
    source.write_bytes(b"\x7fELF built by this pykea")
    return HookFile(source=str(source), target=str(tmp_path / "hooks" / "libdhcp_pykea.so"),
                    state_dir=str(tmp_path / "state"))


def records(hook_file):
    with open(hook_file.record_path) as record:
        return json.load(record)


def test_install_copies_the_library_and_records_its_sha256(hook_file):
    said = hook_file.install()
    assert said == f"installed {hook_file.target}; recorded in {hook_file.record_path}"
    with open(hook_file.target, "rb") as placed:
        assert placed.read() == b"\x7fELF built by this pykea"
    entry = records(hook_file)[hook_file.target]
    assert entry["sha256"] == sha256(hook_file.source)
    assert entry["source"] == hook_file.source
    assert hook_file.state() == "installed"
    assert hook_file.install() == said, "a second install-hook is the same step"


def test_install_says_when_it_replaces_a_copy_it_did_not_place(hook_file):
    os.makedirs(os.path.dirname(hook_file.target))
    with open(hook_file.target, "wb") as old:
        old.write(b"an older build")
    assert hook_file.state() == "differs from this pykea's build"
    assert "replaced a copy pykea install-hook had not placed" in hook_file.install()
    assert hook_file.state() == "installed"


def test_uninstall_removes_what_install_placed_and_its_record(hook_file):
    hook_file.install()
    assert hook_file.uninstall() == f"removed {hook_file.target}; its record is gone"
    assert not os.path.exists(hook_file.target)
    assert records(hook_file) == {}
    assert hook_file.state() == "missing"
    with pytest.raises(HookFileError, match="was not placed by pykea install-hook"):
        hook_file.uninstall()


def test_uninstall_refuses_a_library_that_changed_since_unless_forced(hook_file):
    hook_file.install()
    with open(hook_file.target, "ab") as changed:
        changed.write(b" and patched")
    with pytest.raises(HookFileError, match="changed since pykea install-hook placed it; "
                                            "--force removes it anyway"):
        hook_file.uninstall()
    assert os.path.exists(hook_file.target)
    assert hook_file.uninstall(force=True).startswith("removed ")
    assert not os.path.exists(hook_file.target)


def test_uninstall_of_a_library_already_gone_drops_the_record(hook_file):
    hook_file.install()
    os.remove(hook_file.target)
    assert hook_file.uninstall() == f"{hook_file.target} was already gone; its record is gone"
    assert records(hook_file) == {}


def test_a_packaged_library_is_left_to_its_package(hook_file):
    hook_file.package = "python3-pykea"
    with pytest.raises(HookFileError, match="belongs to the Debian package python3-pykea"):
        hook_file.install()
    with pytest.raises(HookFileError, match=r"apt-get install --reinstall python3-pykea"):
        hook_file.uninstall()
    assert not os.path.exists(hook_file.target)


def test_a_build_without_its_library_names_the_fix(hook_file):
    os.remove(hook_file.source)
    with pytest.raises(HookFileError, match="has no library at .*reinstall pykea"):
        hook_file.install()


def test_an_unreadable_record_is_one_line_with_the_fix(hook_file):
    os.makedirs(hook_file.state_dir)
    with open(hook_file.record_path, "w") as record:
        record.write("{not json")
    with pytest.raises(HookFileError, match="cannot read .*hook-libraries.json: .*; fix or remove it"):
        hook_file.install()
