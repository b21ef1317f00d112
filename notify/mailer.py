"""Sending e-mail over SMTP: a plain-text part, an HTML part, and inline images (``cid:``)."""
from __future__ import annotations

import smtplib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import make_msgid

from core.errors import LangNgheError
from core.settings import Settings


class MailFailed(LangNgheError):
    pass


def build_message(settings: Settings, to: Sequence[str], subject: str, text: str, html: str | None = None,
                  images: Mapping[str, bytes] | None = None, headers: Mapping[str, str] | None = None) -> EmailMessage:
    """A multipart message; ``images`` maps a content id used in the HTML as ``cid:<id>`` to PNG bytes."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="langnghe.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
        html_part = message.get_payload()[-1]
        for cid, png in (images or {}).items():
            html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid}.png")
    return message


def send(settings: Settings, message: EmailMessage, timeout: float = 20.0) -> None:
    """Deliver through the configured SMTP server; MailFailed says what to check."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailFailed(f"could not send e-mail through {settings.smtp_host}:{settings.smtp_port}: {exc}",
                         hint="Check LANGNGHE_SMTP_HOST/PORT (and _USER/_PASSWORD); `make run` starts a local "
                              "mail sink on 127.0.0.1:8025.") from exc
