"""Split a pasted news page into headline, publisher, stamp, captions, body and furniture.

Copying an article from a news site brings the page around it: the headline, the paper's name,
a photo caption, the time stamp, and below the story lists of other headlines ("Top Articles in
Politics", "JN ACCESS RANKING"). Facts must come only from the story and its captions, so the
furniture is cut here, before any sentence is read. The marker lists are data files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from allywatch.ingest.published import data_lines, find_dateline, parse_timestamp

HEAD_LINES = 8  # headline block: how many lines after the headline may be stamp/caption/publisher
MAX_HEADLINE_WORDS = 30
MAX_CAPTION_WORDS = 60
MAX_BARE_CAPTION_WORDS = 25
_BULLETS = {"-", "–", "—", "•"}
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)]*$")
_CAPTION_CUES = re.compile(
    r",\s(?:left|right|center|centre|front|second from (?:left|right))\b|\((?:AP|AFP|Reuters|"
    r"Kyodo|Yonhap|Xinhua|EPA|Getty|File)\b|\bphoto\b|\bpictured\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\(?(?:photo|photo by|photograph|image|credit|courtesy|file photo|source)\b[^\n]{0,80}$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,4}(?:,? (?:and|&) .{1,40})?$")


@dataclass(frozen=True)
class Page:
    """The parts of a plain-text page; `paragraphs` is the story body, furniture cut."""

    title: str | None
    source: str | None
    published: str | None
    captions: tuple[str, ...]
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Captions first (they carry facts too), then the body, one blank line apart."""
        return "\n\n".join(self.captions + self.paragraphs)


def normalise_layout(text: str) -> str:
    """Line ends to LF, no trailing spaces, at most one blank line; characters otherwise kept
    exactly, because fact spans index into the result."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def split_page(text: str) -> Page:
    """Read a pasted page: headline block, then body paragraphs up to the furniture."""
    lines = cut_furniture(normalise_layout(text).split("\n"))
    page = _read_head(lines)
    if page.paragraphs:
        return page
    return Page(None, None, None, (), _paragraphs(lines))  # one block: no headline to take


def cut_furniture(lines: list[str], has_headline: bool = True) -> list[str]:
    """Drop ad lines anywhere, and everything from the first end-of-page marker on.

    The first non-blank line of a pasted page (the headline) is never a marker, so a story
    titled "Trending" survives.
    """
    kept = [line for line in lines if not _is_dropped_line(line.strip())]
    first = next((i for i, line in enumerate(kept) if line.strip()), 0)
    start = first if has_headline else -1
    for index in range(start + 1, len(kept)):
        if _is_end_marker(kept[index].strip()):
            return kept[:index]
    return kept


@cache
def _end_markers() -> frozenset[str]:
    return frozenset(marker.lower().rstrip(":") for marker in data_lines("furniture.txt"))


@cache
def _line_markers() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole lines, prefixes) of single lines to drop."""
    entries = [entry.lower() for entry in data_lines("furniture-lines.txt")]
    prefixes = tuple(entry[:-1] for entry in entries if entry.endswith("*"))
    return frozenset(e for e in entries if not e.endswith("*")), prefixes


def _is_end_marker(line: str) -> bool:
    return line in _BULLETS or line.lower().rstrip(":").strip() in _end_markers()


def _is_dropped_line(line: str) -> bool:
    whole, prefixes = _line_markers()
    lowered = line.lower()
    return lowered in whole or lowered.startswith(prefixes)


def _read_head(lines: list[str]) -> Page:
    """Take headline, publisher, stamp and captions from the top; the rest is the body."""
    indexed = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not indexed or not _is_headline(indexed[0][1]):
        return Page(None, None, None, (), ())
    head = _HeadReader(indexed[0][1])
    body_from = head.read(indexed[1 : 1 + HEAD_LINES])
    body_start = indexed[body_from + 1][0] if body_from + 1 < len(indexed) else len(lines)
    return head.page(_paragraphs(lines[body_start:]))


def _is_headline(line: str) -> bool:
    """A short line that is not a sentence and not the start of a datelined story."""
    short = len(line.split()) <= MAX_HEADLINE_WORDS
    return short and not line.endswith(".") and find_dateline(line) is None


class _HeadReader:
    """Walks the lines under the headline, sorting each into publisher, stamp, caption."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.source: str | None = None
        self.published: str | None = None
        self.captions: list[str] = []

    def read(self, lines: list[tuple[int, str]]) -> int:
        """Consume head lines; return how many of `lines` belong to the head."""
        for count, (_, line) in enumerate(lines):
            if not self._take(line, count, [text for _, text in lines[count + 1 :]]):
                return count
        return len(lines)

    def _take(self, line: str, position: int, after: list[str]) -> bool:
        """Sort one line into the head, or say False: the body starts here."""
        stamp = parse_timestamp(line)
        if stamp and self.published is None:
            self.published = stamp
        elif self.source is None and is_publisher(line, right_after_title=position == 0):
            self.source = line
        elif self.published is not None and not stamp:
            return False  # the stamp closes the head: what follows is the story
        elif not (stamp or _is_credit(line) or _BYLINE.match(line)):
            return self._take_caption(line, _stamp_ahead(after))
        return True

    def _take_caption(self, line: str, stamp_ahead: bool) -> bool:
        if not _is_caption(line, stamp_ahead):
            return False
        self.captions.append(line)
        return True

    def page(self, paragraphs: tuple[str, ...]) -> Page:
        return Page(self.title, self.source, self.published, tuple(self.captions), paragraphs)


def _stamp_ahead(lines: list[str]) -> bool:
    """A stamp line follows within the head, with only short lines before it."""
    for line in lines:
        if parse_timestamp(line):
            return True
        if len(line.split()) > MAX_CAPTION_WORDS or find_dateline(line):
            return False
    return False


def _is_caption(line: str, stamp_ahead: bool) -> bool:
    """Between headline and stamp any short line is a caption; with no stamp to close the
    head only a line that is not a sentence, or that reads like one ("..., left, ..."), is."""
    words = len(line.split())
    if find_dateline(line) or words > MAX_CAPTION_WORDS:
        return False
    if stamp_ahead:
        return True
    bare = words <= MAX_BARE_CAPTION_WORDS
    return bare and (not _SENTENCE_END.search(line) or bool(_CAPTION_CUES.search(line)))


def _is_credit(line: str) -> bool:
    return bool(_CREDIT.match(line))


def is_publisher(line: str, right_after_title: bool = True) -> bool:
    """A known publisher, or (just under the headline) a short name like "The Korea Herald"."""
    if line.lower() in _publishers():
        return True
    words = line.split()
    if not right_after_title or len(words) > 6 or _SENTENCE_END.search(line):
        return False
    named = any(word.lower() in _publisher_words() for word in words)
    return named and all(word[0].isupper() or word in {"of", "the", "and"} for word in words)


@cache
def _publishers() -> frozenset[str]:
    return frozenset(name.lower() for name in data_lines("publishers.txt"))


@cache
def _publisher_words() -> frozenset[str]:
    return frozenset(word.lower() for word in data_lines("publisher-words.txt"))


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Blank-line blocks are paragraphs; with no blank lines at all, each line is one."""
    text = "\n".join(lines).strip("\n")
    if not text:
        return ()
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return tuple(block.strip() for block in blocks if block.strip())


def figure_captions(tree: Any) -> tuple[str, ...]:
    """The `<figcaption>` texts of an HTML page, whitespace collapsed, each once.

    trafilatura drops figures, but a caption states who met whom and where, so it is kept.
    """
    captions: list[str] = []
    for element in tree.iter("figcaption"):
        caption = " ".join(element.text_content().split())
        if caption and caption not in captions:
            captions.append(caption)
    return tuple(captions)
