"""pykea validate and pykea check apply Kea's code-trust policy (pykea.trust) and, with
--no-import, check a module from its source without running any of it."""

import json
import os
import shutil
import sys
import tempfile

import pytest

from pykea.errors import UntrustedCodeError
from pykea.trust import CodePolicy

from testsupport import HOOKS, pykea, write_config

REFUSED = "pykea refused to load Python code: "

# Top-level code with a visible effect, and the mistakes the checks must find without it.
SIDE_EFFECT_HOOK = '''\
import pathlib
pathlib.Path({marker!r}).write_text("the module ran")


def pkt4_recieve(handle):
    pass


async def pkt4_send(handle):
    pass


def lease4_select(handle, extra):
    pass


def pkt6_receive(handle):
    pass


def unload(handle):
    pass
'''

# What both modes find in SIDE_EFFECT_HOOK (the line numbers are the def lines).
SIDE_EFFECT_PROBLEMS = [
    ":13: lease4_select must take one argument (the handle); declare it as def lease4_select(handle)",
    ":5: pkt4_recieve is not a hook point; did you mean pkt4_receive?",
    ":9: pkt4_send is a coroutine (async def), which pykea can run only at a hook point that "
    "honours PARK; Kea (KEA_HOOKS_VERSION",
    ":17: pkt6_receive is a kea-dhcp6 hook point, but this is kea-dhcp4; rename it or remove it",
    ":21: unload must take no arguments; declare it as def unload()",
]


def environment():
    """This session's environment, PYKEA_ALLOWED_DIRS as tests/conftest.py set it: the test
    hooks, the examples and pytest's temporary directories, nothing more."""
    return dict(os.environ)


@pytest.fixture
def outside():
    """A directory in /tmp outside every allowed directory (not under pytest's base)."""
    directory = os.path.realpath(tempfile.mkdtemp(dir="/tmp", prefix="pykea-untrusted-"))
    for allowed in os.environ["PYKEA_ALLOWED_DIRS"].split(":"):
        assert not directory.startswith(allowed.rstrip("/") + "/"), (directory, allowed)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def side_effect_hook(directory, name="hook.py"):
    """(module path, marker path): the marker appears if the module's top-level code runs."""
    marker = os.path.join(str(directory), name + ".ran")
    path = os.path.join(str(directory), name)
    with open(path, "w") as out:
        out.write(SIDE_EFFECT_HOOK.format(marker=marker))
    return path, marker


def kea_says(check):
    """The one line pykea.trust gives Kea for what ``check`` loads (Kea logs it)."""
    with pytest.raises(UntrustedCodeError) as refusal:
        check(CodePolicy.for_service())
    return str(refusal.value)


def error_lines(done):
    return [line[len("error: "):] for line in done.stdout.splitlines() if line.startswith("error: ")]


# ---- the policy --------------------------------------------------------------------------------

def test_check_refuses_a_module_outside_the_allowed_dirs_and_does_not_run_it(outside):
    path, marker = side_effect_hook(outside)
    done = pykea("check", path, env=environment(), check=1)
    message = kea_says(lambda policy: policy.check_module_file(path))
    assert "is outside the directories pykea loads Python code from" in message
    assert f"error: {path}: {REFUSED}{message}" in done.stdout, done.stdout
    assert not os.path.exists(marker), "pykea check ran a module the policy refuses"
    # Its source is still read: the other mistakes are reported too.
    assert any(line.endswith(SIDE_EFFECT_PROBLEMS[1]) for line in done.stdout.splitlines())


def test_validate_refuses_a_module_outside_the_allowed_dirs(tmp_path, outside):
    path, marker = side_effect_hook(outside)
    config = write_config(tmp_path / "kea.conf", {"module": path})
    done = pykea("validate", "--format", "json", config, env=environment(), check=1)
    problems = json.loads(done.stdout)["problems"]
    refusal = next(p for p in problems if p["message"].startswith(REFUSED))
    line = next(n for n, text in enumerate(open(config), 1) if '"module"' in text)
    assert (refusal["file"], refusal["line"]) == (config, line)
    message = kea_says(lambda policy: policy.check_module_file(path))
    assert f"{refusal['message']}; {refusal['fix']}" == REFUSED + message
    assert not os.path.exists(marker)


def test_validate_refuses_a_world_writable_module(tmp_path):
    directory = tmp_path / "hooks"
    directory.mkdir()
    path, marker = side_effect_hook(directory)
    os.chmod(path, 0o666)
    config = write_config(tmp_path / "kea.conf", {"module": path})
    done = pykea("validate", config, env=environment(), check=1)
    message = kea_says(lambda policy: policy.check_module_file(path))
    assert f"(mode 0666) is writable by anyone; chmod o-w {os.path.realpath(path)}" in message
    assert REFUSED + message in done.stdout, done.stdout
    assert not os.path.exists(marker), "pykea validate ran a world-writable module"
    # The same module, no longer writable by others, is imported (and found fine but for its
    # mistakes).
    os.chmod(path, 0o644)
    done = pykea("validate", config, env=environment(), check=1)
    assert REFUSED not in done.stdout
    assert os.path.exists(marker)


def test_check_refuses_a_module_in_a_world_writable_directory(tmp_path):
    directory = tmp_path / "shared"
    directory.mkdir()
    path, marker = side_effect_hook(directory)
    os.chmod(directory, 0o777)
    done = pykea("check", path, env=environment(), check=1)
    message = kea_says(lambda policy: policy.check_module_file(path))
    assert "(mode 0777) is writable by anyone" in message
    assert REFUSED + message in done.stdout
    assert not os.path.exists(marker)


def test_validate_refuses_python_path_and_virtualenv_and_then_imports_nothing(tmp_path, outside):
    """Kea stops at a refused python-path entry or virtualenv: the module, trusted itself, is not
    imported either (its source is read)."""
    path, marker = side_effect_hook(tmp_path)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    venv = os.path.join(outside, "venv")
    os.makedirs(os.path.join(venv, "lib", f"python{version}", "site-packages"))
    library = os.path.join(outside, "lib")
    os.mkdir(library)
    config = write_config(tmp_path / "kea.conf",
                          {"module": path, "python-path": [library], "virtualenv": venv})
    done = pykea("validate", config, env=environment(), check=1)
    for check in (lambda policy: policy.check_code_directory("python-path entry", library),
                  lambda policy: policy.check_virtualenv(venv, version)):
        message = kea_says(check)
        assert "is outside the directories" in message
        assert REFUSED + message in done.stdout, done.stdout
    assert not os.path.exists(marker), "validate imported a module whose python-path Kea refuses"
    lines = error_lines(done)
    for expected in SIDE_EFFECT_PROBLEMS:
        assert any(os.path.realpath(path) + expected in line for line in lines), (expected, lines)


def test_validate_python_path_entries_are_checked_and_used(tmp_path):
    """The module is imported from its file, its directory not on sys.path (as in Kea): a
    sibling module is found only through 'python-path'."""
    (tmp_path / "helper_for_hook.py").write_text("VALUE = 1\n")
    (tmp_path / "hook.py").write_text("import helper_for_hook\n\n\ndef pkt4_receive(handle):\n"
                                      "    pass\n")
    module = str(tmp_path / "hook.py")
    out = pykea("check", module, env=environment(), check=1).stdout
    assert "ModuleNotFoundError: No module named 'helper_for_hook'" in out
    pykea("check", module, "--python-path", str(tmp_path), env=environment(), check=0)
    config = write_config(tmp_path / "kea.conf", {"module": module, "python-path": [str(tmp_path)]})
    assert pykea("validate", config, env=environment(), check=0).stdout.startswith("ok: ")
    os.chmod(tmp_path, 0o777)
    try:
        done = pykea("check", module, "--python-path", str(tmp_path), env=environment(), check=1)
    finally:
        os.chmod(tmp_path, 0o700)
    assert REFUSED + f"python-path entry: {os.path.realpath(tmp_path)} (mode 0777)" in done.stdout


@pytest.mark.parametrize("value, accepted", [
    ("built", True), ("soname", True), ("/opt/elsewhere/libpython3.so", False),
    ("python3", False), ("libpython3.so; rm -rf /", False),
])
def test_validate_libpython_as_the_hook_library_accepts_it(tmp_path, value, accepted):
    from pykea import _build_info
    value = {"built": _build_info.LIBPYTHON,
             "soname": os.path.basename(_build_info.LIBPYTHON)}.get(value, value)
    config = write_config(tmp_path / "kea.conf",
                          {"module": os.path.join(HOOKS, "tracing_hook.py"), "libpython": value})
    done = pykea("validate", config, env=environment())
    # capi/src/hook_library.cc, LibpythonChoice::fromValue
    refusal = (f"hook parameter 'libpython' is '{value}': pykea embeds only the libpython it was "
               f"built with ({_build_info.LIBPYTHON}) or one named by a bare soname such as "
               "libpython3.13.so.1.0, which the dynamic linker finds in the system's library "
               "directories; remove the parameter or give a soname")
    if accepted:
        assert done.returncode == 0, done.stdout
    else:
        assert done.returncode == 1 and refusal in done.stdout, done.stdout


def test_validate_a_libpython_soname_the_system_lacks(tmp_path):
    config = write_config(tmp_path / "kea.conf", {"module": os.path.join(HOOKS, "tracing_hook.py"),
                                                  "libpython": "libpython3.99.so.1.0"})
    out = pykea("validate", config, env=environment(), check=1).stdout
    # capi/src/python.cc, EmbeddedPython::start
    assert "cannot open libpython 'libpython3.99.so.1.0': libpython3.99.so.1.0: cannot open " \
           "shared object file" in out, out
    assert "; remove the hook parameter 'libpython' (to embed the libpython pykea was built " \
           "with) or give the soname of an installed libpython3.X" in out


def test_a_libpython_soname_of_another_python_version(monkeypatch):
    from pykea import _build_info
    from pykea.cli import checks
    monkeypatch.setattr(checks, "cannot_open", lambda soname: None)     # as if installed
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert checks.libpython_problems("libpython3.2.so.1.0") == [(
        f"hook parameter 'libpython' is 'libpython3.2.so.1.0', Python 3.2, but pykea is "
        f"installed for Python {version} and cannot run in another one",
        f"remove the parameter or give {os.path.basename(_build_info.LIBPYTHON)}")]
    assert checks.libpython_problems(f"libpython{version}.so.1.0") == []
    assert checks.libpython_problems("libpython3.so") == []


# ---- --no-import -------------------------------------------------------------------------------

def test_no_import_finds_what_the_import_finds_without_running_the_module(tmp_path):
    path, marker = side_effect_hook(tmp_path)
    real = os.path.realpath(path)
    static = pykea("check", "--no-import", path, env=environment(), check=1)
    assert not os.path.exists(marker), "pykea check --no-import ran the module"
    imported = pykea("check", path, env=environment(), check=1)
    assert os.path.exists(marker), "the import mode should have run it"
    assert error_lines(static) == error_lines(imported), (static.stdout, imported.stdout)
    lines = error_lines(static)
    assert len(lines) == len(SIDE_EFFECT_PROBLEMS), lines
    for line, expected in zip(lines, SIDE_EFFECT_PROBLEMS):
        assert line.startswith(real + expected), (line, expected)


@pytest.mark.parametrize("name", ["misspelt_hook.py", "async_committed.py", "offer_hook.py",
                                  "basic_hook.py", "registering_hook.py", "v6_hook.py"])
@pytest.mark.parametrize("arguments", [(), ("--server", "6"), ("--kea-version", "2.2")])
def test_no_import_agrees_with_the_import_on_the_test_hooks(name, arguments):
    path = os.path.join(HOOKS, name)
    static = pykea("check", "--no-import", path, *arguments, env=environment())
    imported = pykea("check", path, *arguments, env=environment())
    assert (static.returncode, error_lines(static)) == (imported.returncode, error_lines(imported))


def test_no_import_reports_syntax_errors_with_file_and_line(tmp_path):
    broken = os.path.join(HOOKS, "broken_syntax.py")
    out = pykea("check", "--no-import", broken, env=environment(), check=1).stdout
    assert f"{os.path.realpath(broken)}:1: SyntaxError: " in out
    # What only the compiler rejects, after top-level code that must not run.
    marker = tmp_path / "ran"
    (tmp_path / "late.py").write_text(f"open({str(marker)!r}, 'w').close()\n\n"
                                      "def pkt4_receive(handle):\n    pass\n\nreturn 1\n")
    late = str(tmp_path / "late.py")
    for mode in (("--no-import",), ()):
        done = pykea("check", *mode, late, env=environment(), check=1)
        assert f"{os.path.realpath(late)}:6: SyntaxError: 'return' outside function" in done.stdout
    assert not marker.exists()


def test_no_import_of_a_dotted_name_through_python_path(tmp_path):
    library = tmp_path / "lib"
    package = library / "site_hooks"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"open({str(tmp_path / 'package-ran')!r}, 'w').close()\n")
    path, marker = side_effect_hook(package, "office.py")
    config = write_config(tmp_path / "kea.conf", {"module": "site_hooks.office",
                                                  "python-path": [str(library)]})
    static = pykea("validate", "--no-import", config, env=environment(), check=1)
    assert not os.path.exists(marker) and not (tmp_path / "package-ran").exists()
    imported = pykea("validate", config, env=environment(), check=1)
    assert os.path.exists(marker) and (tmp_path / "package-ran").exists()
    assert error_lines(static) == error_lines(imported)
    assert error_lines(static)[1].startswith(os.path.realpath(path) + SIDE_EFFECT_PROBLEMS[1])
    missing = write_config(tmp_path / "missing.conf", {"module": "site_hooks.nothing",
                                                       "python-path": [str(library)]})
    out = pykea("validate", "--no-import", missing, env=environment(), check=1).stdout
    assert REFUSED + "module site_hooks.nothing: no module site_hooks.nothing on the python-path" in out


def test_no_import_sees_module_level_definitions_as_the_namespace_ends_up(tmp_path):
    (tmp_path / "hook.py").write_text(
        "import sys\n"
        "from os import path as pkt4_recieve\n"          # imported: not the module's own
        "if sys.version_info >= (3,):\n"
        "    def lease4_select(handle, extra):\n"       # defined in an if block: checked
        "        pass\n"
        "try:\n"
        "    def pkt4_sned(handle):\n"                 # in a try block: checked
        "        pass\n"
        "except ImportError:\n"
        "    pass\n"
        "subnet4_select = lambda: None\n"
        "def pkt4_send(handle, extra):\n"
        "    pass\n"
        "pkt4_send = None\n"                            # rebound: no longer a function
        "class lease4_renew:\n"
        "    pass\n")
    path = str(tmp_path / "hook.py")
    static = error_lines(pykea("check", "--no-import", path, env=environment(), check=1))
    real = os.path.realpath(path)
    assert static == [
        f"{real}:4: lease4_select must take one argument (the handle); declare it as def lease4_select(handle)",
        f"{real}:7: pkt4_sned is not a hook point; did you mean pkt4_send?",
        f"{real}:11: subnet4_select must take one argument (the handle); declare it as def subnet4_select(handle)",
    ], static
    assert static == error_lines(pykea("check", path, env=environment(), check=1))


def test_help_says_the_import_runs_the_module():
    for command in ("check", "validate"):
        text = " ".join(pykea(command, "--help", check=0).stdout.split())
        assert "its top-level code RUNS: as the user running this command, in a child process" in text
        assert "--no-import" in text and "none of its code runs" in text
        assert "PYKEA_ALLOWED_DIRS" in text


def test_a_relative_module_path(tmp_path):
    """pykea check takes it from where it is run; in a configuration it is a problem, since Kea
    takes it from its own working directory."""
    path, marker = side_effect_hook(tmp_path)
    done = pykea("check", "--no-import", "hook.py", cwd=tmp_path, env=environment(), check=1)
    assert error_lines(done)[1].startswith(os.path.realpath(path) + SIDE_EFFECT_PROBLEMS[1])
    config = write_config(tmp_path / "kea.conf", {"module": "./hook.py"})
    out = pykea("validate", "--no-import", config, cwd=tmp_path, env=environment(), check=1).stdout
    assert '"module" ./hook.py is a relative path, which Kea takes from its working ' \
           "directory" in out
    assert not os.path.exists(marker)
