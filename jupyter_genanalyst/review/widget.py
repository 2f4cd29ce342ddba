"""The review where our labextension is absent (VS Code, Colab, Notebook 7 or classic without
it): the same cards as the JupyterLab renderer, built with ipywidgets (docs/review.md).

Accept / edit / reject change the bundle's ``review`` with the shared rules of
``review_state``. "Queue accepted" puts the cells in this kernel's insert queue and shows
their sources to copy; :func:`insert_next` (``%ga insert``) inserts one queued cell below
the cell that runs it with IPython's ``set_next_input``, which JupyterLab, Notebook 7 and
VS Code honour. Nothing is ever executed. Every decision is written back into the output
(``update_display_data`` of the proposals bundle and its markdown), so it is saved with the
notebook like the labextension's review.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..bundle import (
    MIME_TYPE,
    badge_of,
    bundle_markdown,
    bundle_text,
    provenance_line,
    words_of,
)
from . import state as rs
from .frontend import Frontend, detect_frontend, wants_widget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
INSERT_COMMAND = "%ga insert"
MAX_LIVE = 50  # reviews whose widgets still take decisions in this kernel

# The kernel's insert queue: (run id, cell), in insertion order; one per process like the kernel.
_QUEUE: list[tuple[str, rs.CellSource]] = []
_LIVE: dict[str, ReviewWidget] = {}  # run id → the widget reviewing it


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        return None
    return ipywidgets


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def narrative_html(proposal: dict[str, Any]) -> str:
    """The narrative, escaped, with unverified numbers marked as in the labextension."""
    text = str(proposal["narrative"])
    numbers = sorted(((proposal.get("grounding") or {}).get("numbers") or []),
                     key=lambda n: n["start"])  # fmt: skip
    out, at = [], 0
    for number in numbers:
        start, end = int(number["start"]), int(number["end"])
        if start < at or end > len(text) or text[start:end] != number["text"]:
            continue  # offsets that do not match the text are ignored, never guessed
        out.append(_esc(text[at:start]))
        piece = _esc(text[start:end])
        if number["verified"]:
            tip = _esc(f"{number.get('fact_id')}: {number.get('value_name')}")
            out.append(f'<span class="ga-verified" title="{tip}" style="text-decoration:'
                       f' underline dotted">{piece}</span>')  # fmt: skip
        else:
            out.append(f"<mark>{piece}</mark> <b>[unverified]</b>")
        at = end
    out.append(_esc(text[at:]))
    return "".join(out).replace("\n", "<br>")


def _warnings_html(proposal: dict[str, Any]) -> str:
    hidden = proposal.get("hidden")
    lines = [f"<b>Hidden by the checks:</b> {_esc(str(hidden))}"] if hidden else []
    lines += [f"⚠ Causal wording on associational evidence: “{_esc(c)}”"
             for c in (proposal.get("grounding") or {}).get("causal_claims") or []]  # fmt: skip
    for check in proposal.get("code_checks") or []:
        for flag in check.get("safety") or []:
            where = f", line {flag['line']}" if flag.get("line") else ""
            lines.append(f"⚠ Safety ({_esc(flag['rule'])}{where}): {_esc(flag['message'])}")
        if not check.get("parses", True):
            lines.append("⚠ Does not parse")
        lines.extend(f"Check: {_esc(p)}" for p in check.get("problems") or [])
    return "<br>".join(lines)


def _code_html(code: list[str]) -> str:
    style = "white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0"
    return "".join(f'<pre style="{style}"><code>{_esc(c)}</code></pre>' for c in code)


def review_markdown(bundle: dict[str, Any]) -> str:
    """The markdown fallback plus one line with the human's decisions (saved in the output)."""
    decisions = []
    for proposal in bundle.get("proposals", []):
        entry = rs.entry_of(bundle, proposal["id"])
        status = entry["status"]
        if entry.get("inserted"):
            status += ", inserted"
        elif entry.get("queued"):
            status += ", queued"
        if "narrative" in entry or "code" in entry:
            status += ", edited"
        decisions.append(f"{proposal['id']} {status}")
    line = "**Your review:** " + " · ".join(decisions) if bundle.get("review") else ""
    return bundle_markdown(bundle) + (f"\n\n{line}" if line else "")


class _Card:
    """One proposal's card: title, status, narrative, code, warnings, decision buttons."""

    def __init__(self, w: Any, review: ReviewWidget, proposal: dict[str, Any]) -> None:
        self.review, self.pid, self.proposal = review, proposal["id"], proposal
        words = self.words = words_of(review.bundle)
        self.status = w.HTML()
        self.body = w.HTML(narrative_html(proposal))
        self.warnings = w.HTML(_warnings_html(proposal))
        self.code = w.HTML(_code_html(list(proposal["code"])))
        self.accept = w.Button(description=words["accept"], icon="check")
        self.reject = w.Button(description=words["reject"], icon="times")
        self.edit = w.Button(description=words["edit"], icon="pencil")
        self.ack = w.Checkbox(description=words["acknowledge"], indent=False)
        self.ack.layout.display = None if rs.needs_acknowledgement(proposal) else "none"
        self.narrative_edit = w.Textarea(layout=w.Layout(width="100%", height="6em"))
        self.code_edits = [w.Textarea(layout=w.Layout(width="100%", height="6em"))
                           for _ in proposal["code"]]  # fmt: skip
        self.save = w.Button(description=words["save_edit"], button_style="primary")
        self.cancel = w.Button(description=words["cancel"])
        self.editor = w.VBox(
            [self.narrative_edit, *self.code_edits, w.HBox([self.save, self.cancel])]
        )
        self.editor.layout.display = "none"
        self.accept.on_click(lambda _: self._toggle("accepted"))
        self.reject.on_click(lambda _: self._toggle("rejected"))
        self.edit.on_click(lambda _: self._open_editor())
        self.save.on_click(lambda _: self._save())
        self.cancel.on_click(lambda _: self._close_editor())
        self.ack.observe(self._acknowledge, "value")
        border = "1px solid var(--jp-border-color2, #ccc)"
        self.box = w.VBox(
            [self.status, self.body, self.warnings, self.code, self.ack,
             w.HBox([self.accept, self.reject, self.edit]), self.editor],
            layout=w.Layout(border=border, padding="6px", margin="4px 0", overflow="auto"),
        )  # fmt: skip

    def _acknowledge(self, change: dict[str, Any]) -> None:
        self.review.update(rs.set_acknowledged(self.review.bundle, self.pid, bool(change["new"])))

    def _toggle(self, status: str) -> None:
        current = rs.entry_of(self.review.bundle, self.pid)["status"]
        target = "pending" if current == status else status
        self.review.update(rs.set_status(self.review.bundle, self.pid, target))

    def _open_editor(self) -> None:
        entry = rs.entry_of(self.review.bundle, self.pid)
        self.narrative_edit.value = rs.effective_narrative(self.proposal, entry)
        for area, code in zip(
            self.code_edits, rs.effective_code(self.proposal, entry), strict=False
        ):
            area.value = code
        self.editor.layout.display = None

    def _close_editor(self) -> None:
        self.editor.layout.display = "none"

    def _save(self) -> None:
        bundle = rs.set_edit(self.review.bundle, self.pid, narrative=self.narrative_edit.value,
                             code=[a.value for a in self.code_edits])  # fmt: skip
        self.review.update(rs.set_status(bundle, self.pid, "accepted"))
        self._close_editor()

    def refresh(self, bundle: dict[str, Any]) -> None:
        entry = rs.entry_of(bundle, self.pid)
        words = self.words
        status = words[f"status_{entry['status']}"]
        if entry.get("inserted"):
            status = words["status_inserted"]
        elif entry.get("queued"):
            status = words["status_queued"]
        labels = self.proposal.get("labels") or {}
        extra = [str(labels["origin"])] if labels.get("origin") else []
        if labels.get("numbers"):
            extra.append(str(labels["numbers"]))
        if "narrative" in entry or "code" in entry:
            extra.append(words["edited"])
        if entry["status"] != "pending" or "narrative" in entry or "code" in entry:
            extra.append(words["reviewed"])
            self.body.value = _esc(rs.effective_narrative(self.proposal, entry)).replace(
                "\n", "<br>"
            )
            self.code.value = _code_html(rs.effective_code(self.proposal, entry))
        tags = "".join(f" <small>· {_esc(t)}</small>" for t in extra)
        self.status.value = (f"<b>{_esc(self.pid)}. {_esc(self.proposal['title'])}</b> — "
                             f"<i>{status}</i>{tags}")  # fmt: skip
        hidden = bool(self.proposal.get("hidden"))  # shown with its reason, never decided on
        locked = bool(entry.get("inserted") or entry.get("queued")) or hidden
        for button in (self.accept, self.reject, self.edit):
            button.disabled = locked
        self.accept.button_style = "success" if entry["status"] == "accepted" else ""
        self.reject.button_style = "danger" if entry["status"] == "rejected" else ""
        accepted, rejected = entry["status"] == "accepted", entry["status"] == "rejected"
        self.accept.description = words["accepted_button" if accepted else "accept"]
        self.reject.description = words["rejected_button" if rejected else "reject"]


class ReviewWidget:
    """The ipywidgets review of one bundle; ``.view`` is the widget to display."""

    def __init__(self, bundle: dict[str, Any], *, display_id: str | None = None) -> None:
        w = _widgets()
        if w is None:
            raise ImportError("the widget review needs ipywidgets (pip install ipywidgets)")
        self.bundle: dict[str, Any] = {**bundle, "review": dict(bundle.get("review") or {})}
        self.display_id = display_id
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        visible = [p for p in bundle["proposals"] if not p.get("hidden")]
        hidden = [p for p in bundle["proposals"] if p.get("hidden")]
        self.cards = {p["id"]: _Card(w, self, p) for p in visible + hidden}
        self.words = words_of(bundle)
        # the badge says "AI-generated" only when every shown card is model text
        head = f"<b>{_esc(badge_of(bundle))}</b> <small>{_esc(provenance_line(bundle))}</small>"
        if bundle.get("notice"):
            head += f"<br><small>{_esc(self.words['note'])}{_esc(str(bundle['notice']))}</small>"
        if hidden:
            summary = bundle.get("hidden_summary") or self.words["count_hidden"].format(
                count=len(hidden)
            )
            head += f"<br><small>{_esc(str(summary))}</small>"
        self.queue_button = w.Button(
            description=self.words["queue"].format(count=0),
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.queue_button.on_click(lambda _: self.queue_accepted())
        self.message = w.HTML()
        self.copy_area = w.Textarea(layout=w.Layout(width="100%", height="10em", display="none"))
        self.view = w.VBox(
            [w.HTML(head), *(c.box for c in self.cards.values()), self.queue_button,
             self.message, self.copy_area],
            layout=w.Layout(max_width="100%", overflow="auto"),
        )  # fmt: skip
        _LIVE[str(bundle["run_id"])] = self
        while len(_LIVE) > MAX_LIVE:  # keep the newest reviews; older ones stay as outputs
            del _LIVE[next(iter(_LIVE))]
        self._refresh()

    def update(self, bundle: dict[str, Any]) -> None:
        """Take a new review state, redraw, and write it back into the output."""
        self.bundle = bundle
        self._refresh()
        for listener in self.listeners:
            listener(bundle)
        self.write_back()

    def _refresh(self) -> None:
        for card in self.cards.values():
            card.refresh(self.bundle)
        ready, _ = rs.ready_cells(self.bundle)
        self.queue_button.description = self.words["queue"].format(count=len(ready))
        self.queue_button.disabled = not ready

    def queue_accepted(self) -> list[rs.CellSource]:
        """Queue every insertable proposal's cells; show how to insert them and their sources."""
        ids, cells = rs.ready_cells(self.bundle)
        if not cells:
            self.message.value = "Nothing to queue: accept a proposal first."
            return []
        run_id = str(self.bundle["run_id"])
        _QUEUE.extend((run_id, cell) for cell in cells)
        self.copy_area.value = percent_script(cells)
        self.copy_area.layout.display = None
        self.message.value = (
            f"{rs.plural(len(cells), 'cell')} queued. Run <code>{INSERT_COMMAND}</code> in a cell"
            " and run it again with Ctrl+Enter until the queue is empty: each run inserts one cell"
            " below it, in proposal order, not run. Where cells cannot be inserted (Colab), copy"
            " the sources below (<code># %%</code> cells)."
        )
        self.update(rs.mark(self.bundle, ids, "queued"))
        return cells

    def mimebundle(self) -> dict[str, Any]:
        """The output: the bundle for the labextension, the widget, and static fallbacks."""
        return {
            MIME_TYPE: self.bundle,
            WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": self.view.model_id},
            "text/markdown": review_markdown(self.bundle),
            "text/plain": bundle_text(self.bundle),
        }

    def write_back(self) -> None:
        """Replace the displayed output's data with the current review (saved with the notebook)."""
        if self.display_id is None:
            return
        from IPython.display import update_display

        update_display(self.mimebundle(), raw=True, display_id=self.display_id)


def percent_script(cells: list[rs.CellSource]) -> str:
    """The cells as a ``# %%`` script: pasteable into VS Code, Colab, Jupytext or any editor."""
    parts = []
    for cell in cells:
        if cell.cell_type == "markdown":
            body = "\n".join("# " + line if line else "#" for line in cell.source.splitlines())
            parts.append("# %% [markdown]\n" + body)
        else:
            parts.append("# %%\n" + cell.source)
    return "\n\n".join(parts) + "\n"


def queued_cells() -> list[rs.CellSource]:
    """The cells waiting in this kernel's insert queue, in proposal order."""
    return [cell for _, cell in _QUEUE]


def insert_next(shell: Any = None) -> rs.CellSource | None:
    """Insert one queued cell below the running cell (``set_next_input``); never run it.

    Takes the *last* queued cell: re-running the same cell inserts each next cell directly
    below it, above the ones inserted before, so the cells end in proposal order. Returns the
    cell, or None when the queue is empty.
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if not _QUEUE:
        return None
    run_id, cell = _QUEUE.pop()
    shell.set_next_input(cell.as_code_input(), replace=False)
    widget = _LIVE.get(run_id)
    if widget is not None and not any(r == run_id and c.proposal_id == cell.proposal_id
                                      for r, c in _QUEUE):  # fmt: skip
        widget.update(rs.mark(widget.bundle, [cell.proposal_id], "inserted"))
    return cell


def insert_message(cell: rs.CellSource | None) -> str:
    """What ``%ga insert`` prints after :func:`insert_next`."""
    if cell is None:
        return "Nothing queued: accept proposals in the review and press “Queue accepted”."
    left = len(_QUEUE)
    more = f" {rs.plural(left, 'cell')} left: run this cell again (Ctrl+Enter)." if left else ""
    return f"Inserted a {cell.cell_type} cell of {cell.proposal_id} below (not run).{more}"


def mimebundle_for(
    bundle: dict[str, Any], *, shell: Any = None, frontend: Frontend | None = None
) -> dict[str, Any]:
    """What an analysis shows: the review widget where it is wanted and ipywidgets is
    installed, always the bundle (labextension) and markdown/plain fallbacks (static output)."""
    frontend = frontend or detect_frontend(shell)
    if wants_widget(frontend) and _widgets() is not None:
        return ReviewWidget(bundle).mimebundle()
    return {
        MIME_TYPE: bundle,
        "text/markdown": bundle_markdown(bundle),
        "text/plain": bundle_text(bundle),
    }


def display_review(
    bundle: dict[str, Any], *, shell: Any = None, frontend: Frontend | None = None
) -> ReviewWidget | None:
    """Display ``bundle`` for review with a display id, so decisions are written back into
    the output. Returns the widget review, or None when the labextension (or nothing) shows it."""
    from IPython.display import display

    frontend = frontend or detect_frontend(shell)
    if wants_widget(frontend) and _widgets() is not None:
        widget = ReviewWidget(bundle, display_id=f"ga-review-{bundle['run_id']}")
        display(widget.mimebundle(), raw=True, display_id=widget.display_id)
        return widget
    display(mimebundle_for(bundle, frontend=frontend), raw=True)
    return None
