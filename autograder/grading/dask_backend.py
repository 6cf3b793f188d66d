"""Grading a class on a Dask cluster: ``course grade ... --scheduler ADDRESS`` (COURSE_SPEC §11).

The unit of work is the local one, :func:`batch.grade_job_retrying`, run by a Dask task in a
worker's own grader process: a fresh sandboxed kernel per submission, the memory limit, restarts
after crashes and timeouts, and every verdict decided in that process, never in a kernel. A task
carries the planned job (the student's answer sources, parsed by the client) and, through one
small task per lesson, the lesson's source notebook and the grader's reference records, so
workers need the course installed but no shared folder. The client (``ClassRun``) alone writes
the gradebook and the outputs, from the entries this module yields as tasks finish.

What a worker does with the client's :class:`~autograder.grading.run.Options`: the work folder
becomes a temporary folder of its own, and the sandbox hides, besides the client's secret paths
(harmless where they do not exist), the worker's own course installation's private folders
(:func:`autograder.grading.hidden_paths`) and Dask's scratch space.

Faults:
- a worker lost mid-run (killed, its pod evicted) costs nothing: the scheduler gives its tasks to
  another worker (``distributed.scheduler.allowed-failures`` times; past that the submission is
  recorded as ``grader_error`` with the command that regrades it);
- a worker that cannot grade (the course's packages not importable by the worker or its kernels,
  no sandbox, other versions of Python or numpy than the client's reference run) stops the run
  with one message: found before anyone is graded for the workers present at the start, and at its
  first task for a worker that joins later;
- the scheduler gone, or no worker for :data:`WORKERLESS_LIMIT` seconds: the run stops; what was
  graded is saved, and the same command continues (unchanged submissions are skipped).

Dask is imported by this module's functions only, and the module only when ``--scheduler`` is
given: without it, grading never imports Dask.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from autograder import sandbox
from autograder.dask_address import parse_scheduler
from autograder.executor import KernelEnvironmentError

CONNECT_TIMEOUT = 30          # seconds to reach the scheduler
FIRST_WORKER_WAIT = 600       # seconds to wait for the first worker (pods may need to start)
WORKERLESS_LIMIT = 600        # seconds without any worker before the run stops
POLL = 0.05                   # seconds between looks at finished tasks
DOCS = "docs/INSTRUCTORS.md, section \"Grading at scale with Dask\""


class DaskEnvironmentError(KernelEnvironmentError):
    """The Dask cluster cannot grade: no scheduler, no worker, or a worker that cannot work."""


# --------------------------------------------------------------------------------------------
# The worker's side (the worker imports this module from its own installation of the course)
# --------------------------------------------------------------------------------------------
def course_fingerprint() -> str:
    """What must agree between the client and a worker for the worker's verdicts to match the
    client's reference run: the Python minor version, numpy, TensorFlow and Keras, the course's
    version and the grader's own versions (a patch release of Python may differ)."""
    import sys
    from importlib import metadata

    from autograder.grading import batch, reference, transform
    parts = [f"python={sys.version_info.major}.{sys.version_info.minor}"]
    for dist in ("backprop-course", "numpy", "tensorflow-cpu", "tensorflow", "keras"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    parts += [f"engine={batch.ENGINE_VERSION}", f"reference={reference.REFERENCE_VERSION}",
              f"transform={transform.TRANSFORM_VERSION}"]
    return ";".join(parts)


def _worker_name() -> str:
    try:
        from distributed import get_worker
        return f"the Dask worker {get_worker().address}"
    except (ImportError, ValueError):
        return "this grader process"


def _scratch_dirs() -> tuple:
    """(where this worker puts its grading folders, what the sandbox hides of Dask's scratch
    space: the worker's local directory, or the folder of all local workers' directories)."""
    try:
        from distributed import get_worker
        local = Path(get_worker().local_directory).resolve()
    except (ImportError, ValueError):
        return Path(tempfile.gettempdir()), ()
    parent = local.parent
    return local, ((parent,) if parent.name.startswith("dask-") else (local,))


def _own_private_paths() -> list:
    """The private folders of the worker's own course installation (solutions, tests, .git,
    the reference cache), when it has one."""
    from autograder.grading import find_course_root, hidden_paths
    try:
        return hidden_paths(find_course_root())
    except (FileNotFoundError, OSError):
        return []


@contextlib.contextmanager
def worker_options(options):
    """The client's options made right for this worker: a work folder of its own (removed
    afterwards) and this worker's private paths hidden too."""
    base, scratch = _scratch_dirs()
    work = Path(tempfile.mkdtemp(prefix="course-grading-", dir=base)).resolve()
    hidden = [str(p) for p in sandbox.outermost([*options.hidden, *_own_private_paths(), *scratch, work])]
    try:
        yield replace(options, work_root=str(work), hidden=tuple(hidden))
    finally:
        shutil.rmtree(work, ignore_errors=True)


_CHECKED: dict = {}


def worker_problem(options, fingerprint: str) -> str:
    """Why this worker's grader process cannot grade for this client ("" when it can): no
    sandbox where the client asked for one, or other versions than the client's reference run.
    Cheap checks, done once per worker process."""
    key = (options.use_sandbox, fingerprint)
    if key not in _CHECKED:
        from autograder import sandbox
        problem = ""
        ok, why = sandbox.sandbox_available() if options.use_sandbox else (True, "")
        if not ok:
            problem = (f"it cannot sandbox student code ({why}). A worker needs bubblewrap in "
                       f"its image and permission to create user namespaces in its pod (see "
                       f"{DOCS}); `--no-sandbox` grades UNPROTECTED, at your own risk")
        else:
            mine = course_fingerprint()
            if mine != fingerprint:
                problem = (f"its versions differ from the client's ({mine} on the worker, "
                           f"{fingerprint} on the client), so its verdicts could differ from the "
                           f"reference run; build the worker image from the same commit and "
                           f"requirements.txt as the client")
        _CHECKED[key] = problem
    return _CHECKED[key]


def probe_worker(options, fingerprint: str) -> str:
    """Start one kernel here, as the local probe does: "" when this worker can grade, else why."""
    from autograder.grading import probe_environment
    problem = worker_problem(options, fingerprint)
    if problem:
        return problem
    with worker_options(options) as mine:
        try:
            probe_environment(mine)
        except KernelEnvironmentError as exc:
            return str(exc)
    return ""


async def probe_worker_async(options, fingerprint: str) -> str:
    """:func:`probe_worker` for ``Client.run``, off the worker's event loop (a kernel start
    takes seconds, and a blocked loop misses heartbeats)."""
    import asyncio
    return await asyncio.to_thread(probe_worker, options, fingerprint)


# A grading task is ``eval`` of this line, with bytes and strings for arguments: builtins only,
# so every worker can decode the task whatever it has installed. A worker without the course
# then fails the task with an ImportError, which stops the run with one message, rather than
# dropping its connection to the scheduler while decoding classes it cannot import.
TASK = ("__import__('autograder.grading.dask_backend', fromlist=['grade_task'])"
        ".grade_task(job, carried, options, fingerprint)")


def grade_task(job: bytes, carried: bytes, options: bytes, fingerprint: str) -> tuple:
    """One submission, on a worker (``job``: a pickled batch.Job; ``carried``: the pickled
    lesson and its reference; ``options``: the client's pickled Options)."""
    lesson, reference = pickle.loads(carried)
    return grade_on_worker(pickle.loads(job), lesson, reference, pickle.loads(options), fingerprint)


def grade_on_worker(job, lesson, reference, options, fingerprint: str) -> tuple:
    """``("graded", entry)`` (including the per-submission ``grader_error`` entries of local
    grading), or ``("environment", why)`` when this worker cannot grade at all."""
    from autograder.grading import batch, probe_environment
    from autograder.grading.classrun import kernel_failure_entry

    problem = worker_problem(options, fingerprint)
    if problem:
        return "environment", f"{_worker_name()} cannot grade: {problem}"
    with worker_options(options) as mine:
        try:
            return "graded", batch.grade_job_retrying(job, lesson, reference, mine)
        except KernelEnvironmentError as exc:
            # as locally, a kernel that fails once a working one was seen costs this submission
            # a grader_error; a worker that cannot start one at all stops the run
            try:
                probe_environment(mine)
            except KernelEnvironmentError as again:
                return "environment", f"{_worker_name()} cannot grade: {again}"
            return "graded", kernel_failure_entry(job, lesson, exc)


# --------------------------------------------------------------------------------------------
# The client's side
# --------------------------------------------------------------------------------------------
def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise DaskEnvironmentError(
            f"--scheduler needs Dask ({exc}); install the course's requirements "
            f"(`pip install -r requirements.txt`, which pins dask and distributed)") from exc
    return distributed


@contextlib.contextmanager
def _environ_kept():
    """A LocalCluster's nannies set variables in this process before spawning workers
    (``distributed.nanny.pre-spawn-environ``); put the client's environment back afterwards."""
    before = dict(os.environ)
    try:
        yield
    finally:
        for name in set(os.environ) - set(before):
            del os.environ[name]
        for name, value in before.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


@contextlib.contextmanager
def connect(scheduler: str, stream=None):
    """A ``distributed.Client`` for ``scheduler`` (``local:N`` starts a LocalCluster of N
    single-threaded worker processes, closed on leaving)."""
    try:
        kind, where = parse_scheduler(scheduler)
    except ValueError as exc:
        raise DaskEnvironmentError(str(exc)) from None
    distributed = _import_distributed()
    with contextlib.ExitStack() as stack:
        if kind == "local":
            stack.enter_context(_environ_kept())
            # course grade prints its own progress; the cluster's own logs would only add noise
            # (a lost worker is expected and handled)
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=where, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.CRITICAL))
            address = cluster.scheduler_address
        else:
            address = where
        try:
            client = stack.enter_context(distributed.Client(
                address, timeout=CONNECT_TIMEOUT, set_as_default=False))
        except (OSError, TimeoutError) as exc:
            raise DaskEnvironmentError(
                f"cannot reach the Dask scheduler at {address} ({exc}); check the address and "
                f"that the scheduler is running") from None
        if stream is not None:
            label = f"local cluster of {where} worker(s)" if kind == "local" else address
            services = {} if kind == "local" else client.scheduler_info().get("services", {})
            link = client.dashboard_link if "dashboard" in services else ""
            print(f"Dask: {label}" + (f", dashboard {link}" if link else ""), file=stream)
        yield client


def _probe_all(client, options, fingerprint: str):
    """Every worker present starts one kernel before anyone is graded."""
    try:
        client.wait_for_workers(1, timeout=FIRST_WORKER_WAIT)
    except TimeoutError:
        raise DaskEnvironmentError(
            f"no Dask worker joined the scheduler within {FIRST_WORKER_WAIT} s; start workers "
            f"(`dask worker ADDRESS`) or scale the cluster up") from None
    answers = client.run(probe_worker_async, options, fingerprint, on_error="return")
    for worker, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            raise DaskEnvironmentError(_import_problem(f"the Dask worker {worker}", answer)) from None
        if answer:
            raise DaskEnvironmentError(f"the Dask worker {worker} cannot grade: {answer}; "
                                       f"the workers' environment is described in {DOCS}")


def _import_problem(who: str, exc: BaseException) -> str:
    # Client.run hands back a worker's failure to decode the probe as a bare Exception
    what = str(exc) if type(exc) is Exception else f"{type(exc).__name__}: {exc}"
    return (f"{who} cannot run the grader ({what}); "
            f"install the course (`pip install -r requirements.txt -e .` from the same commit) in "
            f"the workers' environment, see {DOCS}")


def _lost_entry(job, lesson, exc) -> dict:
    from autograder.grading import scoring
    return scoring.entry(job.student, job.lesson, job.file, "grader_error",
                         f"The Dask workers grading this submission kept failing ({type(exc).__name__}:"
                         f" {exc}). Nothing is wrong with the submission as far as the grader knows; "
                         f"regrade it with `course grade SUBMISSIONS --out DIR --student "
                         f"{job.student} --force`.", lesson=lesson)


def run_on_dask(scheduler, jobs, lessons, references, options, stream=None):
    """Grade ``jobs`` on the Dask cluster at ``scheduler``; yields ``(job, entry)`` as tasks
    finish. Raises DaskEnvironmentError (a KernelEnvironmentError) when the cluster cannot
    grade; entries already yielded stay valid."""
    jobs = sorted(jobs, key=lambda j: j.key)
    if not jobs:
        return
    with connect(scheduler, stream) as client:
        yield from _grade(client, jobs, lessons, references, options)


def _grade(client, jobs, lessons, references, options):
    from distributed import as_completed
    from distributed.client import FutureCancelledError

    fingerprint = course_fingerprint()
    _probe_all(client, options, fingerprint)
    run = uuid.uuid4().hex[:12]
    # each lesson with its reference once per run: a task (``bytes`` of the pickled pair) that
    # the scheduler holds, sends to each worker that needs it, and recomputes if a worker
    # holding its result is lost
    carried = {name: client.submit(bytes, pickle.dumps((lessons[name], references[name])),
                                   pure=False, key=f"course-lesson-{name}-{run}")
               for name in sorted({job.lesson for job in jobs})}
    options_bytes = pickle.dumps(options)
    futures = {}
    for number, job in enumerate(jobs):
        arguments = {"job": pickle.dumps(job), "carried": carried[job.lesson],
                     "options": options_bytes, "fingerprint": fingerprint}
        future = client.submit(eval, TASK, arguments, pure=False,
                               key=f"course-grade-{run}-{number}")
        futures[future] = job
    done = as_completed(list(futures), loop=client.loop)
    workerless_since, last_look = None, 0.0
    try:
        while futures:
            finished = done.next_batch(block=False)
            if not finished:
                now = time.monotonic()
                if now - last_look > 5:
                    last_look = now
                    workerless_since = _check_workers(client, workerless_since, now)
                time.sleep(POLL)
                continue
            for future in finished:
                job = futures.pop(future)
                lesson = lessons[job.lesson]
                try:
                    kind, value = future.result()
                except FutureCancelledError as exc:
                    raise DaskEnvironmentError(
                        f"the Dask scheduler cancelled the grading tasks ({exc}); the results so "
                        f"far are saved: run the same command again to continue") from None
                except ImportError as exc:
                    raise DaskEnvironmentError(_import_problem("a Dask worker", exc)) from None
                except Exception as exc:     # KilledWorker, and the grader's own failures
                    kind, value = "graded", _lost_entry(job, lesson, exc)
                future.release()
                if kind == "environment":
                    raise DaskEnvironmentError(f"{value}; the workers' environment is "
                                               f"described in {DOCS}")
                yield job, value
    finally:
        if futures:
            client.cancel(list(futures) + list(carried.values()), force=True)


def _check_workers(client, since, now):
    """None while the cluster has workers; raises after WORKERLESS_LIMIT seconds without any."""
    try:
        count = len(client.nthreads())
    except (OSError, TimeoutError) as exc:
        raise DaskEnvironmentError(
            f"lost the Dask scheduler ({exc}); the results so far are saved: run the same "
            f"command again to continue") from None
    if count:
        return None
    since = since or now
    if now - since > WORKERLESS_LIMIT:
        raise DaskEnvironmentError(
            f"the Dask cluster has had no worker for {WORKERLESS_LIMIT} s; the results so far are "
            f"saved: scale the cluster up and run the same command again to continue")
    return since
