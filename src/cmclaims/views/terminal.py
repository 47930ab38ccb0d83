"""Text from the data made safe to print on a terminal.

A title, claim or SQL cell comes from an article or a contribution; printed
raw, an ESC (``\\x1b``) starts an escape sequence that can recolour, move the
cursor, retitle the window or hide text, and bidirectional overrides
reorder what the reader sees. :func:`safe` writes every such character as a
visible escape (``\\x1b``, ``\\u202e``). rich's ``escape_control_codes`` was
considered and not used: it leaves ESC itself untouched. Standard library only.
"""

from __future__ import annotations

_KEPT = {"\n", "\t"}
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _escaped(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _table() -> dict[int, str]:
    """Control characters (C0, DEL, C1; not newline and tab), bidirectional controls and lone surrogates (the
    bytes of a file name that is not UTF-8, as ``os.fsdecode`` keeps them), to their escapes."""
    controls = [*range(0x20), *range(0x7F, 0xA0)]  # Unicode category Cc
    surrogates = range(0xD800, 0xE000)  # unprintable: writing one to a terminal raises UnicodeEncodeError
    return {code: _escaped(code) for code in [*controls, *sorted(_BIDI), *surrogates] if chr(code) not in _KEPT}


_ESCAPES = _table()


def safe(text: str, keep_newlines: bool = True) -> str:
    """``text`` with every control character shown as an escape; newlines and tabs kept unless told."""
    escaped = text.replace("\r\n", "\n").translate(_ESCAPES)  # CRLF articles print as plain lines
    return escaped if keep_newlines else escaped.replace("\n", "\\n").replace("\t", "\\t")

