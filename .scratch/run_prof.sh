#!/bin/bash
cp /src/pykea/*.py /opt/pykea-venv/lib/python3.14/site-packages/pykea/
cd /tmp && PYKEA_ALLOWED_DIRS=/src/.scratch /opt/pykea-venv/bin/python /src/.scratch/prof.py 2>&1 | grep -v "INFO\|WARN"
