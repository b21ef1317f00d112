"""Child processes started by `make run`, each in its own process group so that stopping
it stops its workers too (Airflow's task runners ignore SIGTERM: the group gets SIGKILL
after a grace period)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None


def spawn(name: str, cmd: list[str], env: dict[str, str], log_dir: Path, cwd: Path) -> Child:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    handle = log.open("ab")
    process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    return Child(name, process, log)


def stop_all(children: list[Child], grace: float = 10.0) -> None:
    """SIGTERM each child's process group, SIGKILL what is left after ``grace`` — including
    descendants that moved to a session of their own (Airflow's task workers do)."""
    tree = _descendants(children)
    for child in children:
        _signal_group(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(child.alive() for child in children):
        tree |= _descendants(children)  # workers started while stopping, before their parent exits
        time.sleep(0.2)
    for child in children:  # stragglers and orphaned workers left in the group
        _signal_group(child.process.pid, signal.SIGKILL)
        if child.alive():
            child.process.wait(timeout=5)
    for process in tree:  # descendants outside the groups
        try:
            process.kill()
        except Exception:  # noqa: BLE001 (already gone)
            pass


def _descendants(children: list[Child]) -> set:
    import psutil

    found = set()
    for child in children:
        try:
            found |= set(psutil.Process(child.process.pid).children(recursive=True))
        except psutil.Error:
            pass
    return found


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
