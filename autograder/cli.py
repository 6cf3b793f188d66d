"""PLACEHOLDER: the `course` command is being written."""


def main(argv=None):
    raise SystemExit("course: not implemented yet")
