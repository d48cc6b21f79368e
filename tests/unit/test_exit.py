"""A Python program that loaded the hook library through KeaHooks exits cleanly."""

import os
import subprocess
import sys

HOOK = os.path.join(os.path.dirname(os.path.dirname(__file__)), "hooks", "basic_hook.py")


def test_process_exits_cleanly_with_the_hook_still_loaded():
    program = ("from pykea.testing import KeaHooks\n"
               "from pykea import Pkt4, MessageType\n"
               "kea = KeaHooks(4)\n"
               f"kea.load({HOOK!r})\n"
               "handle = kea.handle()\n"
               "handle.set('pkt4_receive', 'query4', Pkt4(MessageType.DISCOVER, 5))\n"
               "print(handle.call('pkt4_receive').name)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=60, cwd="/tmp")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "CONTINUE"
