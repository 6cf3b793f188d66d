"""`course grade --db postgresql://...` against a real PostgreSQL server that the test starts on
loopback (Debian's postgresql package, a throw-away cluster in a temporary folder): it grades the
same submissions as the default SQLite run and produces the identical grades.csv."""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01_chain_rule"

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    require_tool(bool(initdb and pg_ctl),
                 "PostgreSQL's server programs (initdb, pg_ctl) are not installed: "
                 "apt-get install postgresql")
    # Not under pytest's temporary folder: that is private to root, and the server runs as
    # `postgres` when the tests run as root.
    base = Path(tempfile.mkdtemp(prefix="course-pg-"))
    os.chmod(base, 0o777)
    # PostgreSQL refuses to run as root: run it as Debian's `postgres` user then.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data, sock, port = base / "data", base / "sock", _free_port()
    sock.mkdir()
    os.chmod(sock, 0o777)
    subprocess.run(prefix + [initdb, "-D", str(data), "-A", "trust", "-U", "course", "--no-sync",
                             "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run(prefix + [pg_ctl, "-D", str(data), "-l", str(base / "server.log"), "-w",
                             "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -F",
                             "start"], check=True, capture_output=True, timeout=60)
    import psycopg

    deadline = time.time() + 30
    while True:
        try:
            conn = psycopg.connect(host="127.0.0.1", port=port, user="course", dbname="postgres",
                                   autocommit=True)
            break
        except psycopg.OperationalError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)
    conn.execute("CREATE DATABASE gradebook")
    conn.close()
    yield f"postgresql://course@127.0.0.1:{port}/gradebook"
    subprocess.run(prefix + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """Two students of lesson 01 as an LMS download: one full solution, one blank notebook."""
    folder = tmp_path_factory.mktemp("submissions")
    shutil.copy(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", folder / f"alice_{LESSON}.ipynb")
    shutil.copy(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb", folder / f"bob_{LESSON}.ipynb")
    return folder


def _grade(submissions, out, *extra):
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submissions),
                           "--out", str(out), "--workers", "2", *extra],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return (out / "grades.csv").read_text()


def test_postgres_gradebook_gives_the_same_grades_as_sqlite(postgres_url, submissions, tmp_path):
    sqlite_csv = _grade(submissions, tmp_path / "sqlite")
    postgres_csv = _grade(submissions, tmp_path / "postgres", "--db", postgres_url)
    assert postgres_csv == sqlite_csv
    rows = sqlite_csv.strip().splitlines()
    assert rows[0].startswith("student,lesson,score,status,max_score")
    assert [r.split(",")[0] for r in rows[1:]] == ["alice", "bob"]

    # The grades really live in PostgreSQL's gradebook, as nbgrader's Formgrader would read them.
    from nbgrader.api import Gradebook

    with Gradebook(postgres_url) as gb:
        students = sorted(s.id for s in gb.students)
        assert students == ["alice", "bob"]
        alice = gb.find_submission(LESSON, "alice")
        bob = gb.find_submission(LESSON, "bob")
        assert alice.score == alice.max_score - alice.max_written_score > 0
        assert bob.score == 0
