"""What a chapter's text holds before it is parsed: two mistakes fixed where they stand.

Run on ``source-read``, so the parser never sees them:

- Control characters (a NUL byte or a bell from a bad copy-paste) print as
  nothing or as a replacement box. Each line that has any gets one warning;
  the characters are removed.
- A fence MyST does not take for a directive (``:::{note`` without its
  closing brace, ``:::note``) loses the directive without a word: the box
  becomes plain text, or a code block. Each is an ``ivp.raw-markup`` warning.
- A directive option value that MyST's option reader cannot read (a Dutch
  place name that starts with an apostrophe, ``'s-Hertogenbosch``; a tab; a
  ``|`` or ``>`` at the start) makes MyST drop *all* options of the directive,
  with a message about YAML and a second one about the option now missing.
  A ``#`` after a space silently cuts the value short. Such a value is read
  as the author typed it (written in double quotes for the reader), with one
  warning that shows the quoted form to write instead.
"""

from __future__ import annotations

import json
import re

from myst_parser.parsers.options import TokenizeError, options_to_items
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .warnings import PlanWarning, warn

_ = get_translation("jointplan")

# C0 controls except tab and line feed (CR is gone once Python has read the
# file), DEL, and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"\{[A-Za-z][\w:.+-]*\}(\s.*)?")
OPTION = re.compile(r"^(?P<indent>\s*):(?P<key>[A-Za-z][\w-]*):(?P<value>[ \t].*)?$")


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: remove control characters, quote unreadable option values."""
    text = remove_control_characters(docname, source[0])
    source[0] = check_fences(docname, text)


def remove_control_characters(docname: str, text: str) -> str:
    if not CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        found = CONTROL.findall(line)
        if found:
            names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
            warn(PlanWarning.CONTROL_CHARACTER,
                 _("this line holds {count} invisible control character(s) ({names}), "
                   "probably from copying text; they were removed. Delete them in your "
                   "editor, or type the text again.").format(count=len(found), names=names),
                 (docname, number))
            lines[number - 1] = CONTROL.sub("", line)
    return "\n".join(lines)


def check_fences(docname: str, text: str) -> str:
    """Warn for fences that are no directive; quote unreadable option values."""
    lines = text.split("\n")
    open_fences: list[tuple[str, int, bool]] = []  # (character, length, is a directive)
    in_options = False
    for index, line in enumerate(lines):
        fence = FENCE.match(line)
        info = fence["info"].strip() if fence else ""
        top = open_fences[-1] if open_fences else None
        if top is not None and not top[2]:
            # Inside a code block: shown as typed, never changed; only its end counts.
            if fence and fence["fence"][0] == top[0] and len(fence["fence"]) >= top[1] \
                    and not info:
                open_fences.pop()
            continue
        if fence and not info and top is not None and fence["fence"][0] == top[0] \
                and len(fence["fence"]) >= top[1]:
            open_fences.pop()  # the end of a directive
            in_options = False
            continue
        if fence and info and (info.startswith("{") or fence["fence"][0] == ":") and \
                not DIRECTIVE_INFO.fullmatch(info):
            warn(PlanWarning.RAW_MARKUP,
                 _("'{fence}' is not understood as a directive, so what it holds is shown "
                   "as plain text or code; write the name between braces right after the "
                   "fence, such as :::{{note}}, and close it with the same number of colons "
                   "or backticks.").format(fence=line.strip()), (docname, index + 1))
        if fence and (info.startswith("{") or fence["fence"][0] != ":"):
            is_directive = bool(DIRECTIVE_INFO.fullmatch(info))
            open_fences.append((fence["fence"][0], len(fence["fence"]), is_directive))
            in_options = is_directive  # a directive's options follow its first line
            continue
        option = OPTION.match(line) if in_options else None
        if option is None:
            in_options = False
            continue
        lines[index] = readable_option(docname, index + 1, option) or line
    return "\n".join(lines)


def readable_option(docname: str, number: int, option: re.Match) -> str | None:
    """The option line rewritten so MyST reads what was typed, or None if it does."""
    key, raw = option["key"], option["value"] or ""
    value = raw.strip()
    if not value:
        return None
    try:
        items, state = options_to_items(f"{key}: {value}")
        if items == [(key, value)] or (value.startswith(('"', "'")) and len(items) == 1 \
                and not state.has_comments):
            return None  # read as typed (or quoted by the author)
        problem = _("would be read as '{value}'").format(value=items[0][1]) if items \
            else _("cannot be read")
    except TokenizeError:
        problem = _("cannot be read")
    quoted = json.dumps(value, ensure_ascii=False)
    try:
        if options_to_items(f"{key}: {quoted}")[0] != [(key, value)]:
            return None
    except TokenizeError:  # pragma: no cover - json's quoting is always readable
        return None
    warn(PlanWarning.OPTION_VALUE,
         _(":{key}: {value} {problem} (a value that starts with a quote, | or >, or holds "
           "a tab or ' #', must be quoted); it is read as typed. Write it in double "
           "quotes: :{key}: {quoted}").format(key=key, value=value, problem=problem,
                                               quoted=quoted), (docname, number))
    return f"{option['indent']}:{key}: {quoted}"
