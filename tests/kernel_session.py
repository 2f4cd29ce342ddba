"""A real IPython kernel driven through jupyter_client, collecting what a frontend would see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jupyter_client.manager import KernelManager


@dataclass
class Execution:
    status: str
    outputs: list[dict[str, Any]] = field(default_factory=list)
    reply: dict[str, Any] = field(default_factory=dict)

    def data(self) -> list[dict[str, Any]]:
        return [o["content"]["data"] for o in self.outputs
                if o["msg_type"] in ("execute_result", "display_data")]  # fmt: skip

    def mime(self, mime_type: str) -> list[Any]:
        return [d[mime_type] for d in self.data() if mime_type in d]

    def stream(self) -> str:
        return "".join(o["content"]["text"] for o in self.outputs if o["msg_type"] == "stream")

    def error(self) -> dict[str, Any] | None:
        """The error as the kernel reported it (UsageError has no error output, only a reply)."""
        errors = [o["content"] for o in self.outputs if o["msg_type"] == "error"]
        if errors:
            return errors[0]
        return self.reply if self.status == "error" else None


class Kernel:
    def __init__(self, client: Any, manager: Any = None) -> None:
        self.client = client
        self.manager = manager

    def run_and_interrupt(self, code: str, after: float, timeout: float = 60) -> Execution:
        """Start ``code``, interrupt the kernel after ``after`` seconds, collect the outcome."""
        import threading

        timer = threading.Timer(after, self.manager.interrupt_kernel)
        timer.start()
        try:
            return self.run(code, timeout=timeout)
        finally:
            timer.cancel()

    def run(self, code: str, timeout: float = 300) -> Execution:
        outputs: list[dict[str, Any]] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] in ("execute_result", "display_data", "stream", "error",
                                   "update_display_data"):  # fmt: skip
                outputs.append(msg)

        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=hook)
        return Execution(reply["content"]["status"], outputs, reply["content"])


@contextmanager
def kernel(cwd: str) -> Iterator[Kernel]:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=cwd)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=90)
        yield Kernel(client, manager)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
