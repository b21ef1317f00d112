"""`langnghe bench intake`: the API with its real store (uvicorn in a subprocess, its own
index prefix), a bounded POST load on loopback, then the documents counted in the index.

Every acknowledged request must be in the index: ``stored`` is counted after a refresh, in an
index that only this run wrote to. The rate limit is lifted for the run (one key sends all)."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from core.settings import ROOT, Settings

TEXTS = [("ngap_nuoc", "Đường Nguyễn Hữu Cảnh ngập sâu sau cơn mưa chiều nay", {"attribute[do_sau]": "den_dau_goi"}),
         ("giao_thong", "Kẹt xe kéo dài ở vòng xoay Hàng Xanh từ 17 giờ", {}),
         ("moi_truong", "Rác thải tràn ra đường ở hẻm 45 Lê Văn Sỹ", {"attribute[loai_o_nhiem][]": "rac_thai"}),
         ("trat_tu_do_thi", "Quán ăn lấn chiếm vỉa hè đường Nguyễn Thượng Hiền", {})]


def bench_intake(settings: Settings, *, requests: int = 2000, concurrency: int = 16, workers: int = 1,
                 progress: Callable[[str], None] = print) -> dict:
    from intake.app import ensure_intake_indices
    from store.api_keys import create_key
    from store.client import make_client
    from store.requests import count_requests, drop_intake_templates
    from store.setup import drop_prefix

    bench_settings = settings.model_copy(update={"index_prefix": f"bench-intake-{uuid.uuid4().hex[:8]}"})
    client = make_client(bench_settings)
    ensure_intake_indices(bench_settings)
    key = create_key(client, bench_settings.index_alias("api-keys"), "bench")
    port = _free_port()
    server = _start_server(bench_settings, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, server)
        progress(f"intake API up on {base} ({workers} worker(s)); sending {requests} POSTs, {concurrency} at a time")
        acknowledged, latencies, elapsed = asyncio.run(_load(base, key, requests, concurrency))
        stored = count_requests(client, bench_settings.index_alias("requests"))
    finally:
        _stop(server)
        drop_prefix(client, bench_settings.index_prefix)
        drop_intake_templates(client, bench_settings.index_prefix)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    return {"requests": requests, "acknowledged": acknowledged, "stored": stored,
            "rps": round(requests / elapsed, 1), "p99_ms": round(p99 * 1000, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else 0.0,
            "concurrency": concurrency, "workers": workers, "cpus": os.cpu_count(),
            "load_avg_1m": round(os.getloadavg()[0], 2)}


async def _load(base: str, key: str, total: int, concurrency: int) -> tuple[int, list[float], float]:
    import aiohttp

    bodies = [urlencode({"api_key": key, "service_code": code, "description": f"{text} (#{i})",
                         "lat": f"{10.70 + (i % 100) / 1000:.4f}", "long": f"{106.60 + (i % 77) / 1000:.4f}",
                         "email": f"nguoidan{i}@example.vn", **extra})
              for i, (code, text, extra) in ((i, TEXTS[i % len(TEXTS)]) for i in range(total))]
    queue = iter(bodies)
    latencies: list[float] = []
    acknowledged = 0
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal acknowledged
        for body in queue:
            start = time.perf_counter()
            async with session.post(f"{base}/open311/v2/requests.json", data=body, headers=headers) as response:
                answer = await response.json(content_type=None)
            latencies.append(time.perf_counter() - start)
            if response.status == 200 and isinstance(answer, list) and answer and answer[0].get("service_request_id"):
                acknowledged += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(3):
            async with session.get(f"{base}/open311/v2/services.json") as response:
                await response.read()
        start = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        return acknowledged, latencies, time.perf_counter() - start


def _start_server(settings: Settings, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, ES_URL=settings.es_endpoint, LANGNGHE_INDEX_PREFIX=settings.index_prefix,
               LANGNGHE_INTAKE_RATE_PER_SECOND="1000000", LANGNGHE_INTAKE_RATE_BURST="1000000",
               PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "uvicorn", "intake.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
               "--loop", "uvloop", "--http", "httptools"]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def _wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    from core.errors import LangNgheError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LangNgheError(f"the intake API exited with code {server.returncode} before it was ready")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise LangNgheError(f"the intake API did not answer on {base} within {timeout:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
