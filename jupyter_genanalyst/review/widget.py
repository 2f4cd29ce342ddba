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
import json
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
from ..errors import GenAnalystError
from . import state as rs
from .frontend import Frontend, detect_frontend, wants_widget
from .rerun import compact, rerun

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


def next_questions_html(bundle: dict[str, Any]) -> str:
    """The bundle's follow-ups in its language, each with its ``%ga`` line to copy."""
    from ..i18n import message

    questions = bundle.get("next_questions") or []
    if not questions:
        return ""
    title = message("label.next_questions", str(bundle.get("language") or "en"))
    items = "".join(
        f"<li>{_esc(q['text'])}<br><code style='user-select:all'>{_esc(q['magic'])}</code></li>"
        for q in questions
    )
    return f"<div class='ga-next-questions'><b>{_esc(title)}</b><ol>{items}</ol></div>"


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
        buttons = [self.accept, self.reject, self.edit]
        self.plan_editor: _PlanEditor | None = None
        if proposal.get("origin") == "plan" and proposal.get("plan") and not proposal.get("hidden"):
            self.plan_editor = _PlanEditor(w, self)
            buttons.append(self.plan_editor.open_button)
        border = "1px solid var(--jp-border-color2, #ccc)"
        self.box = w.VBox(
            [self.status, self.body, self.warnings, self.code, self.ack, w.HBox(buttons),
             self.editor, *([self.plan_editor.box] if self.plan_editor else [])],
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


# The plan fields a dropdown edits (the rest — filters, rules, rounding — in the JSON text).
PLAN_CHOICES = ("op", "agg", "method", "column", "column2", "group_by", "target")
_COLUMN_FIELDS = ("column", "column2", "group_by", "target")


def set_plan_field(text: str, field: str, value: str) -> str:
    """The plan text with one field set from a dropdown ('' removes it); text that does not
    parse is returned unchanged (the person is typing). Mirrors ``setPlanField`` in the
    labextension's proposals/planEdit.ts."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return text
    if not isinstance(data, dict):
        return text
    if value:
        data[field] = value
    else:
        data.pop(field, None)
    if field == "op":
        data.pop("answer", None)  # which value to state depends on the operation
        if value not in ("aggregate", "group_aggregate"):
            data.pop("agg", None)
        if data.get("method") not in _methods_of(value):
            data.pop("method", None)
    return plan_text(data)


def plan_text(plan: dict[str, Any]) -> str:
    """The plan as the editor shows it: without nulls, indented JSON."""
    return json.dumps(compact(plan), ensure_ascii=False, indent=2)


def _methods_of(op: str) -> tuple[str, ...]:
    from ..plan.types import CLASSIFIERS, CORRELATIONS, TESTS

    return {
        "correlation": CORRELATIONS,
        "test": tuple(TESTS),
        "shape": ("skew", "kurtosis"),
        "regression": ("ols",),
        "classify": CLASSIFIERS,
    }.get(op, ())


def _choices(field: str, text: str, columns: list[str]) -> list[str]:
    from ..plan.types import AGGS, OPS

    try:
        op = str(json.loads(text).get("op") or "")
    except (json.JSONDecodeError, AttributeError):
        op = ""
    if field == "op":
        return list(OPS)
    if field == "agg":
        return ["", *AGGS]
    if field == "method":
        return ["", *_methods_of(op)]
    return ["", *columns]


class _PlanEditor:
    """A plan card's "Edit plan": dropdowns for the usual fields, the plan as JSON, Re-run."""

    def __init__(self, w: Any, card: _Card) -> None:
        self.w, self.card = w, card
        words = card.words
        self.open_button = w.Button(
            description=words["edit_plan"], icon="sliders", tooltip=words["edit_plan_tip"]
        )
        self.text = w.Textarea(layout=w.Layout(width="100%", height="12em"))
        self.dropdowns: dict[str, Any] = {}
        self.fields = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.error = w.HTML()
        self.run = w.Button(
            description=words["rerun"], button_style="primary", icon="play",
            tooltip=words["rerun_tip"],
        )  # fmt: skip
        self.cancel = w.Button(description=words["cancel"])
        self.box = w.VBox([self.fields, self.text, self.error, w.HBox([self.run, self.cancel])])
        self.box.layout.display = "none"
        self.open_button.on_click(lambda _: self.open())
        self.cancel.on_click(lambda _: self.close())
        self.run.on_click(lambda _: self.submit())
        self.text.observe(lambda _: self._sync_dropdowns(), "value")

    def open(self) -> None:
        self.text.value = plan_text(dict(self.card.proposal.get("plan") or {}))
        self.error.value = ""
        columns = self.card.review.frame_columns()
        self.dropdowns = {}
        for field in PLAN_CHOICES:
            if field in _COLUMN_FIELDS and not columns:
                continue  # no frame here: the JSON text still works
            box = self.w.Dropdown(
                description=self.card.words[f"field_{field}"], layout=self.w.Layout(width="auto")
            )
            box.observe(lambda change, f=field: self._on_pick(f, change), "value")
            self.dropdowns[field] = box
        self.fields.children = tuple(self.dropdowns.values())
        self._sync_dropdowns()
        self.box.layout.display = None

    def close(self) -> None:
        self.box.layout.display = "none"

    def _on_pick(self, field: str, change: dict[str, Any]) -> None:
        if getattr(self, "_syncing", False):
            return
        self.text.value = set_plan_field(self.text.value, field, str(change["new"] or ""))

    def _sync_dropdowns(self) -> None:
        """Each dropdown shows the field's value in the text (and the options that fit)."""
        try:
            data = json.loads(self.text.value)
        except json.JSONDecodeError:
            return
        if not isinstance(data, dict):
            return
        columns = self.card.review.frame_columns()
        self._syncing = True
        try:
            for field, box in self.dropdowns.items():
                options = _choices(field, self.text.value, columns)
                current = str(data.get(field) or "")
                if current not in options:
                    options = [current, *options]
                box.options = options
                box.value = current
        finally:
            self._syncing = False

    def submit(self) -> str | None:
        """Send the edited plan to the kernel's executor; the new card's id, or None."""
        try:
            new_id = self.card.review.rerun_plan(self.card.pid, self.text.value)
        except GenAnalystError as exc:
            self.error.value = f"<b>⚠</b> {_esc(' '.join(str(exc).split()))}"
            return None
        self.close()
        return new_id


class ReviewWidget:
    """The ipywidgets review of one bundle; ``.view`` is the widget to display.

    ``frames`` finds the frame a plan card is re-run on by name (default: the IPython user
    namespace)."""

    def __init__(
        self,
        bundle: dict[str, Any],
        *,
        display_id: str | None = None,
        frames: Callable[[str], Any] | None = None,
    ) -> None:
        w = _widgets()
        if w is None:
            raise ImportError("the widget review needs ipywidgets (pip install ipywidgets)")
        self.w = w
        self.bundle: dict[str, Any] = {**bundle, "review": dict(bundle.get("review") or {})}
        self.display_id = display_id
        self.frames = frames or _user_frame
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self.cards: dict[str, _Card] = {}
        self.words = words_of(bundle)
        self.head = w.HTML(self._head_html())
        self.queue_button = w.Button(
            description=self.words["queue"].format(count=0),
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.queue_button.on_click(lambda _: self.queue_accepted())
        self.message = w.HTML()
        self.copy_area = w.Textarea(layout=w.Layout(width="100%", height="10em", display="none"))
        self.view = w.VBox(layout=w.Layout(max_width="100%", overflow="auto"))
        self._build_cards()
        _LIVE[str(bundle["run_id"])] = self
        while len(_LIVE) > MAX_LIVE:  # keep the newest reviews; older ones stay as outputs
            del _LIVE[next(iter(_LIVE))]
        self._refresh()

    def _head_html(self) -> str:
        """The badge (it says "AI-generated" only when every shown card is model text), the
        provenance, the notice and the hidden summary, in the bundle's words."""
        bundle, words = self.bundle, self.words
        head = f"<b>{_esc(badge_of(bundle))}</b> <small>{_esc(provenance_line(bundle))}</small>"
        if bundle.get("notice"):
            head += f"<br><small>{_esc(words['note'])}{_esc(str(bundle['notice']))}</small>"
        hidden = [p for p in bundle["proposals"] if p.get("hidden")]
        if hidden:
            summary = bundle.get("hidden_summary") or words["count_hidden"].format(
                count=len(hidden)
            )
            head += f"<br><small>{_esc(str(summary))}</small>"
        return head

    def _build_cards(self) -> None:
        """One card per proposal, shown ones first (a re-run adds or replaces a proposal)."""
        self.head.value = self._head_html()
        proposals = self.bundle["proposals"]
        visible = [p for p in proposals if not p.get("hidden")]
        hidden = [p for p in proposals if p.get("hidden")]
        self.cards = {p["id"]: _Card(self.w, self, p) for p in visible + hidden}
        self.view.children = (self.head, *(c.box for c in self.cards.values()),
                              self.queue_button, self.message, self.copy_area,
                              self.w.HTML(next_questions_html(self.bundle)))  # fmt: skip

    def frame_columns(self) -> list[str]:
        """The columns of the frame the bundle was asked about, when it is here."""
        try:
            frame = self._frame()
        except GenAnalystError:
            return []
        return [str(c) for c in frame.columns]

    def _frame(self) -> Any:
        import pandas as pd

        name = str((self.bundle.get("request") or {}).get("frame") or "")
        frame = self.frames(name) if name else None
        if not isinstance(frame, pd.DataFrame):
            raise GenAnalystError(
                f"No pandas DataFrame {name!r} in this kernel to re-run the plan on"
                " (run the cell that defines it first)."
            )
        return frame

    def rerun_plan(self, pid: str, plan: Any) -> str:
        """Run a plan card's edited plan on the same frame with our executor (never code);
        the new card joins the review. Raises GenAnalystError (one line) for a bad plan."""
        bundle, new_id = rerun(self.bundle, pid, plan, self._frame())
        self.bundle = bundle
        self._build_cards()
        title = next(p["title"] for p in bundle["proposals"] if p["id"] == new_id)
        self.message.value = f"Re-ran the edited plan: {_esc(new_id)} — {_esc(title)}"
        self.update(bundle)
        return new_id

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


def _user_frame(name: str) -> Any:
    """A variable of the running IPython's user namespace (None outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns.get(name)


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
