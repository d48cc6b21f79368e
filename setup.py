"""Builds capi/ with CMake against the installed Kea (a Release build, stripped) and generates the
cffi ABI module from capi/include/pykea.h. The library stays in the package (pykea/_lib);
`pykea install-hook` places it in Kea's hooks directory, a recorded step that
`pykea uninstall-hook` reverses (README.md, "Other systems: pip").

Environment: KEA_PREFIX (Kea's install prefix, default /usr), KEA_HOOKS_DIR (where Kea loads hook
libraries from; default: what kea-dhcp4 -W reports), CMAKE_BUILD_TYPE (default Release),
PYKEA_NO_STRIP=1 (keep the symbols, e.g. for a packager's own strip step),
PYKEA_DEFAULT_ALLOWED_DIRS (where the hook loads Python code from by default; docs/security.md).
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "capi", "include", "pykea.h")
LIBRARY = "libdhcp_pykea.so"


def cdef_from_header(path=HEADER):
    text = open(path, encoding="utf-8").read()
    match = re.search(r"/\* PYKEA_CDEF_BEGIN \*/(.*)/\* PYKEA_CDEF_END \*/", text, re.S)
    if not match:
        raise RuntimeError(f"{path} lacks the PYKEA_CDEF_BEGIN/END markers")
    return match.group(1)


# What the build needs, each with the package that provides it on Debian/Ubuntu and on
# RHEL/Fedora (README.md names the same packages).
PACKAGES = {
    "cmake": ("cmake", "cmake"),
    "make": ("make", "make"),
    "c++": ("g++", "gcc-c++"),
    "strip": ("binutils", "binutils"),
    "kea": ("kea-dev", "kea-devel"),
    "boost": ("libboost-dev", "boost-devel"),
    "python": ("libpython3-dev", "python3-devel"),
}


def missing(what, name):
    debian, redhat = PACKAGES[what]
    return (f"pykea: cannot build: {name} not found; install it: apt-get install {debian} "
            f"(Debian/Ubuntu) or dnf install {redhat} (RHEL/Fedora)")


def shared_libpython():
    name = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY")
    for directory in (sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LIBPL")):
        if directory and name and os.path.exists(os.path.join(directory, name)) \
                and ".so" in name:
            return os.path.join(directory, name)
    return None


def libpython():
    return shared_libpython() or sys.exit(missing(
        "python", "a shared libpython for this Python (it runs inside Kea)"))


def preflight(prefix):
    """Every missing build dependency, one line each, before CMake would fail on the first."""
    problems = []
    for tool, what in (("cmake", "cmake"), ("make", "make"), ("strip", "strip")):
        if not shutil.which(tool):
            problems.append(missing(what, tool))
    if not any(shutil.which(compiler) for compiler in
               filter(None, (os.environ.get("CXX"), "c++", "g++", "clang++"))):
        problems.append(missing("c++", "a C++ compiler (c++)"))
    if not os.path.exists(os.path.join(prefix, "include", "kea", "hooks", "hooks.h")):
        problems.append(missing("kea", f"Kea's headers ({prefix}/include/kea; KEA_PREFIX sets "
                                       "where Kea is installed)"))
    if not any(os.path.exists(os.path.join(directory, "boost", "version.hpp"))
               for directory in (os.path.join(prefix, "include"), "/usr/include",
                                 "/usr/local/include")):
        problems.append(missing("boost", "Boost's headers (boost/version.hpp), which Kea's "
                                         "headers include"))
    include = sysconfig.get_paths()["include"]
    if not os.path.exists(os.path.join(include, "Python.h")):
        problems.append(missing("python", f"Python's headers ({include}/Python.h)"))
    elif not shared_libpython():
        problems.append(missing("python", "a shared libpython for this Python (it runs inside "
                                          "Kea)"))
    if problems:
        sys.exit("\n".join(problems))


def allowed_dirs_option():
    """PYKEA_DEFAULT_ALLOWED_DIRS=DIR[:DIR...] replaces the build's default allowed directories
    (capi/CMakeLists.txt: /etc/kea/pykea for Kea in /usr)."""
    dirs = os.environ.get("PYKEA_DEFAULT_ALLOWED_DIRS")
    return [f"-DPYKEA_ALLOWED_DIRS={dirs}"] if dirs else []


def kea_hooks_dir(prefix):
    if os.environ.get("KEA_HOOKS_DIR"):
        return os.environ["KEA_HOOKS_DIR"]
    server = os.path.join(prefix, "sbin", "kea-dhcp4")
    try:
        report = subprocess.run([server, "-W"], capture_output=True, text=True, timeout=30).stdout
        match = re.search(r"Hooks directory:\s*(\S+)", report)
        if match:
            return match.group(1)
    except OSError:
        pass
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    return os.path.join(prefix, "lib", multiarch, "kea", "hooks")


def kea_version(prefix):
    config = os.path.join(prefix, "include", "kea", "config.h")
    match = re.search(r'#define VERSION "([^"]+)"', open(config).read())
    return match.group(1) if match else "unknown"


class BuildWithCapi(build_py):
    def run(self):
        super().run()
        prefix = os.environ.get("KEA_PREFIX", "/usr")
        preflight(prefix)
        package_dir = os.path.join(self.build_lib, "pykea")
        built = self.build_capi(prefix)
        os.makedirs(os.path.join(package_dir, "_lib"), exist_ok=True)
        packaged = os.path.join(package_dir, "_lib", LIBRARY)
        shutil.copy2(built, packaged)
        if os.environ.get("PYKEA_NO_STRIP") != "1":
            subprocess.check_call(["strip", "--strip-unneeded", packaged])
        self.generate_ffi(package_dir)
        hooks_dir = kea_hooks_dir(prefix)
        hook_library = os.path.join(hooks_dir, LIBRARY)
        self.write_build_info(package_dir, prefix, hooks_dir, hook_library)

    def build_capi(self, prefix):
        build_dir = os.environ.get("PYKEA_CAPI_BUILD_DIR") or tempfile.mkdtemp(prefix="pykea-capi-")
        build_type = os.environ.get("CMAKE_BUILD_TYPE", "Release")
        paths = sysconfig.get_paths()
        site_dirs = ":".join(dict.fromkeys([paths["purelib"], paths["platlib"]]))
        subprocess.check_call(["cmake", "-S", os.path.join(HERE, "capi"), "-B", build_dir,
                               f"-DKEA_PREFIX={prefix}", f"-DPYKEA_LIBPYTHON={libpython()}",
                               f"-DPYKEA_SITE_DIRS={site_dirs}",
                               f"-DCMAKE_BUILD_TYPE={build_type}",
                               *allowed_dirs_option()])
        subprocess.check_call(["cmake", "--build", build_dir, "--parallel", str(os.cpu_count() or 2)])
        return os.path.join(build_dir, LIBRARY)

    def generate_ffi(self, package_dir):
        import cffi
        ffi = cffi.FFI()
        ffi.cdef(cdef_from_header())
        ffi.set_source("pykea._ffi", None)
        ffi.emit_python_code(os.path.join(package_dir, "_ffi.py"))

    def write_build_info(self, package_dir, prefix, hooks_dir, hook_library):
        with open(os.path.join(package_dir, "_build_info.py"), "w") as out:
            out.write('"""Facts recorded when this pykea was built (generated by setup.py)."""\n')
            for name, value in (("KEA_PREFIX", prefix), ("KEA_VERSION", kea_version(prefix)),
                                ("HOOKS_DIR", hooks_dir), ("HOOK_LIBRARY", hook_library),
                                ("LIBPYTHON", libpython())):
                out.write(f"{name} = {value!r}\n")


class PlatformDistribution(Distribution):
    """The wheel holds a native library built for one Kea and one libpython: platform-tagged."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithCapi}, distclass=PlatformDistribution)
