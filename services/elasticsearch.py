"""Provision and run the embedded single-node Elasticsearch.

Elastic's own test distribution comes from Maven Central, is cached outside the repo
(``Settings.home``), unpacked once and started on 127.0.0.1. Elasticsearch refuses to run
as root, so when we are root it runs as a dedicated system user that owns its data and
logs. Nothing here is used when ``ES_URL`` points at a cluster of your own.
"""
from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError, ElasticsearchUnavailable
from core.settings import Settings

MAVEN = "https://repo.maven.apache.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch"


@dataclass(frozen=True)
class NodeStatus:
    running: bool
    url: str
    pid: int | None
    health: str | None
    detail: str


class EmbeddedElasticsearch:
    """One local node, identified by its HTTP port (tests run a second one beside `make run`'s)."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self.settings = settings
        self.port = port or settings.es_port
        self.home = settings.home
        self.version = settings.es_version

    # --- paths -------------------------------------------------------------
    @property
    def dist_dir(self) -> Path:
        return self.home / f"elasticsearch-{self.version}"

    @property
    def node_dir(self) -> Path:
        return self.home / f"node-{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.node_dir / "es.pid"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- provisioning ------------------------------------------------------
    def download(self, progress=print) -> Path:
        """Fetch the distribution once (sha1-checked) into the cache; return the zip path."""
        target = self.home / "downloads" / f"elasticsearch-{self.version}.zip"
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        url = f"{MAVEN}/{self.version}/elasticsearch-{self.version}.zip"
        progress(f"Downloading Elasticsearch {self.version} (~107 MB) from Maven Central…")
        part = target.with_suffix(".part")
        try:
            expected = urllib.request.urlopen(url + ".sha1", timeout=60).read().decode().split()[0]
            sha1 = hashlib.sha1()
            with urllib.request.urlopen(url, timeout=60) as response, part.open("wb") as out:
                while chunk := response.read(1 << 20):
                    sha1.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            raise ElasticsearchUnavailable(
                f"Could not download {url}: {exc}",
                "Check access to Maven Central, or set ES_URL to an existing cluster.") from exc
        if sha1.hexdigest() != expected:
            part.unlink(missing_ok=True)
            raise ElasticsearchUnavailable(f"Checksum mismatch for {url}", "Run the command again to re-download.")
        part.rename(target)
        return target

    def install(self, progress=print) -> Path:
        """Unpack the distribution once; later calls return at once."""
        marker = self.dist_dir / ".unpacked"
        if marker.exists():
            return self.dist_dir
        archive = self.download(progress)
        progress(f"Unpacking {archive.name}…")
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(self.home)
        for path in (self.dist_dir / "bin").iterdir():  # zipfile drops the execute bits
            path.chmod(0o755)
        marker.touch()
        return self.dist_dir

    def _write_config(self) -> Path:
        conf = self.node_dir / "config"
        if conf.exists():
            shutil.rmtree(conf)
        shutil.copytree(self.dist_dir / "config", conf)
        (self.node_dir / "data").mkdir(parents=True, exist_ok=True)
        (self.node_dir / "logs").mkdir(parents=True, exist_ok=True)
        (conf / "elasticsearch.yml").write_text(
            "\n".join([
                "cluster.name: langnghe",
                f"node.name: langnghe-{self.port}",
                "network.host: 127.0.0.1",
                f"http.port: {self.port}",
                f"transport.port: {self.port + 100}",
                "discovery.type: single-node",
                f"path.data: {self.node_dir / 'data'}",
                f"path.logs: {self.node_dir / 'logs'}",
                "xpack.security.enabled: false",
                "action.auto_create_index: false",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "",
            ]))
        return conf

    # --- process -----------------------------------------------------------
    def status(self) -> NodeStatus:
        pid = self._pid()
        health = _health(self.url)
        if health:
            return NodeStatus(True, self.url, pid, health, f"cluster health {health}")
        if pid:
            return NodeStatus(False, self.url, pid, None, "process running but not answering (starting?)")
        return NodeStatus(False, self.url, None, None, "not running")

    def start(self, progress=print, timeout: float = 120.0) -> NodeStatus:
        current = self.status()
        if current.running:
            return current
        if _port_open(self.port):
            raise ElasticsearchUnavailable(
                f"Port {self.port} on 127.0.0.1 is taken by something that is not a healthy Elasticsearch.",
                "Stop that program, or set LANGNGHE_ES_PORT to a free port.")
        self.install(progress)
        conf = self._write_config()
        user = self._run_user()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ES_JAVA_HOME": str(find_java_home(self.settings)),
            "ES_PATH_CONF": str(conf),
            "ES_JAVA_OPTS": f"-Xms{self.settings.es_heap} -Xmx{self.settings.es_heap}",
            "LANG": "C.UTF-8",
        }
        cmd = [str(self.dist_dir / "bin" / "elasticsearch"), "-d", "-p", str(self.pid_file)]
        if user:
            self._hand_over(user)
            cmd = ["runuser", "-u", user, "--", "env", *[f"{k}={v}" for k, v in env.items()], *cmd]
        progress(f"Starting Elasticsearch {self.version} on {self.url}…")
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=self.node_dir)
        if result.returncode != 0:
            raise ElasticsearchUnavailable(
                f"Elasticsearch did not start (exit {result.returncode}): {_tail(result.stderr or result.stdout)}",
                f"Read {self.node_dir / 'logs'} for details.")
        return self.wait(timeout)

    def ensure_started(self, progress=print) -> bool:
        """Start the node unless it already answers; True when this call started it
        (so the caller knows whether stopping it afterwards is its job)."""
        if self.status().running:
            return False
        self.start(progress)
        return True

    def wait(self, timeout: float, grace: float = 5.0) -> NodeStatus:
        """Until the node answers; give up early if its process is gone after ``grace`` seconds."""
        started, deadline = time.monotonic(), time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _health(self.url):
                return self.status()
            if time.monotonic() - started > grace and not self._pid():
                break
            time.sleep(0.5)
        log = self.node_dir / "logs" / "langnghe.log"
        tail = _tail(log.read_text(errors="replace")) if log.exists() else "no log written"
        raise ElasticsearchUnavailable(f"Elasticsearch on {self.url} did not become ready: {tail}",
                                       f"Read {log} for details.")

    def stop(self, timeout: float = 30.0) -> bool:
        pid = self._pid()
        if not pid:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def _run_user(self) -> str | None:
        if os.geteuid() != 0:
            return None
        name = self.settings.es_run_user
        try:
            pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                            "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
        return name

    def _hand_over(self, user: str) -> None:
        """The service user must traverse the cache and own what Elasticsearch writes."""
        for path in [self.home, *self.home.parents]:
            if path == Path("/"):
                break
            if path.stat().st_mode & 0o001 == 0:
                raise ConfigError(
                    f"{path} is not traversable by the '{user}' user that runs Elasticsearch.",
                    "Set LANGNGHE_HOME to a directory outside /root, e.g. /var/lib/langnghe.")
        entry = pwd.getpwnam(user)
        for root in (self.node_dir, self.dist_dir / "config", self.dist_dir / "logs"):
            if not root.exists():
                continue
            os.chown(root, entry.pw_uid, entry.pw_gid)
            for dirpath, dirnames, filenames in os.walk(root):
                for name in dirnames + filenames:
                    os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)


def find_java_home(settings: Settings) -> Path:
    """ES_JAVA_HOME: the configured JDK, or the newest one under /usr/lib/jvm."""
    if settings.es_java_home:
        return settings.es_java_home
    if env := os.environ.get("ES_JAVA_HOME"):
        return Path(env)
    candidates = sorted((p for p in Path("/usr/lib/jvm").glob("*") if (p / "bin" / "java").exists()
                         and not p.is_symlink()), key=_jdk_rank, reverse=True)
    if not candidates:
        raise ConfigError("No JDK found under /usr/lib/jvm for Elasticsearch.",
                          "Install one (apt-get install openjdk-17-jre-headless) or set LANGNGHE_ES_JAVA_HOME.")
    return candidates[0]


def _jdk_rank(path: Path) -> int:
    digits = "".join(ch if ch.isdigit() else " " for ch in path.name).split()
    return int(digits[0]) if digits else 0


def _health(url: str) -> str | None:
    import json
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=2) as response:
            return json.load(response).get("status")
    except (OSError, ValueError):
        return None


def _port_open(port: int) -> bool:
    import socket
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
