"""The README's pip path ("Other systems: pip"), followed as a new user follows it, in a copy of
the Kea-only root (tests/env/SUITE.kea-only: Kea's DHCPv4 server and nothing else, the same Kea
build as this root).

First pip meets the bare machine and must stop with one line per missing build dependency,
naming its package. Then the README's commands run as written, on an sdist made from this
checkout: its Debian line installs the build dependencies (from the root's apt cache, which
tests/env/kearoot filled), pip builds pykea in a virtualenv from the sdist, and pykea
install-hook places the library where Kea loads it. kea-dhcp4 then loads the hook by its bare
name and serves a DORA with it; the README's removal line leaves no pykea file in Kea's hooks
directory and an empty record.

Runs inside a Kea root, as root, like the integration tests. Only the roots whose Kea-only root
caches the build dependencies run it (trixie's: apt needs no mirror).
"""

import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile

import pytest

from pykea.tools import lab

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from debian_root import KEA_ONLY_ROOT, KeaOnlyRoot, run  # noqa: E402

from testsupport import wait_until  # noqa: E402

README = "/src/README.md"
# Where a proxy re-signs TLS, the host's bundle trusts it (tests/env/kearoot mounts it here).
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
ROOT_CA_BUNDLE = "/etc/pykea-test-ca.crt"
LIBRARY = "libdhcp_pykea.so"
HOOK_MODULE = """\
import logging

log = logging.getLogger(__name__)


def pkt4_receive(handle):
    log.info("pip-installed pykea saw %s", handle["query4"].hwaddr)
"""

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="overlay mounts, chroot and network namespaces "
                       "need root"),
    pytest.mark.skipif(not glob.glob(f"{KEA_ONLY_ROOT}/var/cache/apt/archives/kea-dev_*.deb"),
                       reason="this release's Kea-only root does not cache the pip path's build "
                              "dependencies (tests/env/SUITE.kea-only lists them for trixie)"),
]


def readme_block(heading: str, index: int) -> list:
    """The commands of the README's ``index``-th sh block under ``heading``, comments dropped."""
    with open(README) as readme:
        text = readme.read()
    section = text[text.index(heading):]
    section = section[:section.index("\n## ", 1)]
    block = re.findall(r"```sh\n(.*?)```", section, re.S)[index]
    return [line.split("  #")[0].strip() for line in block.splitlines()
            if line.strip() and not line.startswith("#")]


def version() -> str:
    with open("/src/pyproject.toml") as project:
        return re.search(r'^version = "([^"]+)"', project.read(), re.M).group(1)


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    """An sdist of this checkout, made as any PEP 517 front end makes it (setuptools'
    build_meta), from a copy so that the build writes nothing into /src."""
    copy = tmp_path_factory.mktemp("checkout") / "pykea"
    shutil.copytree("/src", copy, ignore=shutil.ignore_patterns(
        ".git", ".tox", "build", "*.egg-info", "__pycache__", ".scratch", "dist"))
    out = tmp_path_factory.mktemp("sdist")
    done = subprocess.run([sys.executable, "-c", "from setuptools import build_meta; "
                           f"print(build_meta.build_sdist({str(out)!r}))"],
                          cwd=copy, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    path = out / done.stdout.strip().splitlines()[-1]
    assert path.name == f"pykea_hooks-{version()}.tar.gz" or \
        path.name == f"pykea-hooks-{version()}.tar.gz", path.name
    return path


@pytest.fixture(scope="module")
def root():
    assert os.path.isdir(os.path.join(KEA_ONLY_ROOT, "usr")), f"no Kea-only root at {KEA_ONLY_ROOT}"
    root = KeaOnlyRoot().mount()
    shutil.copy("/etc/resolv.conf", root.file("/etc/resolv.conf"))     # pip reaches PyPI
    if os.path.exists(CA_BUNDLE):       # this machine's trust, as tests/env/kearoot passes it
        shutil.copy(CA_BUNDLE, root.file(ROOT_CA_BUNDLE))
    try:
        yield root
    finally:
        root.unmount()


def in_root(root: KeaOnlyRoot, line: str, check: bool = True) -> subprocess.CompletedProcess:
    """A shell line run in the root from /root, as root; pip's build may take many minutes."""
    environment = {"DEBIAN_FRONTEND": "noninteractive"}
    if os.path.exists(root.file(ROOT_CA_BUNDLE)):
        environment.update(PIP_CERT=ROOT_CA_BUNDLE, SSL_CERT_FILE=ROOT_CA_BUNDLE)
    command = root.command("sh", "-c", f"cd /root && {line}", environment=environment)
    return run(*command, check=check, timeout=3600)


def test_the_sdist_holds_what_builds_pykea(sdist):
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("setup.py", "pyproject.toml", "capi/CMakeLists.txt", "capi/include/pykea.h",
                   "capi/src/callouts.cc", "capi/src/pykea_messages.mes", "pykea/runtime.py",
                   "pykea/py.typed", "cli/commands.py"):
        assert needed in names, f"the sdist lacks {needed}"
    assert not [name for name in names if name.endswith((".so", ".pyc"))], "built files in the sdist"


@pytest.fixture(scope="module")
def missing_dependencies(root, sdist):
    """pip on the machine with only Kea and a Python virtualenv: the build must stop at once."""
    in_root(root, "apt-get install -y -q python3-venv")
    shutil.copy(sdist, root.file(f"/root/pykea-hooks-{version()}.tar.gz"))
    in_root(root, "python3 -m venv /tmp/bare")
    return in_root(root, f"/tmp/bare/bin/pip install ./pykea-hooks-{version()}.tar.gz", check=False)


def test_a_missing_build_dependency_is_one_line_naming_its_package(missing_dependencies):
    done = missing_dependencies
    output = done.stdout + done.stderr
    assert done.returncode != 0
    lines = [line.strip() for line in output.splitlines() if "pykea: cannot build:" in line]
    expected = {"cmake": "cmake", "c++": "g++", "Kea's headers": "kea-dev",
                "Boost's headers": "libboost-dev", "Python's headers": "libpython3-dev"}
    for what, package in expected.items():
        assert [line for line in lines if what in line and f"apt-get install {package} " in line], \
            f"no line names {package} for {what}:\n{output[-4000:]}"
    assert "Traceback" not in output, output[-4000:]
    assert "CMake Error" not in output, output[-4000:]


@pytest.fixture(scope="module")
def installed(root, missing_dependencies):
    """The README's install block, line by line as written (the RHEL/Fedora line aside)."""
    lines = readme_block("### Other systems: pip", 0)
    assert any(line.startswith("dnf install") for line in lines)
    ran = []
    for line in lines:
        if line.startswith("dnf "):
            continue
        done = in_root(root, line, check=False)
        ran.append((line, done))
        assert done.returncode == 0, f"README line failed: {line}\n{done.stdout[-4000:]}\n" \
                                     f"{done.stderr[-4000:]}"
    for line, done in ran:      # the new user's transcript (pytest -s shows it)
        output = (done.stdout + done.stderr).strip().splitlines()
        print(f"# {line}\n" + "\n".join(output[-12:]))
    return ran


def hooks_dir(root: KeaOnlyRoot) -> str:
    report = root.run("kea-dhcp4", "-W").stdout
    return re.search(r"Hooks directory:\s*(\S+)", report).group(1)


def site_library(root: KeaOnlyRoot) -> str:
    found = glob.glob(root.file(f"/opt/pykea/lib/python3*/site-packages/pykea/_lib/{LIBRARY}"))
    assert len(found) == 1, found
    return found[0]


def sha256(path: str) -> str:
    with open(path, "rb") as data:
        return hashlib.sha256(data.read()).hexdigest()


def test_pip_builds_a_platform_wheel_with_a_stripped_library(root, installed):
    wheel, = glob.glob(root.file("/opt/pykea/lib/python3*/site-packages/pykea_hooks-*.dist-info/WHEEL"))
    with open(wheel) as metadata:
        text = metadata.read()
    assert "Root-Is-Purelib: false" in text, text
    tag = re.search(r"^Tag: (\S+)$", text, re.M).group(1)
    assert not tag.endswith("-none-any") and "linux" in tag, tag
    sections = run("readelf", "-S", "-W", site_library(root)).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections, "the library is not stripped"


def test_install_hook_places_the_library_and_records_it(root, installed):
    target = f"{hooks_dir(root)}/{LIBRARY}"
    assert sha256(root.file(target)) == sha256(site_library(root))
    with open(root.file("/var/lib/pykea/hook-libraries.json")) as record:
        recorded = json.load(record)
    assert recorded[target]["sha256"] == sha256(root.file(target))
    line, info = installed[-1]
    assert line.endswith("pykea info"), line
    assert re.search(rf"^hook library\s+{re.escape(target)}$", info.stdout, re.M), info.stdout


def test_kea_loads_the_pip_installed_hook_and_serves_a_dora(root, installed, tmp_path):
    os.makedirs(root.file("/etc/kea/pykea"), mode=0o755, exist_ok=True)
    with open(root.file("/etc/kea/pykea/pip_hook.py"), "w") as module:
        module.write(HOOK_MODULE)
    with lab.Network() as network:
        config = lab.dhcp4_config(network, {"module": "/etc/kea/pykea/pip_hook.py"},
                                  multi_threading=False)
        del config["Dhcp4"]["control-socket"]
        with open(root.file("/etc/kea/pip-test.json"), "w") as out:
            json.dump(config, out)
        os.makedirs(root.file("/run/kea"), exist_ok=True)
        log_path = tmp_path / "kea-dhcp4.out"
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                ["ip", "netns", "exec", network.server,
                 *root.command("kea-dhcp4", "-c", "/etc/kea/pip-test.json")],
                stdout=log, stderr=subprocess.STDOUT)
        kea_log = lambda: log_path.read_text(errors="replace")  # noqa: E731
        try:
            wait_until(lambda: "DHCP4_STARTED" in kea_log() or server.poll() is not None,
                       "kea-dhcp4's start", timeout=lab.START_TIMEOUT)
            assert server.poll() is None, f"kea-dhcp4 exited:\n{kea_log()}"
            assert "PYKEA_HOOK_LOADED" in kea_log(), kea_log()
            exchange, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:09")
            assert exchange["ack"] is not None, kea_log()
            wait_until(lambda: "pip-installed pykea saw 02:00:00:00:00:09" in kea_log(),
                       "the hook's log line")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(lab.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_the_readme_removal_leaves_no_hook_library(root, installed):
    target = f"{hooks_dir(root)}/{LIBRARY}"
    for line in readme_block("### Other systems: pip", 1):
        in_root(root, line)
    assert not os.path.exists(root.file(target)), f"{target} is left behind"
    assert not os.path.exists(root.file("/opt/pykea"))
    with open(root.file("/var/lib/pykea/hook-libraries.json")) as record:
        assert json.load(record) == {}
