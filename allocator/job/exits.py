"""The command line's exit codes, defined once (the workbook contract lists them)."""

EXIT_OK = 0  # written, no hard violation
EXIT_HARD = 1  # written, hard violations listed
EXIT_USAGE = 2  # a usage error: an unknown --prison, an unreachable cluster, a file we cannot write
EXIT_INPUT = 65  # the input data is invalid: nothing written
EXIT_INTERNAL = 70  # a bug: a message and a hint, the traceback only with --debug
EXIT_INTERRUPTED = 130  # stopped by Ctrl+C (128 + SIGINT, as shells report it): nothing written
