"""The user's language: a small message catalogue and locale-aware number and date text.

Why one module: the storyteller, the honest labels, the notices and the prompts must all
speak the language the user chose (``GenAnalyst.language``), and the numbers they write
must still be read back by the grounding check (:mod:`.narrate.numbers` reads 1.2萬 and
2024年3月1日 as well as 12,000 and March 1, 2024). Messages are ``str.format`` templates;
a key missing in one language falls back to English rather than failing a request.
"""

from __future__ import annotations

import math
from typing import Literal, cast

from .errors import GenAnalystError

Language = Literal["en", "zh-Hant"]
LANGUAGES: tuple[Language, ...] = ("en", "zh-Hant")
_ALIASES = {
    "en": "en",
    "english": "en",
    "zh-hant": "zh-Hant",
    "zh_hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh_tw": "zh-Hant",
    "zh": "zh-Hant",
}

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Language",
    "check_language",
    "format_date",
    "format_number",
    "format_value",
    "message",
    "review_words",
]


def check_language(value: str) -> Language:
    """``value`` as a supported language code, or a one-line error naming the choices."""
    found = _ALIASES.get(str(value).strip().lower())
    if found is None:
        raise GenAnalystError(f"Unknown language {value!r}; choose one of: {', '.join(LANGUAGES)}.")
    return cast(Language, found)


# key → {language → template}. Keep templates free of digits: every number a user sees
# comes from a fact and is formatted by format_number/format_date.
MESSAGES: dict[str, dict[str, str]] = {
    # honest labels (narrate/labels.py)
    "label.no_numbers": {"en": "no numbers to check", "zh-Hant": "沒有需要核對的數字"},
    "label.numbers": {
        "en": "{verified} of {total} numbers match the facts (the meaning is not checked)",
        "zh-Hant": "{total} 個數字中有 {verified} 個與事實相符（語意未經檢查）",
    },
    "label.all_numbers": {
        "en": "all {total} numbers match the facts (the meaning is not checked)",
        "zh-Hant": "全部 {total} 個數字與事實相符（語意未經檢查）",
    },
    "label.one_number": {
        "en": "its one number matches the facts (the meaning is not checked)",
        "zh-Hant": "唯一的數字與事實相符（語意未經檢查）",
    },
    "label.one_number_off": {
        "en": "its one number matches no fact",
        "zh-Hant": "唯一的數字與任何事實都不符",
    },
    "label.hidden_one": {"en": "one candidate hidden — why", "zh-Hant": "已隱藏一個候選 — 原因"},
    "label.next_questions": {"en": "Next questions", "zh-Hant": "接下來可以問"},
    "label.from_facts": {
        "en": "Written from the facts without a model",
        "zh-Hant": "由事實直接寫成，未使用語言模型",
    },
    "label.ai_generated": {"en": "AI-generated", "zh-Hant": "AI 生成"},
    "label.ai_rephrased": {
        "en": "AI-rephrased from the facts",
        "zh-Hant": "由 AI 依事實改寫",
    },
    "label.reviewed": {"en": "reviewed by you", "zh-Hant": "已由您審閱"},
    "label.hidden_summary": {
        "en": "{count} candidates hidden — why",
        "zh-Hant": "已隱藏 {count} 個候選 — 原因",
    },
    # hidden reasons (narrate/prune.py)
    "hidden.no_column": {
        "en": "names no column of the data",
        "zh-Hant": "沒有提到資料中的任何欄位",
    },
    "hidden.unmatched_numbers": {
        "en": "numbers that match no fact: {numbers}",
        "zh-Hant": "與事實不符的數字：{numbers}",
    },
    "hidden.debris": {"en": "template debris: {debris}", "zh-Hant": "殘留的範本文字：{debris}"},
    "hidden.code": {
        "en": "code that fails the checks: {problem}",
        "zh-Hant": "程式碼未通過檢查：{problem}",
    },
    "hidden.empty": {"en": "no narrative", "zh-Hant": "沒有敘述內容"},
    # notices
    "notice.model_down": {
        "en": "No model answered ({reason}); the cards below are written from the facts.",
        "zh-Hant": "沒有模型回應（{reason}）；以下卡片直接由事實寫成。",
    },
    "notice.no_findings": {
        "en": "No findings were computed for this request, so there is nothing to narrate.",
        "zh-Hant": "這次分析沒有算出任何發現，因此沒有可敘述的內容。",
    },
    "notice.no_llm": {
        "en": "No model was asked (--no-llm): the cards are written from the facts.",
        "zh-Hant": "未使用語言模型（--no-llm）：以下卡片直接由事實寫成。",
    },
    "progress.written": {
        "en": "{done} of {total} model candidates written and checked…",
        "zh-Hant": "已寫好並檢查 {done}／{total} 個模型候選…",
    },
    # The review UI's words (review/widget.py and labextension/src/proposals), sent in the
    # bundle as ``words`` (bundle.py) in the bundle's language: this catalogue is the one
    # source; the labextension keeps English only as a fallback for older bundles.
    "review.accept": {"en": "Accept", "zh-Hant": "接受"},
    "review.accepted_button": {"en": "Accepted ✓", "zh-Hant": "已接受 ✓"},
    "review.edit": {"en": "Edit", "zh-Hant": "編輯"},
    "review.reject": {"en": "Reject", "zh-Hant": "拒絕"},
    "review.rejected_button": {"en": "Rejected ✕", "zh-Hant": "已拒絕 ✕"},
    "review.status_pending": {"en": "Pending review", "zh-Hant": "待審閱"},
    "review.status_accepted": {"en": "Accepted", "zh-Hant": "已接受"},
    "review.status_rejected": {"en": "Rejected", "zh-Hant": "已拒絕"},
    "review.status_inserted": {"en": "Inserted below", "zh-Hant": "已插入下方"},
    "review.status_queued": {"en": "Queued for insertion", "zh-Hant": "已排入插入佇列"},
    "review.edited": {"en": "edited", "zh-Hant": "已修改"},
    "review.edited_note": {
        "en": "Edited by you: numbers in your text are not re-checked against the facts.",
        "zh-Hant": "由您修改：您文字中的數字不會再與事實核對。",
    },
    "review.save_edit": {"en": "Save edit and accept", "zh-Hant": "儲存修改並接受"},
    "review.cancel": {"en": "Cancel", "zh-Hant": "取消"},
    "review.acknowledge": {
        "en": "I have read the warning. Insert this code anyway (it is never run automatically).",
        "zh-Hant": "我已閱讀警告。仍然插入這段程式碼（它永遠不會自動執行）。",
    },
    "review.insert": {"en": "Insert accepted ({count})", "zh-Hant": "插入已接受的候選（{count}）"},
    "review.queue": {
        "en": "Queue accepted ({count})",
        "zh-Hant": "將已接受的候選排入佇列（{count}）",
    },
    "review.run_inserted": {
        "en": "Run inserted cells ({count})",
        "zh-Hant": "執行已插入的儲存格（{count}）",
    },
    "review.running": {"en": "Running inserted cells…", "zh-Hant": "正在執行已插入的儲存格…"},
    "review.inserted_one": {
        "en": "Inserted one cell below, not run.",
        "zh-Hant": "已在下方插入一個儲存格，未執行。",
    },
    "review.inserted_many": {
        "en": "Inserted {count} cells below, not run.",
        "zh-Hant": "已在下方插入 {count} 個儲存格，未執行。",
    },
    "review.undo": {
        "en": "Undo with Ctrl+Z (or Z) in command mode.",
        "zh-Hant": "在命令模式按 Ctrl+Z（或 Z）可復原。",
    },
    "review.count_accepted": {"en": "{count} accepted", "zh-Hant": "已接受 {count}"},
    "review.count_rejected": {"en": "{count} rejected", "zh-Hant": "已拒絕 {count}"},
    "review.count_pending": {"en": "{count} pending", "zh-Hant": "待審閱 {count}"},
    "review.count_inserted": {"en": "{count} inserted", "zh-Hant": "已插入 {count}"},
    "review.count_hidden": {"en": "{count} hidden", "zh-Hant": "已隱藏 {count}"},
    "review.note": {"en": "Note: ", "zh-Hant": "注意："},
    "review.nothing_passed": {
        "en": "No candidate passed the checks; the hidden ones are listed below.",
        "zh-Hant": "沒有候選通過檢查；被隱藏的候選列在下方。",
    },
    "review.reviewed": {"en": "reviewed by you", "zh-Hant": "已由您審閱"},
    "review.hidden_note": {
        "en": "Hidden by the checks: it cannot be accepted or inserted.",
        "zh-Hant": "已被自動檢查隱藏：無法接受或插入。",
    },
    "review.hidden_reason": {"en": "hidden by the checks", "zh-Hant": "未通過自動檢查"},
    "review.unverified_marked": {
        "en": "numbers that match no fact are marked in the text",
        "zh-Hant": "與事實不符的數字已在文中標出",
    },
    # the header badge: honest about who wrote the shown cards
    "review.badge_facts": {
        "en": "Written from the facts — no model text",
        "zh-Hant": "由事實寫成 — 沒有模型文字",
    },
    "review.badge_ai": {"en": "AI-generated", "zh-Hant": "AI 生成"},
    "review.badge_mixed_one": {
        "en": "AI-generated: card {cards} (model text); the others are written from the facts",
        "zh-Hant": "AI 生成：第 {cards} 張卡片（模型文字）；其餘由事實寫成",
    },
    "review.badge_mixed": {
        "en": "AI-generated: cards {cards} (model text); the others are written from the facts",
        "zh-Hant": "AI 生成：第 {cards} 張卡片（模型文字）；其餘由事實寫成",
    },
    # the first line of an inserted cell
    "review.cell_ai": {"en": "AI-generated, reviewed by you", "zh-Hant": "AI 生成，已由您審閱"},
    "review.cell_from_facts": {
        "en": "Written from the facts (no model), reviewed by you",
        "zh-Hant": "由事實寫成（未使用模型），已由您審閱",
    },
    "review.edit_plan": {"en": "Edit plan", "zh-Hant": "編輯計畫"},
    "review.edit_plan_tip": {
        "en": "Change a column, the test or a rule, then re-run on the same frame",
        "zh-Hant": "更改欄位、檢定或規則，再於同一個資料表重新執行",
    },
    "review.edit_plan_label": {
        "en": "Edit the plan and re-run: {title}",
        "zh-Hant": "編輯計畫並重新執行：{title}",
    },
    "review.plan_editor_label": {
        "en": "Edit the plan of {title}",
        "zh-Hant": "編輯「{title}」的計畫",
    },
    "review.plan_json": {
        "en": "Plan (JSON; filters, rules and rounding are edited here)",
        "zh-Hant": "計畫（JSON；篩選、規則與小數位數在這裡編輯）",
    },
    "review.rerun": {"en": "Re-run", "zh-Hant": "重新執行"},
    "review.rerunning": {"en": "Re-running…", "zh-Hant": "重新執行中…"},
    "review.rerun_tip": {
        "en": "Re-run on the same frame, computed by our code (never by a model); adds a card",
        "zh-Hant": "在同一個資料表上重新執行，由我們的程式計算（絕不由模型）；會新增一張卡片",
    },
    "review.field_op": {"en": "Operation", "zh-Hant": "運算"},
    "review.field_agg": {"en": "Aggregate", "zh-Hant": "彙總"},
    "review.field_method": {"en": "Method / test", "zh-Hant": "方法／檢定"},
    "review.field_column": {"en": "Column", "zh-Hant": "欄位"},
    "review.field_column2": {"en": "Second column", "zh-Hant": "第二個欄位"},
    "review.field_group_by": {"en": "Group by", "zh-Hant": "分組依據"},
    "review.field_target": {"en": "Target", "zh-Hant": "目標"},
    "notice.style_auto": {
        "en": "Style {style} chosen for model {model}.",
        "zh-Hant": "已為模型 {model} 選擇 {style} 風格。",
    },
}


def review_words(language: str = "en") -> dict[str, str]:
    """The review UI's words in ``language`` (``review.accept`` → ``accept``), as templates:
    the bundle carries them so the labextension and the ipywidgets review say the same."""
    prefix = "review."
    return {
        key[len(prefix) :]: entry.get(language) or entry["en"]
        for key, entry in MESSAGES.items()
        if key.startswith(prefix)
    }


def message(key: str, language: str = "en", **values: object) -> str:
    """The catalogue text for ``key`` in ``language`` (English when it has no translation)."""
    entry = MESSAGES.get(key)
    if entry is None:
        raise KeyError(f"no message {key!r}")
    template = entry.get(language) or entry["en"]
    return template.format(**values)


def _plain(x: float) -> str:
    """The facts layer's number style: 2 decimals (2 significant digits below 1)."""
    if x == 0 or abs(x) < 1e-6:
        return "0"
    ax = abs(x)
    if float(x).is_integer() and ax < 1e15:
        return f"{int(x):,}"
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 1:
        return f"{x:.2f}".rstrip("0").rstrip(".")
    decimals = -math.floor(math.log10(ax)) + 1
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else "0"


def format_number(value: float, unit: str = "number", language: str = "en") -> str:
    """A fact value as the user reads it: ``15.3%``, ``12,345`` / ``1.23萬``, ``3.5億``.

    Percent values are on a 0–100 scale; ratios are shown as percents. Traditional
    Chinese groups large numbers by 萬 (10⁴) and 億 (10⁸), as Taiwanese readers do.
    """
    x = float(value)
    if not math.isfinite(x):
        return str(value)
    if unit == "ratio":
        return f"{_plain(x * 100)}%"
    if unit == "percent":
        return f"{_plain(x)}%"
    if language == "zh-Hant" and abs(x) >= 100_000:
        for scale, word in ((1e8, "億"), (1e4, "萬")):
            if abs(x) >= scale:
                scaled = f"{x / scale:.2f}".rstrip("0").rstrip(".")
                return f"{scaled}{word}"
    return _plain(x)


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(iso: str, language: str = "en") -> str:
    """An ISO date (``2024-03-01``, ``2024-03`` or ``2024``) in the reader's words."""
    parts = iso.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return iso
    if language == "zh-Hant":
        text = f"{year}年"
        if month:
            text += f"{month}月"
            if day:
                text += f"{day}日"
        return text
    if month and 1 <= month <= 12:
        name = _MONTH_NAMES[month - 1]
        return f"{name} {day}, {year}" if day else f"{name} {year}"
    return str(year)


def format_value(value: object, unit: str = "number", language: str = "en") -> str:
    """Any fact value: numbers by :func:`format_number`, dates by :func:`format_date`."""
    if isinstance(value, bool):
        return ("是" if value else "否") if language == "zh-Hant" else str(value).lower()
    if isinstance(value, (int, float)):
        return format_number(float(value), unit, language)
    text = str(value)
    if unit == "date":
        return format_date(text, language)
    return text
