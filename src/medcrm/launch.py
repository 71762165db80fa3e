"""The ``medcrm`` command's entry point: as small as can be, so that Ctrl-C while the CLI is
still being imported (its first 0.1-0.2 s) ends as every interruption does, in one line and
exit code 130, not in a traceback; and arguments that are not UTF-8 (a terminal set to another
encoding) are refused before they reach a command."""

from __future__ import annotations

import signal
import sys


def _say(line: str) -> None:
    sys.stderr.write(f"Error: {line}\n")
    sys.stderr.flush()


def main() -> None:
    try:
        for number, arg in enumerate(sys.argv[1:], start=1):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                from medcrm.pure.sanitize import strip_controls

                shown = strip_controls(arg.encode("utf-8", "backslashreplace").decode("utf-8"))
                _say(
                    f"Argument {number} ('{shown[:60]}') holds bytes that are not UTF-8 text, "
                    "so nothing was changed. Set your terminal to UTF-8 (e.g. "
                    "LANG=en_US.UTF-8) and type it again."
                )
                raise SystemExit(1) from None
        from medcrm import argv

        argv.launched = argv.command_line()  # the CLI loads that command alone
        from medcrm.cli import main as run
    except KeyboardInterrupt:
        _say("Interrupted; nothing was changed.")
        raise SystemExit(130) from None
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the CLI's boundary takes over
    try:
        run()  # its error boundary turns Ctrl-C during the command into one line and 130
    except KeyboardInterrupt:  # between the command's end and here: nothing left undone
        raise SystemExit(130) from None
    finally:
        # The command is over (done, or refused and rolled back): a Ctrl-C from now on, while
        # Python shuts down, has nothing to stop and must not print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":  # pragma: no cover
    main()
