"""A CV file -> the text the skill reader sees, with the parts that are not about skills left out.

PDF is read by pypdf and DOCX by python-docx: maintained, pure-Python libraries made for these formats (no
system binaries, no network, no OCR model to ship). TXT and Markdown are decoded as text. Every way a file can
be wrong raises `CVError` with the sentence the user sees; nothing here logs a file's content.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from bot.knowledge.taxonomy import Taxonomy, clean_text, default_taxonomy
from bot.reading.skills import ExtractedProfile, extract_profile
from bot.settings import Settings

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd PDFs are noise to a user

KINDS: dict[str, Literal["pdf", "docx", "text"]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}
ACCEPTED = "PDF, Word (.docx), text (.txt) or Markdown (.md)"
UNPACK_FACTOR = 10  # a DOCX may unpack to 10x the upload limit; a zip bomb unpacks to thousands of times its size
PASTE = "paste the text of your CV into the chat instead"

# Personal details: never read, so never echoed into evidence, answers, logs or exports.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|dev|me)/\S*", re.I)
PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().\-/]{7,}\d")
STREET = re.compile(
    r"\b\d{1,5}[a-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|"
    r"way|court|ct|place|pl|square|sq|terrace|close|crescent|strasse|straße|rue)\b\.?",
    re.I,
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
LABEL = re.compile(
    r"^\W*(?:phone|tel|telephone|mobile|cell|e-?mail|address|home|date of birth|dob|born|birthday|nationality|"
    r"citizenship|marital status|linkedin|github|website|skype|passport|visa status|gender|age)\b\s*[:|-]",
    re.I,
)
PRIVATE_SECTION = re.compile(
    r"^\W*(?:references?|referees?|contact(?: details| information| info| me)?|personal(?: details| information|"
    r" data| info| profile)?|address(?:es)?)\b(?:\s+(?:available|upon|on)\b.*)?\W*$",
    re.I,
)
HEADING = re.compile(
    r"^\W*(?:(?:work|professional|relevant|career|employment)\s+)?(?:experience|history|employment|education|"
    r"skills|technical skills|key skills|core skills|skills summary|competencies|projects|summary|profile|objective|"
    r"about me|certifications?|courses|training|publications|languages|awards|achievements|interests|hobbies|"
    r"volunteering|qualifications|tools|technologies)\W*$",
    re.I,
)


class CVError(ValueError):
    """A file that cannot be read as a CV; the message says why and what to do instead."""


class CV(BaseModel):
    """What was read from a CV file."""

    name: str
    kind: Literal["pdf", "docx", "text"]
    pages: int | None = None
    text: str  # personal details and references removed: this is all the skill reader sees
    left_out: int = 0  # lines left out as personal details or references


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 100 * 1024 else f"{n / 1024:.0f} kB"


def read_cv(path: str | Path, settings: Settings, name: str | None = None) -> CV:
    """Read the CV at `path` (`name`: the file's name as the user knows it, e.g. an upload's original name)."""
    path = Path(path)
    name = name or path.name
    kind = _kind(name)
    try:
        size = path.stat().st_size
    except OSError:
        raise CVError(f"I cannot open {name}: it is not there any more. Upload it again.") from None
    _check_size(name, size, settings)
    return read_cv_bytes(path.read_bytes(), name, settings, kind)


def read_cv_bytes(data: bytes, name: str, settings: Settings, kind: str | None = None) -> CV:
    """Read a CV from its bytes; `name` gives the format by its extension."""
    kind = kind or _kind(name)
    _check_size(name, len(data), settings)
    pages = None
    if kind == "pdf":
        text, pages = _pdf_text(data, name, settings)
    elif kind == "docx":
        text = _docx_text(data, name, settings)
    else:
        text = _plain_text(data, name)
    text = clean_text(text)
    if len(text) > settings.max_cv_chars:
        raise CVError(
            f"{name} has more than {settings.max_cv_chars:,} characters of text, more than I read from one CV. "
            f"Upload a shorter version, or {PASTE}."
        )
    kept, left_out = redact(text)
    if not kept.strip():
        if kind == "pdf" and not text.strip():
            raise CVError(f"{name}: this PDF has no text I can read (is it a scan?); {PASTE}.")
        raise CVError(f"{name} has no text in it that I can read; {PASTE}.")
    return CV(name=name, kind=kind, pages=pages, text=kept, left_out=left_out)


def _kind(name: str) -> Literal["pdf", "docx", "text"]:
    ext = Path(name).suffix.lower()
    if ext in KINDS:
        return KINDS[ext]
    if ext in {".doc", ".rtf", ".odt", ".pages"}:
        raise CVError(f"{name} is a {ext} file; I read {ACCEPTED}. Save it as .docx or PDF and upload that.")
    what = f"a {ext} file" if ext else "a file without an extension"
    raise CVError(f"{name} is {what}; I read {ACCEPTED}.")


def _check_size(name: str, size: int, settings: Settings) -> None:
    if size == 0:
        raise CVError(f"{name} is empty: there is nothing in it to read.")
    if size > settings.max_upload_bytes:
        raise CVError(
            f"{name} is {_size(size)}; the limit is {settings.max_upload_mb:g} MB. Upload a smaller file, or {PASTE}."
        )


def _pdf_text(data: bytes, name: str, settings: Settings) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CVError(f"{name} is not a PDF (it may be another kind of file renamed .pdf); I read {ACCEPTED}.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # only an owner password: readable without one
            raise CVError(
                f"{name} is password-protected. Save a copy without the password and upload that, or {PASTE}."
            )
        parts: list[str] = []
        length = 0
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            length += len(parts[-1])
            if length > settings.max_cv_chars:  # the rest would be refused anyway: don't spend time reading it
                break
        return "\n".join(parts), len(reader.pages)
    except CVError:
        raise
    except DependencyError:
        raise CVError(
            f"{name} is encrypted in a way I cannot open; save a copy without protection, or {PASTE}."
        ) from None
    except Exception as exc:  # a damaged or hostile file: whatever pypdf raises, the user gets one line
        log.info("unreadable PDF upload: %s", type(exc).__name__)
        raise CVError(f"{name} is damaged or not a PDF I can read; {PASTE}.") from None


def _docx_text(data: bytes, name: str, settings: Settings) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CVError(f"{name} is not a Word .docx document (it may be another kind of file renamed .docx).") from None
    # zipfile never inflates a member past its declared size, so the declared sizes bound what reading costs
    if unpacked > UNPACK_FACTOR * settings.max_upload_bytes:
        raise CVError(
            f"{name} would unpack to {_size(unpacked)}, far more than any CV: I did not open it. "
            f"Save it again from your word processor, or {PASTE}."
        )
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        # body paragraphs and tables in order (CV templates lay out with tables); headers and footers, where
        # contact details live, are not read at all
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:  # one line per row ("Maths | Solid linear algebra"): a row is one statement
                    cells: list[str] = []
                    for cell in row.cells:  # a merged cell appears once per grid column it spans
                        text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                        if text and (not cells or cells[-1] != text):
                            cells.append(text)
                    lines.append(" | ".join(cells))
            else:
                lines.append(block.text)
        return "\n".join(lines)
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken file: one line for the user
        log.info("unreadable DOCX upload: %s", type(exc).__name__)
        raise CVError(f"{name} is damaged or not a Word .docx document I can read; {PASTE}.") from None


def _plain_text(data: bytes, name: str) -> str:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CVError(f"{name} is not a text file (it holds binary data); I read {ACCEPTED}.")
    for encoding in ("utf-8-sig", "utf-16") if sample.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    text = data.decode("cp1252", errors="replace")  # an old Windows text file, most likely
    controls = sum(1 for ch in text[:8192] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f"))
    if controls > len(text[:8192]) * 0.01:
        raise CVError(f"{name} is not a text file (it holds binary data); I read {ACCEPTED}.")
    return text


def _private(line: str) -> bool:
    if LABEL.search(line) or EMAIL.search(line) or URL.search(line) or STREET.search(line) or POSTCODE.search(line):
        return True
    return any(sum(c.isdigit() for c in m.group(0)) >= 9 for m in PHONE_LIKE.finditer(line))  # not "2019-2024"


def redact(text: str) -> tuple[str, int]:
    """The text without personal details (contact lines, addresses) and without the sections that are only
    about them (references, contact, personal details); also how many lines were left out."""
    kept: list[str] = []
    left_out = 0
    skipping = False
    for line in text.splitlines():
        bare = line.strip().lstrip("#").strip()
        if PRIVATE_SECTION.match(bare):
            skipping, left_out = True, left_out + 1
            continue
        if skipping and (HEADING.match(bare) or line.lstrip().startswith("#")):
            skipping = False
        if skipping or (bare and _private(bare)):
            left_out += bool(bare)
            continue
        kept.append(line)
    return "\n".join(kept).strip(), left_out


def _scrub(text: str) -> str:
    """A last guard on a phrase shown back to the user: no e-mail, link or phone number."""
    for pattern in (EMAIL, URL):
        text = pattern.sub("…", text)
    return PHONE_LIKE.sub(lambda m: "…" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text)


def _line_of(phrase: str, lines: list[str]) -> str:
    """The CV line a phrase was read from, without list markers (the phrase itself for a very long line)."""
    for line in lines:
        if phrase in line:
            shown = line.strip().lstrip("#*-•·▪◦> ").strip()
            return shown if len(shown) <= 200 else phrase
    return phrase


def profile_from_cv(cv: CV, tax: Taxonomy | None = None) -> ExtractedProfile:
    """The skill profile read from a CV, each level with the CV line it was read from."""
    tax = tax or default_taxonomy()
    extracted = extract_profile(cv.text, tax)
    lines = cv.text.splitlines()
    evidence = [e.model_copy(update={"phrase": _scrub(_line_of(e.phrase, lines))}) for e in extracted.evidence]
    return ExtractedProfile(profile=extracted.profile, evidence=evidence)


def summary(cv: CV, extracted: ExtractedProfile) -> str:
    """One line on what was read, for the chat and the CLI (no content of the CV in it)."""
    pages = f", {cv.pages} page{'s' * (cv.pages != 1)}" if cv.pages else ""
    found = len(extracted.evidence)
    skills = f"{found} skill{'s' * (found != 1)}" if found else "no skills I recognise"
    left = f"; I left out {cv.left_out} line{'s' * (cv.left_out != 1)} of contact details and references" * bool(
        cv.left_out
    )
    return f"I read {cv.name} ({cv.kind.upper()}{pages}): {skills}{left}."
