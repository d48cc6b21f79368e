"""The status line above each function of capi/include/pykea.h matches its implementation
(capi/statuses.py derives it; run ``python3 capi/statuses.py`` after changing what a call
answers)."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "capi" / "statuses.py"


def test_every_function_lists_the_statuses_its_implementation_answers():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, ("capi/include/pykea.h's status lines differ from capi/src: "
                                  "run python3 capi/statuses.py " + done.stderr)
