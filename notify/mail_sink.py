"""A local SMTP server that keeps every message as a .eml file: the mail sink `make run` starts
so digests and alerts can be read without a real mail server (and what the tests deliver to).

    python -m notify.mail_sink --port 8025 --dir var/mail
"""
from __future__ import annotations

import argparse
import itertools
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

_counter = itertools.count()


class _SaveHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{next(_counter):06d}.eml"
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.folder / name)  # whole files only
        return "250 Message accepted for delivery"


class MailSink:
    """``with MailSink(folder, port=0) as sink:`` … ``sink.port``, ``sink.messages()``."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 8025) -> None:
        self.folder, self.host, self.port = Path(folder), host, port
        self._controller = None

    def start(self) -> MailSink:
        from aiosmtpd.controller import Controller

        if self.port == 0:
            import socket

            with socket.socket() as probe:
                probe.bind((self.host, 0))
                self.port = probe.getsockname()[1]
        self._controller = Controller(_SaveHandler(self.folder), hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def messages(self) -> list[EmailMessage]:
        return read_messages(self.folder)


def read_messages(folder: Path) -> list[EmailMessage]:
    """Every message kept in ``folder``, oldest first."""
    if not Path(folder).is_dir():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(Path(folder).glob("*.eml"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notify.mail_sink", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args(argv)
    sink = MailSink(args.dir, args.host, args.port).start()
    print(f"mail sink on {args.host}:{sink.port}, keeping messages in {args.dir}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
