"""The walls around a grading kernel.

Where Debian's bubblewrap (``bwrap``) works, every kernel runs inside it:
- no network (``--unshare-net``; the kernel's channels use the IPC transport, whose socket files
  live in a short temporary folder shared with the grader);
- the whole file system read-only, a fresh empty ``/tmp``;
- the paths the grader names as secret (``solutions/``, the repository's ``.git``, the gradebook,
  the ``--out`` folder, the class's submissions) replaced by empty folders or ``/dev/null``;
- one writable folder of its own (its HOME, TMP and working directory), and its socket folder.

Every kernel, sandboxed or not, gets an address-space limit (``RLIMIT_AS``, default 4 GiB), so a
runaway allocation kills that kernel only.

Where bwrap is missing or unusable, :func:`sandbox_available` says why: ``course grade`` then
refuses to run student code unless told ``--no-sandbox`` (:func:`refusal_text`), while ``course
check`` (a learner's own notebook) runs without it.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_MEMORY_LIMIT = 4 * 1024 ** 3

# Sets RLIMIT_AS, then becomes the real command: portable (no prlimit binary needed).
_RLIMIT_SHIM = ("import os,resource,sys;n=int(sys.argv[1]);"
                "resource.setrlimit(resource.RLIMIT_AS,(n,n));os.execv(sys.argv[2],sys.argv[2:])")


@functools.lru_cache(maxsize=None)
def _probe() -> tuple[bool, str]:
    if os.environ.get("COURSE_NO_SANDBOX") == "1":
        return False, "COURSE_NO_SANDBOX=1 is set"
    exe = shutil.which("bwrap")
    if exe is None:
        return False, ("bubblewrap (bwrap) is not installed; install it with "
                       "`apt-get install bubblewrap` (Debian/Ubuntu) to sandbox student code")
    try:
        proc = subprocess.run([exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                               "--unshare-net", "--die-with-parent", "--tmpfs", "/tmp",
                               "--tmpfs", "/tmp/probe", "--remount-ro", "/tmp/probe",
                               "--cap-drop", "ALL", "true"],
                              capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bubblewrap could not be started ({exc})"
    if proc.returncode != 0:
        why = proc.stderr.decode(errors="replace").strip().splitlines()
        return False, ("bubblewrap is installed but cannot create a sandbox here"
                       + (f" ({why[-1]})" if why else "")
                       + "; user namespaces may be disabled")
    return True, exe


def sandbox_available() -> tuple[bool, str]:
    """``(True, path_to_bwrap)`` or ``(False, reason)``."""
    return _probe()


def refusal_text(why: str) -> str:
    """Why ``course grade`` will not run student code here, and how to get the sandbox."""
    return (f"course grade: refusing to run student code without a sandbox: {why}.\n"
            "  Linux: install bubblewrap (`sudo apt-get install bubblewrap`, or your distribution's "
            "package) and make sure unprivileged user namespaces are enabled.\n"
            "  macOS and Windows: run the grader in a Linux container or virtual machine (see "
            "docs/INSTRUCTORS.md).\n"
            "  `course grade ... --no-sandbox` grades anyway, UNPROTECTED: student code can then "
            "read the hidden tests, write the gradebook and use the network. Only do that at your "
            "own risk, e.g. to debug on your own notebooks.")


def wrap_command(argv: list[str], *, private_dir: Path, hidden: list[Path] = (),
                 readable: list[Path] = (), memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 sandbox: bool = True, writable: list[Path] = (),
                 readonly: list[Path] = ()) -> list[str]:
    """The command that runs ``argv`` (a kernel) inside the walls.

    ``private_dir`` is the kernel's writable working folder (it holds the connection file);
    ``writable`` are the only other writable places (the folder of the kernel's IPC sockets);
    ``readonly`` are folders the grader writes and the kernel may only read (the monitor's state);
    ``hidden`` paths become empty (folders) or ``/dev/null`` (files); ``readable`` paths under
    ``/tmp`` stay visible read-only (e.g. a PYTHONPATH entry)."""
    cmd = list(argv)
    if memory_limit and sys.platform.startswith("linux"):
        # the shim's sys.argv[2:] is the program's path followed by its arguments
        cmd = [sys.executable, "-c", _RLIMIT_SHIM, str(int(memory_limit)),
               _resolve(argv[0]), *argv[1:]]
    ok, bwrap = _probe()
    if not (sandbox and ok):
        return cmd
    private_dir = Path(private_dir).resolve()
    args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-pid", "--die-with-parent",
            "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    # Visible read-only even under /tmp (a CI clone, a virtual environment there): the kernel's
    # own Python and the course's packages, or the kernel could not start or import them.
    # Bound before the hidden paths are emptied, so that a readable folder that contains a
    # hidden one (a PYTHONPATH entry that is the course root, say) never uncovers it.
    for path in [*readable, Path(sys.prefix), Path(sys.executable).parent, *_package_dirs()]:
        path = Path(path)
        if path.exists():
            args += ["--ro-bind", str(path.resolve()), str(path.resolve())]
    emptied = []
    for path in outermost(hidden):
        if path.is_dir():
            # an empty folder in its place (made read-only below, after the kernel's own
            # sub-folder, if it lives in there, has been bound back)
            args += ["--tmpfs", str(path)]
            emptied.append(path)
        elif path.exists():
            args += ["--ro-bind", "/dev/null", str(path)]
    args += ["--bind", str(private_dir), str(private_dir)]
    for path in writable:
        path = Path(path).resolve()
        args += ["--bind", str(path), str(path)]
    for path in readonly:
        path = Path(path).resolve()
        args += ["--ro-bind", str(path), str(path)]
    for path in emptied:
        args += ["--remount-ro", str(path)]
    # no capabilities: root inside the sandbox cannot unmount the walls. In its own PID namespace
    # the kernel cannot see or signal the grader or other students' kernels; --die-with-parent
    # ties it to the grader instead of ipykernel's parent polling (which the namespace breaks).
    args += ["--unsetenv", "JPY_PARENT_PID", "--cap-drop", "ALL", "--chdir", str(private_dir), "--"]
    return args + cmd


def outermost(paths) -> list[Path]:
    """``paths``, resolved, in their first order, without those inside another one (a folder
    emptied inside an emptied folder no longer exists for bwrap to mount on)."""
    resolved = []
    for path in paths:
        try:
            path = Path(path).resolve()
        except OSError:
            continue
        if path not in resolved:
            resolved.append(path)
    return [p for p in resolved if not any(q != p and q in p.parents for q in resolved)]


def _package_dirs() -> list[Path]:
    """The folders of the nn_lib and autograder packages the kernel must import."""
    import importlib.util

    dirs = []
    for name in ("nn_lib", "autograder"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            dirs += [Path(p) for p in spec.submodule_search_locations]
    return dirs


def _resolve(program: str) -> str:
    if os.sep in program:
        return program
    return shutil.which(program) or program
