"""The one error type a user can cause, and how the command line reports it."""


class InputError(ValueError):
    """Bad input the user can fix: a file, column, value or parameter.

    The message names what is wrong and how to fix it. The command line prints it on one
    line (no traceback) and exits with code 2.
    """
