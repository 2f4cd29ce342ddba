"""A scripted OpenAI-compatible server for deterministic error-path tests.

It complements, never replaces, the real llama-cpp-python server: it can be slow, send
garbage or fail on purpose, and it records the exact bytes of every request it got.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any]], str]  # request JSON -> assistant content


@dataclass
class FakeServer:
    base_url: str
    requests: list[bytes] = field(default_factory=list)
    replies: list[Reply | str] = field(default_factory=list)
    delay: float = 0.0
    chunk_delay: float = 0.0  # seconds between streamed chunks, to watch streaming happen
    status: int = 200
    model: str = "fake-model"
    owned_by: str = "fake"  # "me" makes the client treat it as llama-cpp-python (tokenize)

    def next_reply(self, body: dict[str, Any]) -> str:
        if not self.replies:
            return json.dumps(
                {"title": "t", "narrative": "nothing to add here at all", "fact_ids": []}
            )
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return reply(body) if callable(reply) else reply

    def sent_text(self) -> str:
        return "\n".join(r.decode("utf-8", "replace") for r in self.requests)


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any, content_type: str = "application/json") -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.endswith("/models"):
                self._send(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {"id": server.model, "object": "model", "owned_by": server.owned_by}
                        ],
                    },
                )
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            server.requests.append(body)
            if self.path.endswith("/tokenize/count"):  # llama-cpp-python's token counter
                text = json.loads(body or b"{}").get("input", "")
                self._send(200, {"count": len(text) // 3 + 1})
                return
            if server.delay:
                time.sleep(server.delay)
            if server.status != 200:
                self._send(server.status, {"error": {"message": "scripted failure"}})
                return
            request = json.loads(body or b"{}")
            content = server.next_reply(request)
            if request.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i in range(0, len(content), 8):
                    chunk = {
                        "id": "x",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": server.model,
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"content": content[i : i + 8]},
                                "finish_reason": None,
                            }
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    if server.chunk_delay:
                        time.sleep(server.chunk_delay)
                self.wfile.write(b"data: [DONE]\n\n")
                return
            self._send(
                200,
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": server.model,
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is the point of some tests


@contextmanager
def fake_server(**options: Any) -> Iterator[FakeServer]:
    httpd = _QuietServer(("127.0.0.1", 0), _handler(FakeServer("")))
    state = FakeServer(base_url=f"http://127.0.0.1:{httpd.server_address[1]}/v1", **options)
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
