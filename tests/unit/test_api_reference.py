"""The API reference (docs/api) builds from the docstrings with Sphinx, warnings as errors and
every cross-reference resolved, and mypy accepts pykea/ as pyproject.toml configures it.

mypy checks the checkout's pykea/ (/src inside a Kea root); Sphinx reads the checkout's docs/api
and documents the installed pykea, which tests/env/install built from the same checkout (with
py.typed, which the package data must install)."""

import html as html_text
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pykea

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "api"

# Names each page must document (their anchors in the HTML), so that a page autodoc silently
# left empty fails.
DOCUMENTED = {
    "handle.html": ["pykea.handle.CalloutHandle", "pykea.handle.CalloutHandle.park",
                    "pykea.handle.CalloutHandle.context", "pykea.handle.LibraryHandle"],
    "packet.html": ["pykea.packet.Pkt4", "pykea.packet.Pkt6", "pykea.packet.Pkt.transid",
                    "pykea.packet.MessageType.DISCOVER", "pykea.identifiers.HWAddr"],
    "option.html": ["pykea.option.Option", "pykea.option.OptionMap",
                    "pykea.optiondef.OptionDefinition", "pykea.optiondef.DHCP4Option"],
    "lease.html": ["pykea.lease.Lease4", "pykea.lease.Lease6", "pykea.leasemgr.get4"],
    "hosts.html": ["pykea.hosts.Host", "pykea.hosts.get4"],
    "config.html": ["pykea.config.Subnet4", "pykea.config.Config.select_subnet",
                    "pykea.config.subnets"],
    "cb.html": ["pykea.cb.ConfigBackend", "pykea.cb.Servers", "pykea.cb.ConfigBackend.set_option"],
    "stats.html": ["pykea.stats.add"],
    "ddns.html": ["pykea.ddns.queue", "pykea.ddns.enabled"],
    "parking.html": ["pykea.parking.Parked", "pykea.parking.ParkedHandle"],
    "enums.html": ["pykea.enums.NextStep", "pykea.enums.NextStep.DROP"],
    "errors.html": ["pykea.errors.PykeaError", "pykea.errors.NotFoundError"],
    "features.html": ["pykea.features.available"],
    "log.html": ["pykea.log.KeaHandler"],
    "testing.html": ["pykea.testing.KeaHooks", "pykea.tools.lab.KeaServer",
                     "pykea.tools.client.Client"],
}


def signature(page: str, name: str) -> str:
    """The text of the signature line (<dt id=name>) of a documented object."""
    found = re.search(rf'<dt[^>]* id="{re.escape(name)}"[^>]*>(.*?)</dt>', page, re.S)
    assert found, f"{name} is not documented"
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_the_api_reference_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("sphinx")
    html = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(html)],
        capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, (f"sphinx-build exited with {done.returncode}:\n"
                                  f"{done.stderr}{done.stdout}")
    missing = {page: [name for name in names
                      if f'id="{name}"' not in (html / page).read_text(encoding="utf-8")]
               for page, names in DOCUMENTED.items()}
    assert not any(missing.values()), f"not documented: {missing}"
    # Each item shows its Python type: a property's, a function's parameters and return value.
    packet = (html / "packet.html").read_text(encoding="utf-8")
    assert "transid: int" in signature(packet, "pykea.packet.Pkt.transid")
    assert "remote_hwaddr: HWAddr | None" in signature(packet, "pykea.packet.Pkt.remote_hwaddr")
    get4 = signature((html / "lease.html").read_text(encoding="utf-8"), "pykea.leasemgr.get4")
    assert "address: str | int | IPv4Address" in get4 and "Lease4 | None" in get4, get4
    park = signature((html / "handle.html").read_text(encoding="utf-8"),
                     "pykea.handle.CalloutHandle.park")
    assert "Parked" in park, park


def test_an_undocumented_public_function_fails_the_build(tmp_path):
    """The build's own check (docs/api/conf.py): autodoc would leave the function out."""
    pytest.importorskip("sphinx")
    module = tmp_path / "pykea_undocumented_example.py"
    module.write_text('def documented():\n    """Says what it does."""\n\n\n'
                      'def undocumented():\n    pass\n')
    source = tmp_path / "docs"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
        f"exec(open({str(DOCS / 'conf.py')!r}).read())\n")
    (source / "index.rst").write_text("Example\n=======\n\n.. automodule:: pykea_undocumented_example\n")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
         str(source), str(tmp_path / "html")], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode != 0
    assert "pykea_undocumented_example.undocumented has no docstring" in done.stderr, done.stderr


def test_py_typed_is_installed_with_the_package():
    assert Path(pykea.__file__).with_name("py.typed").is_file()


def test_mypy_accepts_pykea(tmp_path):
    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy-cache")],
        capture_output=True, text=True, cwd=ROOT,
        env=dict(os.environ, MYPY_FORCE_COLOR="0", TERM="dumb"))
    assert done.returncode == 0, f"mypy exited with {done.returncode}:\n{done.stdout}{done.stderr}"
    assert "Success: no issues found" in done.stdout, done.stdout
