"""When a grading cell's time is up (COURSE_SPEC §9: a loaded machine may make grading slower,
never a grade lower): the CPU seconds of the kernel's process group, read from /proc, with a rule
for cells that wait without computing and a wall-clock backstop. Used by
:mod:`autograder.executor`."""
from __future__ import annotations

import collections
import os
import time


def group_cpu_seconds(pgid) -> float | None:
    """CPU seconds (user + system, finished children included) of every live process in the
    process group ``pgid``, from /proc; None where /proc cannot tell (not Linux)."""
    if pgid is None or not os.path.isdir("/proc/self"):
        return None
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:          # field 5 of stat: the process group
            total += sum(int(x) for x in fields[11:15]) / tick   # utime stime cutime cstime
    return total


class CellClock:
    """When a cell's time is up, and why (``reason``).

    ``--timeout`` S counts the CPU seconds the kernel's processes use, so a loaded machine makes
    grading slower but never a grade lower (COURSE_SPEC §9): ``"cpu"`` after S CPU seconds.
    A cell that waits without computing (``time.sleep``, a lock, a thread that never ends) is
    stopped once it has used almost no CPU (under ``IDLE_SHARE``) for S wall seconds in a row:
    ``"idle"``. A process that can run gets far more than that share even on a crowded machine;
    only a blocked one stays under it. ``"wall"``: a last backstop at a multiple of S. Where CPU
    time cannot be read, the wall clock alone applies, at S."""

    WALL_FACTOR = 4
    IDLE_SHARE = 0.02

    def __init__(self, pgid, timeout: float):
        self.pgid, self.timeout = pgid, timeout
        self.start_wall = time.monotonic()
        self.start_cpu = group_cpu_seconds(pgid)
        self.last_check = self.start_wall
        self.samples = collections.deque([(self.start_wall, self.start_cpu)])
        self.reason = ""

    def _stop(self, reason: str) -> bool:
        self.reason = reason
        return True

    def expired(self) -> bool:
        now = time.monotonic()
        wall = now - self.start_wall
        if self.start_cpu is None:
            return wall >= self.timeout and self._stop("wall")
        if wall >= self.WALL_FACTOR * self.timeout + 10:
            return self._stop("wall")
        if now - self.last_check < (0.5 if wall >= self.timeout else 2.0):
            return False               # /proc is read every 2 s, twice a second near the end
        self.last_check = now
        cpu = group_cpu_seconds(self.pgid)
        if cpu is None:
            return False
        if cpu - self.start_cpu >= self.timeout:
            return self._stop("cpu")
        self.samples.append((now, cpu))
        while len(self.samples) > 2 and self.samples[1][0] <= now - self.timeout:
            self.samples.popleft()     # keep the newest sample at least S seconds old first
        then, cpu_then = self.samples[0]
        if now - then >= self.timeout and cpu - cpu_then < self.IDLE_SHARE * (now - then):
            return self._stop("idle")
        return False
