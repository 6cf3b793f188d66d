"""One ``course grade`` run, stage by stage (read top to bottom in :meth:`ClassRun.grade`).

``--out DIR`` is one gradebook: rows graded into it before stay unless this run grades or records
the same student and lesson again, and a submission is skipped when neither it nor the lesson's
source changed since it was last graded (``--force`` regrades, ``--student ID`` limits the run).
Everything is saved after each submission, so an interrupted run loses nothing. ``DIR`` is also
nbgrader's course folder for Formgrader (:func:`outputs.write_formgrader_course`): every graded
row is a gradebook submission with its autograded notebook and its time in ``submitted/``.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import sys
from pathlib import Path

from autograder.executor import KernelEnvironmentError
from autograder.grading import batch, outputs, reference, scoring
from autograder.grading.gradebook import COURSE_ID, GradebookWriter


def kernel_failure_entry(job, lesson, exc) -> dict:
    """The entry of a submission no kernel could start for, once the probe showed one can."""
    return scoring.entry(job.student, job.lesson, job.file, "grader_error",
                         f"No grading kernel could start for this submission ({exc}); regrade it "
                         f"with `course grade SUBMISSIONS --out DIR --student {job.student} "
                         f"--force`.", lesson=lesson)


class ClassRun:
    def __init__(self, root: Path, lessons: dict, out: Path, options, *, db_url: str, stream,
                 scheduler=None, workers: int = 1):
        self.root, self.lessons, self.out, self.options = root, lessons, out, options
        self.db_url, self.stream, self.scheduler, self.workers = db_url, stream, scheduler, workers
        self.entries = {}
        self.submissions = {}       # key -> Submission, for the autograded notebooks
        self.times = {}             # (student, file) -> when it was submitted (epoch seconds)

    def say(self, text: str):
        print(text, file=self.stream)

    # -- the stages, in order ------------------------------------------------------------------
    def grade(self, sub_path: Path, unzip_dir, *, student=None, force=False) -> int:
        from autograder.submissions import SubmissionsError
        try:
            base, candidates = batch.discover(sub_path, unzip_dir, self.lessons, self.out, self.stream)
        except SubmissionsError as exc:
            print(f"course grade: {exc}", file=sys.stderr)
            return 2
        if student is not None:
            candidates = [c for c in candidates if c.student == student]
            if not candidates:
                print(f"course grade: no submission for student {student!r} in {sub_path}",
                      file=sys.stderr)
                return 2
        self.times = {(c.student, c.rel): c.time for c in candidates}
        planned = batch.plan(candidates, self.lessons, timeout=self.options.timeout)
        broken = sorted({self.lessons[j.lesson].problem for j in planned.jobs if self.lessons[j.lesson].problem})
        if broken:
            print("course grade: stopped before grading anyone: a lesson cannot be graded until "
                  "its source is fixed:\n  " + "\n  ".join(broken), file=sys.stderr)
            return 2
        to_run = self.skip_unchanged(planned, candidates, force)
        self.writer = GradebookWriter(self.db_url, self.lessons)
        try:
            if to_run:
                try:
                    self.prepare_kernels(to_run)
                except KernelEnvironmentError as exc:
                    print(f"course grade: stopped before grading anyone: {exc}", file=sys.stderr)
                    self.say(f"course grade: stopped: {exc}")
                    return 1
            self.say(f"{len(to_run)} submission(s) to grade, {len(planned.jobs) - len(to_run)} "
                     f"unchanged (skipped; --force regrades), {len(planned.recorded)} recorded with a "
                     f"reason; " + (f"Dask scheduler {self.scheduler}" if self.scheduler
                                    else f"{self.workers} worker(s)"))
            try:
                self.run_jobs(to_run)
            except KeyboardInterrupt:
                self.save()
                self.say("\ninterrupted: results so far are saved; run again to continue")
                return 130
            except KernelEnvironmentError as exc:     # a Dask worker that cannot grade
                print(f"course grade: stopped: {exc}", file=sys.stderr)
                self.say(f"course grade: stopped: {exc}")
                return 1
            self.save()
        finally:
            self.writer.close()
        text = outputs.write_summary(self.out, self.entries.values(), self.lessons)
        self.say(text)
        self.say(f"wrote {self.out / 'grades.csv'}, {self.out / 'results.json'}, "
                 f"{self.out / 'feedback'}/, {self.out / 'summary.html'}")
        return 0

    def skip_unchanged(self, planned, candidates, force) -> list:
        state = batch.load_state(self.out)
        files = {(c.student, c.rel) for c in candidates}
        self.entries = batch.carried_over(state, planned.jobs, planned.recorded, files)
        self.entries.update(planned.recorded)
        to_run = []
        for job in planned.jobs:
            self.submissions[job.key] = job.submission
            old = state.get(json.dumps(list(job.key) + [""]))
            if not force and old and old.get("hash") == job.digest and \
                    old.get("entry", {}).get("file") == job.file:
                self.entries[job.key + ("",)] = old["entry"]
                self.write_autograded(job, old["entry"])     # unchanged, unless it was missing
            else:
                to_run.append(job)
        return to_run

    def prepare_kernels(self, jobs):
        """One kernel must start and import the course before anyone is graded; then the
        reference run of every lesson that has submissions (cached on disk)."""
        from autograder.grading import probe_environment
        probe_environment(self.options)
        cache = reference.default_cache_dir(self.root)
        self.references = {}
        for name in sorted({job.lesson for job in jobs}):
            self.references[name] = reference.reference_for(self.lessons[name], self.options, cache)

    def run_jobs(self, jobs):
        progress = batch.Progress(len(jobs), self.stream)
        if self.scheduler and jobs:
            from autograder.grading.dask_backend import run_on_dask
            results = run_on_dask(self.scheduler, jobs, self.lessons, self.references, self.options,
                                  stream=self.stream)
        else:
            results = self.run_local(jobs)
        for job, entry in results:
            self.finish(job, entry)
            progress.update(entry["status"] != "graded")

    def run_local(self, jobs):
        pool = cf.ThreadPoolExecutor(max_workers=self.workers)
        try:
            futures = {pool.submit(batch.grade_job_retrying, job, self.lessons[job.lesson],
                                   self.references[job.lesson], self.options): job
                       for job in sorted(jobs, key=lambda j: j.key)}
            for future in cf.as_completed(futures):
                job = futures[future]
                try:
                    entry = future.result()
                except KernelEnvironmentError as exc:
                    entry = kernel_failure_entry(job, self.lessons[job.lesson], exc)
                yield job, entry
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def finish(self, job, entry):
        """Main thread: manual scores, the gradebook, the graded notebook, the outputs so far."""
        key = job.key + ("",)
        self.entries[key] = entry
        submitted = outputs.submission_time(self.times.get((job.student, job.file)))
        self.write_autograded(job, entry)
        self.writer.record(entry, submitted)
        if entry["status"] == "graded":
            outputs.write_submitted(self.out, job.student, job.lesson, submitted)
        scoring.apply_manual(entry, self.writer.manual_scores(entry))
        self.save(pages_for=[entry])

    def write_autograded(self, job, entry):
        if entry["status"] == "graded":
            path = outputs.autograded_path(self.out, job.student, job.lesson)
            notebook = outputs.autograded_notebook(self.lessons[job.lesson], job.submission, entry)
            outputs.write_if_changed(path, json.dumps(notebook, indent=1))

    def save(self, pages_for=None):
        if pages_for is None:
            for e in self.entries.values():
                scoring.apply_manual(e, self.writer.manual_scores(e))
        state = {json.dumps([e["student"], e.get("lesson") or "", e["file"] if not e.get("lesson") else ""]):
                 {"hash": e.get("_hash"), "entry": e} for e in self.entries.values()}
        outputs.atomic_write(self.out / batch.STATE_FILE, json.dumps(state))
        outputs.write_class(self.out, self.entries.values(), self.lessons, pages_for)
        if pages_for is None:
            self.save_formgrader_course()

    def save_formgrader_course(self):
        """nbgrader's course folder around DIR for every graded row, rows of earlier runs too:
        the lesson's source, the submission's time as the gradebook holds it."""
        from autograder import notebook as nb
        graded = [e for e in self.entries.values()
                  if e["status"] == "graded" and e.get("lesson") in self.lessons]
        for e in graded:
            outputs.write_submitted(self.out, e["student"], e["lesson"],
                                    self.writer.submitted_time(e["student"], e["lesson"]))
        sources = {e["lesson"]: nb.source_notebook(self.root, e["lesson"]) for e in graded}
        for note in outputs.write_formgrader_course(self.out, sources, self.db_url, COURSE_ID):
            self.say(note)
