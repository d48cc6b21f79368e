# pykea: make demo | make test | make bench
#
# Everything runs inside Debian roots with Kea (tests/env/kearoot; built once, cached under
# /var/cache/pykea/roots), so the host only needs root, debootstrap, iproute2, and tox and
# buildah for the matrix (make host-tools installs what is missing).
#
#   make test                     the Kea matrix (tox: kea22 kea26 kea30) and the container test,
#                                 side by side
#   make suite-test SUITE=trixie  the whole suite in one root (what each tox environment runs)
#   make unit|integration|demo|bench [SUITE=sid]
#   make docs [SUITE=sid]         the API reference (docs/api) in build/api-html/
#   make deb SUITE=trixie         dist/python3-pykea_*.deb for that release's Kea (debian/)
SUITE ?= sid
# The Debian suites of the matrix: Kea 2.2.0, 2.6.3 and 3.0.4.
SUITES = bookworm trixie sid
# The release the container test builds its image for (tests/container).
PYKEA_CONTAINER_RELEASE ?= trixie
export PYKEA_CONTAINER_RELEASE
KEAROOT = tests/env/kearoot $(SUITE)
INSIDE = $(KEAROOT) bash -c
VENV = /opt/pykea-venv
PYTEST = cd /tmp && $(VENV)/bin/python -m pytest -p no:cacheprovider --rootdir=/src -c /src/pyproject.toml
PYTEST_ARGS ?=

.PHONY: host-tools root roots install test matrix suite-test unit integration demo bench docs deb clean-roots

host-tools:
	@command -v debootstrap >/dev/null && command -v ip >/dev/null && command -v unshare >/dev/null \
	  && command -v tox >/dev/null && command -v buildah >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      debootstrap iproute2 util-linux tox buildah >/dev/null; }

root: host-tools
	@$(KEAROOT) >/dev/null

# Every root of the matrix and the container test's base image, made side by side (mostly
# downloads); each is made once and then reused.
roots: host-tools
	@pids=; for suite in $(SUITES); do tests/env/kearoot $$suite >/dev/null & pids="$$pids $$!"; done; \
	tests/env/baseimage $(PYKEA_CONTAINER_RELEASE) >/dev/null & pids="$$pids $$!"; \
	status=0; for pid in $$pids; do wait $$pid || status=1; done; exit $$status

install: root
	$(INSIDE) '/src/tests/env/install'

# The environments run side by side (tests/env/matrix), each with its own log, printed in turn.
test: roots
	tests/env/matrix kea22 kea26 kea30 container

matrix: roots
	tests/env/matrix kea22 kea26 kea30

# The whole suite (unit, integration, CLI) inside the root of SUITE. tests/container runs on the
# host (tox -e container), not in a root.
suite-test: root
	$(KEAROOT) /src/tests/env/suite $(PYTEST_ARGS)

unit: root
	$(INSIDE) '/src/tests/env/install && $(PYTEST) -q -rs /src/tests/unit $(PYTEST_ARGS)'

integration: root
	$(INSIDE) '/src/tests/env/install && $(PYTEST) -q -rs /src/tests/integration $(PYTEST_ARGS)'

demo: root
	$(INSIDE) '/src/tests/env/install && $(VENV)/bin/python /src/examples/demo.py'

bench: root
	$(INSIDE) '/src/tests/env/install && $(VENV)/bin/python /src/benchmarks/run.py'

# The API reference, made by Sphinx from the docstrings of the pykea installed in the root, with
# warnings as errors (tests/unit/test_api_reference.py builds it the same way).
docs: root
	$(INSIDE) '/src/tests/env/install && $(VENV)/bin/python -m sphinx -W --keep-going -n -q -b html -d /tmp/api-doctrees /src/docs/api /src/build/api-html'

# The Debian package, built with dpkg-buildpackage in the root of SUITE (tests/env/deb).
deb: root
	$(KEAROOT) /src/tests/env/deb

clean-roots:
	rm -rf $${PYKEA_ROOTS:-/var/cache/pykea/roots}
