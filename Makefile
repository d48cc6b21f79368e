# pykea: make demo | make test | make bench
#
# Everything runs inside a Debian root with Kea (tests/env/kearoot; built once, cached under
# /var/cache/pykea/roots), so the host only needs root, debootstrap and iproute2.
SUITE ?= sid
KEAROOT = tests/env/kearoot $(SUITE)
INSIDE = $(KEAROOT) bash -c
VENV = /opt/pykea-venv
PYTEST = cd /tmp && $(VENV)/bin/python -m pytest -p no:cacheprovider --rootdir=/src -c /src/pyproject.toml

.PHONY: host-tools root install test unit integration demo bench clean-roots

host-tools:
	@command -v debootstrap >/dev/null && command -v ip >/dev/null && command -v unshare >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap iproute2 util-linux >/dev/null; }

root: host-tools
	@$(KEAROOT) >/dev/null

install: root
	$(INSIDE) '/src/tests/env/install'

test: root
	$(INSIDE) '/src/tests/env/install && $(PYTEST) -q /src/tests'

unit: root
	$(INSIDE) '/src/tests/env/install && $(PYTEST) -q /src/tests/unit'

integration: root
	$(INSIDE) '/src/tests/env/install && $(PYTEST) -q /src/tests/integration'

demo: root
	$(INSIDE) '/src/tests/env/install && $(VENV)/bin/python /src/examples/demo.py'

bench: root
	$(INSIDE) '/src/tests/env/install && $(VENV)/bin/python /src/benchmarks/run.py'

clean-roots:
	rm -rf /var/cache/pykea/roots
