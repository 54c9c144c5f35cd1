"""Find each required heading in a Word record, the text under it, and the record's kind."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit import kinds
from toolkit.check.docx_reader import MAX_HEADING_CHARS, Block, RecordText
from toolkit.check.headings import Candidate, Match, Strength, assign, normalise
from toolkit.check.placeholders import judge_text
from toolkit.check.report import HeadingStatus, Status
from toolkit.errors import DocumentError
from toolkit.kinds.base import PaperKind

#: The title is looked for among the first paragraphs only (later ones are the record's text).
_TITLE_SEARCH = 40
#: A plain title line may add this much to the title ("... - Larkspur House"); longer is prose.
_TITLE_EXTRA = 30
#: An agenda names itself so near the top ("Agenda: Larkspur House"); it has nothing to check.
_AGENDA = re.compile(r"^agenda\b")


@dataclass(frozen=True)
class Found:
    """The headings of one kind found in a record: statuses, and headings that are not the
    framework's."""

    headings: list[HeadingStatus]
    extra: list[str]


def candidates(blocks: Sequence[Block]) -> list[Candidate]:
    """Every short paragraph (and paragraph start) that could be a heading."""
    found: list[Candidate] = []
    for index, block in enumerate(blocks):
        if block.contents or block.level == 0:
            continue
        if len(block.text) <= MAX_HEADING_CHARS:
            found.append(Candidate(index, block.text, block.strength))
        if block.lead:
            strength = Strength.BOLD if block.lead_bold else Strength.PLAIN
            found.append(Candidate(index, block.lead, strength, lead=True))
    return found


def refuse_agenda(record: RecordText, source: str) -> None:
    """Raise DocumentError for an agenda: its items are listed, not minuted, so a check of it
    would report every item addressed."""
    top = [block for block in record.blocks[:5] if not block.in_table]
    if any(_AGENDA.match(normalise(block.text)) for block in top):
        raise DocumentError(f"{source}: is an agenda, not minutes or a record; check the minutes")


def detect_kind(record: RecordText, source: str) -> PaperKind:
    """The kind named by the record's title, else the kind whose headings match best."""
    every = kinds.every()
    for block in record.blocks[:_TITLE_SEARCH]:
        for kind in every:
            if _is_title(block, normalise(kind.title)):
                return kind
    found = candidates(record.blocks)
    scores = [
        (sum(m.score for m in assign(kind.check_targets()[0], found).values()), kind)
        for kind in every
    ]
    best, kind = max(scores, key=lambda scored: scored[0])
    if best == 0:
        raise DocumentError(
            f"{source}: no framework heading found, so the kind of paper is unknown; "
            f"give its kind ({kinds.names_text()})"
        )
    return kind


def _is_title(block: Block, title: str) -> bool:
    """True when ``block`` names the record (``title`` normalised): a heading or bold line that
    holds it, or a short line. Prose near the top that mentions another kind of meeting ("the
    Strategic Provider Concerns Group escalated...") must not decide the kind."""
    text = normalise(block.text)
    if title not in text:
        return False
    return block.strength > Strength.PLAIN or len(text) <= len(title) + _TITLE_EXTRA


def find_sections(record: RecordText, kind: PaperKind) -> Found:
    """The status of each required heading of ``kind`` in ``record``."""
    targets, optional = kind.check_targets()
    blocks = record.blocks
    matches = assign(targets, candidates(blocks))
    starts = {m.candidate.index for m in matches.values()}
    statuses: list[HeadingStatus] = []
    for target in targets:
        match = matches.get(target.key)
        if match is None:
            if target.key not in optional:
                statuses.append(
                    HeadingStatus(target.key, target.title, Status.MISSING, "heading not found")
                )
            continue
        texts = _content(blocks, match, starts)
        if kind.not_content is not None:
            texts = [text for text in texts if not kind.not_content.match(text)]
        verdict = judge_text(texts)
        note = verdict.note
        if normalise(match.candidate.text) != normalise(target.title):
            wording = f'found as "{match.candidate.text}"'
            note = f"{note}; {wording}" if note else wording
        statuses.append(HeadingStatus(target.key, target.title, verdict.status, note))
    extra = [
        b.text
        for i, b in enumerate(blocks)
        if b.level and i not in starts and not b.contents and not b.in_table
    ]
    return Found(statuses, extra)


def _content(blocks: Sequence[Block], match: Match, starts: set[int]) -> list[str]:
    """The text under a heading: up to the next framework heading, or the next heading style at
    the same or a higher level (so sub-headings a person added stay inside the section)."""
    start = match.candidate.index
    block = blocks[start]
    texts = [block.rest] if match.candidate.lead else []
    level = None if match.candidate.lead else block.level
    for index, following in enumerate(blocks[start + 1 :], start + 1):
        if following.contents:
            continue
        if index in starts:
            break
        if following.level is not None and (level is None or following.level <= level):
            break
        texts.append(following.text)
    return texts
