"""Small local servers that misbehave like a search engine can: refuse, hang, answer 5xx, or
record what a client sends. Each counts the connections it accepted, so a test can tell whether
the site still tries the engine without timing anything."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HangingServer:
    """Accepts connections and never answers (an engine stuck in garbage collection)."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.connections = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(sock)

    def close(self) -> None:
        self._listener.close()
        for sock in self._held:
            sock.close()


class RecordingServer:
    """Answers every request with ``status`` and an empty search result, recording each request's
    method, path and headers. ``product`` adds the header the Elasticsearch client insists on."""

    def __init__(self, status: int = 200, product: str | None = None):
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                if status != 200:
                    answer = {"error": {"type": "unavailable"}, "status": status}
                elif "/_count" in self.path:
                    answer = {"count": 0}
                else:
                    answer = {
                        "took": 1,
                        "timed_out": False,
                        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
                    }
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if product:
                    self.send_header("X-Elastic-Product", product)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def connections(self) -> int:
        return len(self.requests)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
