"""Text for the report's pages: HTML-escaped, with the characters that hide themselves shown."""

from __future__ import annotations

import re
from html import escape

#: Characters that change how text displays without showing themselves: bidi controls
#: (an id shown as ``...exe.jpg`` while being ``...gpj.exe``), zero-width characters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u00ad]")


def spelled(text: str, form: str = "[{}]") -> str:
    """``text`` with each invisible character written as its code point in ``form`` (``[U+202E]``)."""
    return _INVISIBLE.sub(lambda m: form.format(f"U+{ord(m.group()):04X}"), text)


def visible(text: str) -> str:
    """``text`` HTML-escaped, each invisible character shown, marked, as its code point."""
    return spelled(escape(text), '<span class="invisible">{}</span>')
