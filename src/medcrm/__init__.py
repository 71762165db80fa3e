"""medcrm: a command-line personal networking CRM for medical students."""

import os
import sys

__version__ = "0.1.0"


def _quiet_interrupts() -> None:
    """When this process is the ``medcrm`` command, Ctrl-C before the CLI's own error boundary
    is in place (while Python imports it, the command's first 0.1-0.2 s) ends medcrm with one
    line and exit code 130, not a traceback. ``medcrm.launch`` hands Ctrl-C back to Python's
    usual KeyboardInterrupt as soon as the command starts, so it can roll back and say so."""
    import signal

    def interrupted(signum: int, frame: object) -> None:
        os.write(2, b"Error: Interrupted; nothing was changed.\n")
        os._exit(130)

    signal.signal(signal.SIGINT, interrupted)


if sys.argv and (sys.argv[0] == "-m" or os.path.basename(sys.argv[0]) == "medcrm"):
    _quiet_interrupts()
