"""A cell-by-cell notebook executor that survives what student code does to its kernel.

nbgrader's ``Execute`` preprocessor loses the whole notebook when the kernel dies. This executor
runs one cell at a time in a fresh kernel (IPC transport, optional bubblewrap sandbox, memory
limit), and reports for each cell how it ended: ``ok``, ``error``, ``timeout`` or ``crashed``.
After a timeout the kernel is interrupted; if it does not come back (a loop that swallows
``KeyboardInterrupt``) or after a crash (``os._exit``, a segfault, the memory limit), the caller
restarts it with :meth:`KernelSession.restart` and replays the cells it wants back.

Check records (``autograder.checks.RECORD_MIME`` display outputs) are collected per cell; other
output is counted and capped, never kept in full.
"""
from __future__ import annotations

import hmac
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import monitor, sandbox
from autograder.cellclock import CellClock
from autograder.notebook import RECORD_MIME

OUTPUT_CAP = 64 * 1024          # characters of stream output kept per cell
MESSAGE_CAP = 4000              # characters kept of an error message / traceback entry
MAX_RECORDS = 20000             # check records one cell may publish
STARTUP_TIMEOUT = 60            # seconds for a kernel to answer its first request
INTERRUPT_GRACE = 3.0           # seconds a kernel gets to come back after an interrupt

# Run once per kernel, before any student code (see autograder.monitor).
_SETUP_CODE = """
import autograder.monitor as __course_monitor
__course_monitor.install(state_path={state!r}, flags_path={flags!r}, key_path={key!r})
del __course_monitor
import nn_lib, autograder.checks
"""


def short_temporary_dir(prefix: str) -> Path:
    """A new, empty, absolute temporary folder directly in /tmp where possible (the caller
    removes it): a Unix socket path must stay under about 100 bytes, which a folder inside a deep
    ``--out DIR`` (or a long TMPDIR) would exceed."""
    base = "/tmp" if os.name == "posix" and os.access("/tmp", os.W_OK | os.X_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base)).resolve()


def ipc_socket_dir() -> Path:
    """A new folder for one kernel's IPC socket files."""
    return short_temporary_dir("course-ipc-")


class KernelEnvironmentError(RuntimeError):
    """The kernel cannot start or cannot import the course's packages: grading cannot work."""


@dataclass
class CellResult:
    status: str                      # ok | error | timeout | crashed
    records: list = field(default_factory=list)
    ename: str = ""
    evalue: str = ""
    traceback: list = field(default_factory=list)
    execution_count: int | None = None
    output_chars: int = 0
    output: str = ""                 # capped stream output (never used for feedback)
    seconds: float = 0.0
    user_expressions: dict = field(default_factory=dict)
    too_many_records: bool = False
    timeout_reason: str = ""         # cpu | idle | wall, for a timeout (see cellclock)


def kernel_environment(private_dir: Path, extra: dict | None = None) -> dict:
    """A grading kernel's environment: the course's kernel environment (headless, quiet
    TensorFlow, the course importable; ``nbgrader_config.kernel_env``), plus one BLAS/TF thread,
    the grading flags and a private HOME and TMP."""
    from autograder.nbgrader_config import kernel_env

    env = {k: v for k, v in kernel_env(headless=True).items()
           if not k.startswith(("JPY_", "JUPYTER_", "PYTEST_", "COV_"))}
    home = private_dir / "home"
    tmp = private_dir / "tmp"
    for d in (home, tmp, home / ".ipython", home / ".config" / "matplotlib", home / ".keras"):
        d.mkdir(parents=True, exist_ok=True)
    env.update({
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
        "COURSE_GRADING": "1", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "HOME": str(home), "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp),
        "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "KERAS_HOME": str(home / ".keras"), "JUPYTER_RUNTIME_DIR": str(private_dir / "conn"),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_DATA_DIR": str(home / ".jupyter-data"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    if extra:
        env.update(extra)
    return env


class KernelSession:
    """One kernel at a time for one submission; restartable.

    Parameters: ``hidden`` are the paths the sandbox hides, ``memory_limit`` bytes of address
    space per kernel, ``python`` the kernel's interpreter (default: this one), ``env`` extra
    environment variables for the kernel."""

    def __init__(self, *, hidden=(), memory_limit=sandbox.DEFAULT_MEMORY_LIMIT, python=None,
                 env=None, use_sandbox=True, work_root=None, authenticate_records=False):
        self.hidden = [Path(p) for p in hidden]
        self.memory_limit = memory_limit
        self.python = python or sys.executable
        self.extra_env = dict(env or {})
        self.use_sandbox = use_sandbox
        # absolute: the IPC socket files live in it and the kernel runs with it as its working
        # folder, so a relative path would put the sockets somewhere else (or nowhere)
        self.private_dir = Path(tempfile.mkdtemp(prefix="kernel-", dir=work_root)).resolve()
        # Which exercise is under test, for the monitor: written by the grader only (read-only
        # inside the sandbox); the monitor appends what it refused to the flags file.
        self.state_dir = short_temporary_dir("course-state-")
        self.state_file = self.state_dir / "guard"
        self.state_file.write_text("")
        self.flags_file = self.private_dir / "flags"
        # A student's kernel: the monitor authenticates each check record with a key that only
        # it and this session know (handed over in a file the monitor deletes after reading it);
        # a record without a valid code is marked forged (autograder.monitor, COURSE_SPEC §9).
        self.authenticate_records = authenticate_records
        self.record_key = None
        self.record_nonce, self.record_index = "", 0
        self.km = None
        self.kc = None
        self.socket_dir = None     # this kernel's IPC sockets (a fresh folder per start)
        self.starts = 0

    # -- life cycle -------------------------------------------------------------------------
    def start(self):
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpec

        self.starts += 1
        conn = self.private_dir / "conn"
        if conn.exists():
            shutil.rmtree(conn, ignore_errors=True)
        conn.mkdir(parents=True)
        env = kernel_environment(self.private_dir, self.extra_env)
        readable = [Path(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        self.socket_dir = ipc_socket_dir()
        argv = sandbox.wrap_command(
            [self.python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            private_dir=self.private_dir, hidden=self.hidden, readable=readable,
            memory_limit=self.memory_limit, sandbox=self.use_sandbox,
            writable=[self.socket_dir], readonly=[self.state_dir])
        # an absolute socket path: the kernel's working folder is elsewhere
        km = KernelManager(transport="ipc", ip=str(self.socket_dir / "k"),
                           connection_file=str(conn / "kernel.json"))
        km._kernel_spec = KernelSpec(argv=argv, display_name="course grading", language="python",
                                     interrupt_mode="message", env={})
        try:
            # the kernel's own stdout/stderr (not the cells' output) go nowhere: a kernel that
            # writes gigabytes to fd 2 must not flood the grader's terminal
            km.start_kernel(env=env, cwd=str(self.private_dir), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except Exception as exc:
            raise KernelEnvironmentError(f"the grading kernel could not be started ({exc})") from exc
        self.km = km
        self.kc = km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except RuntimeError as exc:
            self.shutdown()
            raise KernelEnvironmentError(
                f"the grading kernel did not start ({exc}); check that ipykernel is installed in "
                f"{self.python}'s environment") from exc
        self.guard("")
        key_path = None
        self.record_key = None
        if self.authenticate_records:
            key = secrets.token_bytes(32)
            key_path = self.private_dir / f"record-key-{secrets.token_hex(8)}"
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, key)
            finally:
                os.close(fd)
            self.record_key = key
        setup = self.execute(_SETUP_CODE.format(state=str(self.state_file), flags=str(self.flags_file),
                                                key=None if key_path is None else str(key_path)),
                             timeout=STARTUP_TIMEOUT, store_history=False, silent=True)
        if key_path is not None and key_path.exists():
            key_path.unlink()           # the monitor deletes it; never leave a key behind
        if setup.status != "ok":
            what = f"{setup.ename}: {setup.evalue}" if setup.ename else setup.status
            raise KernelEnvironmentError(
                f"the grading kernel cannot import the course's packages ({what}). Fix the "
                f"environment and grade again: run `make test` (or `pip install -e .` in the "
                f"course's virtualenv) so that nn_lib and autograder are importable by "
                f"{self.python}, or select the course's kernel/Python")

    def alive(self) -> bool:
        try:
            return self.km is not None and self.km.is_alive()
        except Exception:
            return False

    def kill(self):
        """Kill the kernel and everything it started (its process group)."""
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        if self.km is not None:
            proc = getattr(getattr(self.km, "provisioner", None), "process", None)
            if proc is not None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass
                try:
                    proc.wait(timeout=10)
                except Exception:
                    pass
            else:
                try:
                    self.km.shutdown_kernel(now=True)
                except Exception:
                    pass
            try:
                self.km.cleanup_resources()
            except Exception:
                pass
        self.km = self.kc = None
        if self.socket_dir is not None:   # sockets a killed kernel left behind go with it
            shutil.rmtree(self.socket_dir, ignore_errors=True)
            self.socket_dir = None

    def restart(self):
        self.kill()
        self.start()

    def shutdown(self):
        self.kill()
        shutil.rmtree(self.private_dir, ignore_errors=True)
        shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()

    # -- running code -----------------------------------------------------------------------
    # -- what the monitor needs ----------------------------------------------------------------
    def guard(self, exercise: str):
        """From now on, nn_lib's own implementation of ``exercise`` refuses to answer ("" for
        none, ``monitor.GUARD_ALL`` for every one). Atomic: the kernel never reads half a name."""
        tmp = self.state_dir / "guard.tmp"
        tmp.write_text(exercise)
        os.replace(tmp, self.state_file)

    def reset(self, level: str, timeout: float) -> CellResult:
        """Undo the earlier cells' tampering ("light": IPython's transformers and hooks; "full":
        also the course's modules and the names bound to them). The request is a string literal
        evaluated as a user expression: compiling it reaches the monitor's audit hook, which does
        the work, so nothing the student's code defined is called on the way."""
        if level == "full":      # a test cell starts: its records are numbered from 0
            self.record_nonce, self.record_index = secrets.token_hex(8), 0
        expression = monitor.reset_expression(level, self.record_nonce)
        return self.execute("", timeout=timeout, store_history=False, silent=True,
                            user_expressions={"reset": expression})

    def _authentic(self, record) -> bool:
        """Whether ``record`` carries the monitor's code for its place in the running test cell."""
        index, self.record_index = self.record_index, self.record_index + 1
        if self.record_key is None:
            return True
        try:
            want = monitor.record_code(self.record_key, self.record_nonce, index, record["kind"],
                                       record["label"], record["actual"])
        except Exception:
            return False
        mac = record.get("mac")
        return isinstance(mac, str) and hmac.compare_digest(mac, want)

    def take_flags(self) -> list:
        """The lines the monitor wrote since the last call (e.g. ``delegation:dense_backward``)."""
        try:
            text = self.flags_file.read_text(encoding="utf-8", errors="replace")
            self.flags_file.unlink()
        except OSError:
            return []
        return [line.strip() for line in text.splitlines() if line.strip()]

    def execute(self, code: str, timeout: float, store_history: bool = True, silent: bool = False,
                user_expressions: dict | None = None) -> CellResult:
        """Run ``code``; never raises for anything the code does."""
        start = time.monotonic()
        result = CellResult(status="ok")
        if not self.alive():
            result.status = "crashed"
            return result
        try:
            msg_id = self.kc.execute(code, silent=silent, store_history=store_history,
                                     allow_stdin=False, stop_on_error=False,
                                     user_expressions=user_expressions or {})
        except Exception:
            result.status = "crashed"
            return result
        clock = CellClock(self._process_group(), timeout)
        kept = []
        while True:
            if clock.expired():
                result.status = self._interrupt(msg_id)
                result.timeout_reason = clock.reason
                break
            try:
                msg = self.kc.get_iopub_msg(timeout=0.25)
            except queue.Empty:
                if not self.alive():
                    result.status = "crashed"
                    break
                continue
            except Exception:
                if not self.alive():
                    result.status = "crashed"
                    break
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            mtype, content = msg["msg_type"], msg["content"]
            if mtype in ("display_data", "execute_result", "update_display_data"):
                data = content.get("data", {})
                if RECORD_MIME in data:
                    record = data[RECORD_MIME]
                    if not isinstance(record, dict) or not self._authentic(record):
                        record = {**(record if isinstance(record, dict) else {}), "forged": True}
                    result.records.append(record)
                    if len(result.records) > MAX_RECORDS:   # never drop one: refuse them all
                        result.too_many_records = True
                        result.records = result.records[:1]
            elif mtype == "stream":
                text = content.get("text", "")
                result.output_chars += len(text)
                room = OUTPUT_CAP - sum(len(t) for t in kept)
                if room > 0:
                    kept.append(text[:room])
            elif mtype == "error":
                result.status = "error"
                result.ename = str(content.get("ename", ""))[:200]
                result.evalue = str(content.get("evalue", ""))[:MESSAGE_CAP]
                result.traceback = [str(t)[:MESSAGE_CAP] for t in content.get("traceback", [])][-50:]
            elif mtype == "execute_input":
                result.execution_count = content.get("execution_count")
            elif mtype == "status" and content.get("execution_state") == "idle":
                break
        result.output = "".join(kept)
        if result.status in ("ok", "error"):
            reply = self._reply(msg_id)
            if reply is not None and reply.get("status") == "error" and result.status == "ok":
                result.status = "error"
                result.ename = str(reply.get("ename", ""))
                result.evalue = str(reply.get("evalue", ""))
            if reply is not None:
                result.user_expressions = reply.get("user_expressions") or {}
            if reply is not None and reply.get("execution_count") is not None and store_history:
                result.execution_count = reply["execution_count"]
        result.seconds = time.monotonic() - start
        return result

    def _reply(self, msg_id, timeout=5.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                return None
            except Exception:
                return None
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg["content"]
        return None

    def _process_group(self):
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            return os.getpgid(proc.pid) if proc is not None else None
        except (OSError, ProcessLookupError):
            return None

    def _interrupt(self, msg_id) -> str:
        """After a timeout: interrupt; if the kernel does not come back, kill it."""
        try:
            self.km.interrupt_kernel()
        except Exception:
            pass
        end = time.monotonic() + INTERRUPT_GRACE
        while time.monotonic() < end:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                if not self.alive():
                    break
                continue
            except Exception:
                break
            if (msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"):
                self._reply(msg_id, timeout=1.0)
                return "timeout"
        self.kill()
        return "timeout"


def ipc_kernel_manager(folder):
    """A python3 KernelManager on IPC sockets in ``folder`` (a temporary folder the caller
    removes), for running whole notebooks with nbclient (tests, benchmarks): no TCP port is
    opened. The socket path is absolute, so a kernel started in a lesson folder leaves no
    ``kernel-ipc-N`` files there."""
    from jupyter_client import KernelManager
    return KernelManager(kernel_name="python3", transport="ipc",
                         ip=os.path.join(os.path.abspath(str(folder)), "kernel"))
