"""pykea.trust: the allowed directories and the ownership and permission rules, on real files
(the tests run as root, so they can hand files to other users)."""

import os
import sys

import pytest

from pykea import UntrustedCodeError, runtime
from pykea.testing import KeaHooks
from pykea.trust import ENVIRONMENT_VARIABLE, CodePolicy, default_allowed_dirs

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="hands files to other users: run as root")

NOBODY = 65534
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture
def allowed(tmp_path):
    directory = tmp_path / "allowed"
    directory.mkdir()
    return directory


@pytest.fixture
def policy(allowed):
    return CodePolicy([str(allowed)], {0})


def module(directory, name="hook.py", text="def pkt4_receive(handle):\n    pass\n"):
    path = directory / name
    path.write_text(text)
    return str(path)


def test_the_build_default_and_the_environment_make_the_allowed_directories(tmp_path):
    assert default_allowed_dirs() == ("/etc/kea/pykea",)
    policy = CodePolicy.for_process({ENVIRONMENT_VARIABLE: f"{tmp_path}/a:{tmp_path}/b"})
    assert policy.allowed == ("/etc/kea/pykea", f"{tmp_path}/a", f"{tmp_path}/b")
    assert CodePolicy.for_process({}).allowed == ("/etc/kea/pykea",)


def test_kea_service_user_is_trusted_even_when_kea_runs_as_root():
    """Debian's trixie and sid packages make _kea the owner of /etc/kea."""
    import pwd
    try:
        service = pwd.getpwnam("_kea")
    except KeyError:
        pytest.skip("this root has no _kea user")
    assert {0, service.pw_uid} <= CodePolicy.for_process({}).trusted_uids
    assert CodePolicy.for_service({}).trusted_uids == {0, service.pw_uid}


def test_a_trusted_module_in_an_allowed_directory_is_accepted(policy, allowed):
    path = module(allowed)
    assert policy.check_module_file(path) == path


def test_outside_the_allowed_directories_is_refused_with_the_way_out(policy, tmp_path, allowed):
    path = module(tmp_path)
    with pytest.raises(UntrustedCodeError) as refused:
        policy.check_module_file(path)
    message = str(refused.value)
    assert f"module {path} is outside the directories pykea loads Python code from ({allowed})" in message
    assert f"add its directory to {ENVIRONMENT_VARIABLE} in Kea's environment" in message
    assert "\n" not in message


def test_a_directory_sharing_a_prefix_is_not_inside(tmp_path, allowed):
    sibling = tmp_path / "allowed-not"
    sibling.mkdir()
    with pytest.raises(UntrustedCodeError, match="is outside"):
        CodePolicy([str(allowed)], {0}).check_module_file(module(sibling))


def test_a_symlink_out_of_an_allowed_directory_is_followed_and_refused(policy, tmp_path, allowed):
    outside = module(tmp_path, "elsewhere.py")
    link = allowed / "hook.py"
    link.symlink_to(outside)
    with pytest.raises(UntrustedCodeError, match=f"that is {outside}"):
        policy.check_module_file(str(link))


@pytest.mark.parametrize("mode, who", [(0o666, "anyone"), (0o664, "group")])
def test_a_module_others_can_write_is_refused(policy, allowed, mode, who):
    path = module(allowed)
    os.chown(path, 0, NOBODY)
    os.chmod(path, mode)
    with pytest.raises(UntrustedCodeError, match=rf"{path} \(mode 0{mode:o}\) is writable by {who}"):
        policy.check_module_file(path)


def test_a_module_owned_by_another_user_is_refused(policy, allowed):
    path = module(allowed)
    os.chown(path, NOBODY, NOBODY)
    with pytest.raises(UntrustedCodeError, match=f"{path} is owned by .*uid {NOBODY}"):
        policy.check_module_file(path)


def test_kea_service_user_may_own_the_code(allowed):
    path = module(allowed)
    os.chown(path, NOBODY, NOBODY)
    assert CodePolicy([str(allowed)], {0, NOBODY}).check_module_file(path) == path


def test_a_writable_parent_directory_is_refused(tmp_path):
    parent = tmp_path / "open"
    parent.mkdir()
    os.chmod(parent, 0o777)
    inner = parent / "inner"
    inner.mkdir()
    path = module(inner)
    with pytest.raises(UntrustedCodeError, match=rf"{parent} \(mode 0777\) is writable by anyone"):
        CodePolicy([str(inner)], {0}).check_module_file(path)


def test_a_sticky_directory_may_be_above_the_code_but_not_hold_it(tmp_path):
    sticky = tmp_path / "sticky"
    sticky.mkdir()
    os.chmod(sticky, 0o1777)
    inner = sticky / "inner"
    inner.mkdir()
    policy = CodePolicy([str(sticky)], {0})
    assert policy.check_module_file(module(inner)) == str(inner / "hook.py")
    with pytest.raises(UntrustedCodeError, match=rf"{sticky} \(mode 1777\) is writable by anyone"):
        policy.check_module_file(module(sticky))
    with pytest.raises(UntrustedCodeError, match="mode 1777"):
        policy.check_code_directory("python-path entry", str(sticky))


def test_bytecode_written_by_someone_else_is_refused(policy, allowed):
    path = module(allowed)
    cache = allowed / "__pycache__"
    cache.mkdir()
    forged = cache / f"hook.cpython-{VERSION.replace('.', '')}.pyc"
    forged.write_bytes(b"")
    os.chown(forged, NOBODY, NOBODY)
    with pytest.raises(UntrustedCodeError, match=f"{forged} is owned by"):
        policy.check_module_file(path)


def test_a_dotted_name_is_checked_where_the_import_system_would_find_it(policy, allowed, tmp_path):
    package = allowed / "site_hooks"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module(package, "office.py")
    found = policy.check_module_name("site_hooks.office", [str(allowed)])
    assert found == [str(package), str(package / "__init__.py"), str(package / "office.py")]
    with pytest.raises(UntrustedCodeError, match="no module site_hooks.missing"):
        policy.check_module_name("site_hooks.missing", [str(allowed)])
    # The standard library is not an allowed directory: a name resolving there is refused.
    with pytest.raises(UntrustedCodeError, match="is outside"):
        policy.check_module_name("json", sys.path)
    os.chown(package / "office.py", NOBODY, NOBODY)
    with pytest.raises(UntrustedCodeError, match="office.py is owned by"):
        policy.check_module_name("site_hooks.office", [str(allowed)])


def test_a_virtualenv_and_its_pth_files_are_checked(policy, allowed):
    site = allowed / "venv" / "lib" / f"python{VERSION}" / "site-packages"
    site.mkdir(parents=True)
    pth = site / "extra.pth"
    pth.write_text("import os\n")
    assert policy.check_virtualenv(str(allowed / "venv"), VERSION) == str(site)
    os.chmod(pth, 0o666)
    with pytest.raises(UntrustedCodeError, match=rf"{pth} \(mode 0666\) is writable by anyone"):
        policy.check_virtualenv(str(allowed / "venv"), VERSION)
    with pytest.raises(UntrustedCodeError, match="no .*site-packages; make the virtualenv"):
        policy.check_virtualenv(str(allowed / "venv"), "3.1")


def test_the_loaded_module_directory_is_not_put_on_sys_path(tmp_path):
    directory = tmp_path / "hooks"
    directory.mkdir()
    path = module(directory, "pathless_hook.py")
    kea = KeaHooks(server=4)
    kea.load(path)
    try:
        assert runtime.loaded().module.__file__ == path
        assert str(directory) not in sys.path
    finally:
        kea.unload()


def test_kea_validation_refuses_what_load_would_refuse(tmp_path):
    """What the C hook's version() calls while Kea validates a configuration."""
    outside = os.__file__       # the standard library's os.py: outside every allowed directory
    with pytest.raises(UntrustedCodeError, match="is outside"):
        runtime.check_settings(runtime.Settings({"module": outside}),
                               CodePolicy([str(tmp_path)], {0}))
    assert runtime._kea_check('{"module": "%s"}' % module(tmp_path)) == 0
    with pytest.raises(UntrustedCodeError, match="is outside"):
        runtime._kea_check('{"module": "%s"}' % outside)
    with pytest.raises(UntrustedCodeError, match="python-path entry /tmp is outside"):
        runtime._kea_check('{"module": "x", "python-path": ["/tmp"]}')
