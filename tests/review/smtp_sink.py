"""A tiny SMTP server on loopback that keeps every message it receives, for the tests."""

from __future__ import annotations

import email
import socketserver
import threading
from email.message import EmailMessage
from email.policy import default


class _Session(socketserver.StreamRequestHandler):
    """Just enough of SMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 sink ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb in ("MAIL", "RSET", "NOOP"):
                recipients = [] if verb != "NOOP" else recipients
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self.server.keep(self._data(), recipients)  # type: ignore[attr-defined]
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class SmtpSink(socketserver.ThreadingTCPServer):
    """Listens on 127.0.0.1 on a free port (or the one given); `messages` holds what arrived."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Session)
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def keep(self, data: bytes, recipients: list[str]) -> None:
        message = email.message_from_bytes(data, policy=default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]

    def start(self) -> SmtpSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to one address."""
        with self._lock:
            return [m for m in self.messages if m["To"] == address]
