"""The address after ``course grade --scheduler`` (COURSE_SPEC §11), checked when the command line
is parsed: a module of its own, so that reading it imports neither Dask nor the grader."""
from __future__ import annotations

LOCAL_PREFIX = "local:"


def parse_scheduler(address: str) -> tuple:
    """``("local", N)`` for ``local:N``, ``("remote", address)`` for a scheduler address such
    as ``tcp://HOST:8786`` (``HOST:8786`` means TCP, as in Dask); ValueError otherwise."""
    text = str(address).strip()
    if text.startswith(LOCAL_PREFIX):
        count = text[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"{text!r}: local:N needs a whole number of workers N >= 1, "
                             f"e.g. local:4")
        return "local", int(count)
    if "://" in text and text.split("://", 1)[1]:
        return "remote", text
    host, _, port = text.rpartition(":")
    if host and port.isdigit() and "/" not in host:      # Dask's own short form: TCP
        return "remote", f"tcp://{text}"
    raise ValueError(f"{text!r} is not a Dask scheduler address: use tcp://HOST:8786 (an "
                     f"existing cluster's scheduler) or local:N (a cluster of N workers on this "
                     f"machine)")
