"""The `framekit` console entry point: runs the CLI binary shipped inside the package.

The process is replaced (os.execv), so the CLI gets the same arguments, standard
streams and process id, and its exit status is the command's exit status.
"""
import os
import signal
import sys

CLI: str = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "framekit")


def main() -> int:
    if not os.access(CLI, os.X_OK):
        print(f"framekit: the CLI binary is missing from this installation ({CLI})",
              file=sys.stderr)
        return 127
    # Python ignores SIGPIPE at start-up and the ignore would survive the exec: give the
    # CLI the default a shell gives it, so `framekit ... | head` ends it as it would
    # end the binary. (SIGXFSZ stays ignored as Python left it: a write past a file
    # size limit then fails with EFBIG, which the CLI reports, instead of a kill.)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(CLI, [sys.argv[0], *sys.argv[1:]])
    return 127  # not reached: execv returns only by raising


if __name__ == "__main__":
    sys.exit(main())
