"""CVs as a user hands them over: PDF, DOCX, TXT, Markdown, and the bad files people really send, each
through the web app's upload handler and the CLI. The tests make every file they use."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

DATA = Path(__file__).parent / "data"
PRIVATE = ["jane.doe@example.com", "7946", "Baker Street", "NW1 6XE", "John Smith", "acme.example", "janedoe"]
CV_LINES = [
    "Jane Doe",
    "Data Analyst",
    "jane.doe@example.com | +44 20 7946 0958 | 221B Baker Street, London NW1 6XE",
    "linkedin.com/in/janedoe",
    "",
    "Summary",
    "I am a data analyst with 4 years of experience turning sales data into decisions.",
    "",
    "Experience",
    "Data Analyst, Acme Retail, 2020-2024",
    "- Solid SQL every day: queries and reports on sales data",
    "- Built Tableau dashboards for the sales team",
    "- Some Python for data cleaning with pandas",
    "- Strong statistics for A/B tests and forecasts",
    "- Excel reporting for the finance team",
    "",
    "Education",
    "BA Economics, University of Leeds, 2016-2019",
    "",
    "References",
    "Dr. John Smith, Head of Analytics at Acme Retail, SQL expert",
    "john.smith@acme.example, 020 7946 0000",
]


# -- files the tests make ----------------------------------------------------------------------------


def make_pdf(path: Path, lines: list[str] = CV_LINES) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    """A Word CV laid out as CV templates do: contact details in the page header, skills in a table."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Sam Lee | sam.lee@example.org | +1 415 555 0134"
    document.add_heading("Sam Lee", level=1)
    document.add_heading("Experience", level=2)
    document.add_paragraph("Machine learning engineer, Foo Labs, 2019-2024")
    document.add_paragraph("Deploy deep learning models with TensorFlow and Docker")
    document.add_paragraph("Strong software engineering in Python and Java")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Skills", "Expert machine learning"
    table.cell(1, 0).text, table.cell(1, 1).text = "Maths", "Solid linear algebra and probability"
    document.add_heading("Address", level=2)
    document.add_paragraph("12 Market Street, San Francisco, CA 94103")
    document.save(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A scan: one picture of a page, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(picture).text((20, 20), "Solid SQL and Python", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_suffix(".plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    writer.write(path)
    plain.unlink()
    return path


def make_zip_bomb_docx(path: Path, unpacked_mb: int = 60) -> Path:
    """A real DOCX plus one member that inflates to `unpacked_mb` MB from a few tens of kB."""
    make_docx(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.xml", b"<a/>" * (unpacked_mb * 1024 * 256))
    return path


def make_xml_bomb_docx(path: Path) -> Path:
    """A DOCX whose text holds a "billion laughs" entity (10^9 'lol's once expanded)."""
    make_docx(path)
    entities = '<!ENTITY a "lol lol lol lol lol lol lol lol lol lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
    )
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "word/document.xml":
                head, body = data.decode().split("?>", 1)
                body = body.replace("Strong software engineering", "Strong software engineering &i;", 1)
                data = f"{head}?><!DOCTYPE w:document [{entities}]>{body}".encode()
            out.writestr(info, data)
    return path


@pytest.fixture(scope="session")
def sample_cvs() -> dict[str, Path]:
    """The CVs kept in tests/data (made here when missing, so the README's commands have files to read)."""
    DATA.mkdir(exist_ok=True)
    files = {"pdf": DATA / "cv-data-analyst.pdf", "docx": DATA / "cv-ml-engineer.docx"}
    if not files["pdf"].exists():
        make_pdf(files["pdf"])
    if not files["docx"].exists():
        make_docx(files["docx"])
    return files


def bad_files(folder: Path) -> list[tuple[str, Path, str]]:
    """(case, file, what the user is told) for every bad file the issue lists, and a few more."""
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, data: bytes) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    docx_bytes = make_docx(folder / "real.docx").read_bytes()
    return [
        ("encrypted PDF", make_encrypted_pdf(folder / "locked.pdf"), "locked.pdf is password-protected"),
        ("scanned PDF", make_scanned_pdf(folder / "scan.pdf"), "this PDF has no text I can read (is it a scan?)"),
        ("empty file", write("empty.pdf", b""), "empty.pdf is empty"),
        ("empty text", write("blank.txt", b"  \n\n  "), "blank.txt has no text in it that I can read"),
        ("over the limit", write("huge.txt", b"I know SQL. " * 500_000), "huge.txt is 5.7 MB; the limit is 5 MB"),
        (
            "zip bomb",
            make_zip_bomb_docx(folder / "bomb.docx"),
            "bomb.docx would unpack to 60.8 MB, far more",
        ),
        ("XML bomb", make_xml_bomb_docx(folder / "laughs.docx"), "laughs.docx is damaged or not a Word .docx"),
        ("wrong extension", write("photo.png", png), "photo.png is a .png file; I read PDF, Word (.docx)"),
        ("old Word", write("cv.doc", b"\xd0\xcf\x11\xe0" + bytes(100)), "Save it as .docx or PDF"),
        ("no extension", write("cv", b"I know SQL"), "cv is a file without an extension"),
        ("binary renamed .txt", write("program.txt", png), "program.txt is not a text file (it holds binary data)"),
        ("DOCX renamed .pdf", write("word.pdf", docx_bytes), "word.pdf is not a PDF"),
        ("text renamed .docx", write("notes.docx", b"I know SQL"), "notes.docx is not a Word .docx document"),
        ("broken PDF", write("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4), "broken.pdf is damaged"),
    ]


@pytest.fixture(scope="module")
def ctx(settings, tax):
    from bot.web.panels import Context

    return Context(settings, None, tax)  # uploads never reach the chat model


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- good files --------------------------------------------------------------------------------------


def test_cli_match_reads_a_pdf_cv_with_evidence_and_ranking(sample_cvs):
    result = run("match", "--file", str(sample_cvs["pdf"]), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["ranking"]) == 6 and "data_analyst" in [r["role_id"] for r in data["ranking"][:2]]
    sql = data["profile"]["domain_specific_languages"]
    assert sql["level"] >= 2 and sql["evidence"]["phrase"] == "Solid SQL every day: queries and reports on sales data"
    assert data["profile"]["data_science"]["evidence"]["phrase"] == "Strong statistics for A/B tests and forecasts"
    assert "I read cv-data-analyst.pdf (PDF, 1 page)" in result.stderr
    assert not [p for p in PRIVATE if p in result.stdout], "personal details reached the output"


def test_docx_tables_are_read_and_headers_and_addresses_are_not(sample_cvs, settings):
    from bot.reading.cv import profile_from_cv, read_cv

    cv = read_cv(sample_cvs["docx"], settings)
    extracted = profile_from_cv(cv)
    phrases = {e.skill: e.phrase for e in extracted.evidence}
    assert phrases["machine_learning"] == "Skills | Expert machine learning"
    assert extracted.profile.level("machine_learning") == 4
    assert phrases["mathematics"] == "Maths | Solid linear algebra and probability"
    assert "sam.lee" not in cv.text and "555" not in cv.text and "Market Street" not in cv.text
    assert cv.left_out == 2  # the Address heading and its line


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.md", b"# Jane\n\n## Skills\n\n- **Solid SQL** and Tableau\n- Some Python\n"),
        ("cv.txt", "Solid SQL and Tableau, some Python\n".encode("utf-16")),
        ("cv.txt", "Solid SQL and Tableau, some Python – café\n".encode("cp1252")),
    ],
    ids=["markdown", "utf-16 text", "windows text"],
)
def test_text_and_markdown_cvs(name, data, tmp_path, settings):
    from bot.reading.cv import profile_from_cv, read_cv

    path = tmp_path / name
    path.write_bytes(data)
    extracted = profile_from_cv(read_cv(path, settings))
    assert extracted.profile.level("domain_specific_languages") >= 2
    assert extracted.profile.level("algorithmic_coding") >= 1


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path, settings):
    from bot.reading.cv import read_cv

    cv = read_cv(make_encrypted_pdf(tmp_path / "restricted.pdf", user_password=""), settings)
    assert "Solid SQL every day" in cv.text


def test_personal_details_never_reach_state_exports_or_logs(sample_cvs, ctx, tmp_path, caplog):
    from bot.web.events import upload_cv
    from bot.web.panels import FilesPanel
    from bot.web.state import ProfileFile

    upload = shutil.copy(sample_cvs["pdf"], tmp_path / "jane.pdf")
    with caplog.at_level("DEBUG"):
        state, message = upload_cv(str(upload), None, ctx)
    assert re.search(r"I read jane.pdf \(PDF, 1 page\): \d+ skills; I left out 5 lines of contact details", message)
    stored = json.dumps(state.dump())
    exported = ProfileFile.of(state).model_dump_json()
    exports = FilesPanel(*[None] * 7).render(state, ctx)  # the Markdown and JSON downloads
    files = "".join(Path(p).read_text() for p in exports.values())
    for text in (stored, exported, files, caplog.text):
        assert not [p for p in PRIVATE if p in text], "personal details leaked"
    assert "Solid SQL every day" in files
    assert not upload.exists(), "the upload is deleted once read"


# -- bad files: one clear sentence in the web app and the CLI, never a traceback -----------------------


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return {case: (path, said) for case, path, said in bad_files(tmp_path_factory.mktemp("bad"))}


CASES = [
    "encrypted PDF",
    "scanned PDF",
    "empty file",
    "empty text",
    "over the limit",
    "zip bomb",
    "XML bomb",
    "wrong extension",
    "old Word",
    "no extension",
    "binary renamed .txt",
    "DOCX renamed .pdf",
    "text renamed .docx",
    "broken PDF",
]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_gets_its_message_in_the_web_app(case, bad, ctx, tmp_path, caplog):
    from bot.web.events import upload_cv
    from bot.web.state import UserState

    path, said = bad[case]
    before = UserState(levels={"machine_learning": 3})
    with caplog.at_level("INFO"):
        state, message = upload_cv(str(shutil.copy(path, tmp_path / path.name)), before.dump(), ctx)
    assert message.startswith("⚠️ ") and said in message
    assert state.levels == {"machine_learning": 3}, "a bad file leaves the profile as it was"
    assert "Traceback" not in caplog.text and path.name not in caplog.text


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_gets_its_message_in_the_cli(case, bad):
    path, said = bad[case]
    result = run("match", "--file", str(path), "--json")
    assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output


def test_the_size_limit_is_a_setting(tmp_path, settings):
    from bot.reading.cv import CVError, read_cv

    path = tmp_path / "cv.txt"
    path.write_bytes(b"I know SQL. " * 20_000)  # 240 kB
    with pytest.raises(CVError, match="cv.txt is 0.2 MB; the limit is 0.1 MB"):
        read_cv(path, settings.model_copy(update={"max_upload_mb": 0.1}))


def test_a_zip_bomb_is_not_opened(tmp_path, settings, monkeypatch):
    import docx

    from bot.reading.cv import CVError, read_cv

    bomb, opened = make_zip_bomb_docx(tmp_path / "bomb.docx"), []
    monkeypatch.setattr(docx, "Document", lambda *a: opened.append(a))
    with pytest.raises(CVError, match="would unpack to"):
        read_cv(bomb, settings)
    assert not opened


def test_cli_file_for_plan_and_ask(sample_cvs, index):
    result = run("plan", "--role", "MLE", "--file", str(sample_cvs["pdf"]))
    assert result.exit_code == 0 and "Learning plan for machine learning engineer" in result.stdout
    result = run("ask", "--file", str(sample_cvs["pdf"]), "--backend", "grounded", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["intent"] == "role_fit" and "data analyst" in answer["answer"].lower()
    assert not [p for p in PRIVATE if p in result.stdout]
    result = run("match", "--file", str(sample_cvs["pdf"]), "--skill", "ml=4", "--json")
    assert json.loads(result.stdout)["profile"]["machine_learning"]["level"] == 4  # --skill beats the CV


def test_cli_file_that_does_not_exist():
    result = run("match", "--file", "no-such-cv.pdf")
    assert result.exit_code == 2 and "does not exist" in result.output


# -- the profile file and the browser state ------------------------------------------------------------


def test_profile_file_round_trip_and_bad_profiles(ctx, tmp_path):
    from bot.web.events import upload_profile
    from bot.web.state import ProfileFile, UserState

    mine = UserState(levels={"machine_learning": 3, "mathematics": 2}, target="data_scientist")
    path = tmp_path / "career-mentor-profile.json"
    path.write_text(ProfileFile.of(mine).model_dump_json())
    state, message = upload_profile(str(path), None, ctx)
    assert message == "Loaded your profile from career-mentor-profile.json: 2 skills, target role data_scientist."
    assert state.levels == mine.levels and state.target == "data_scientist"
    for content, said in [
        ("not json", "Invalid JSON"),
        ('{"format": "career-mentor-profile", "levels": {"machine_learning": 7}}', "levels run from 0 to 4"),
        ('{"levels": {"cooking": 2}}', "unknown skill 'cooking'"),
        ('{"target_role": "astronaut"}', "unknown role 'astronaut'"),
        ('{"format": "something else"}', "format: Input should be 'career-mentor-profile'"),
    ]:
        path.write_text(content)
        state, message = upload_profile(str(path), mine.dump(), ctx)
        assert message.startswith("⚠️ career-mentor-profile.json is not a Career Mentor profile I can load")
        assert said in message and state.levels == mine.levels


def test_state_survives_a_round_trip_and_tolerates_old_or_odd_data(tax):
    from bot.reading.skills import Evidence
    from bot.web.state import UserState

    state = UserState(
        levels={"machine_learning": 3}, target="data_scientist", pair=("software_engineer", "data_analyst")
    )
    state.evidence = [Evidence(skill="machine_learning", level=3, phrase="ML daily", source="skill")]
    state.say("user", "hi")
    again = UserState.load(json.loads(json.dumps(state.dump())), tax)
    assert again == state
    assert UserState.load({"levels": {"machine_learning": "lots"}}, tax).levels == {}  # tampered: afresh
    odd = UserState.load({"levels": {"cooking": 2, "machine_learning": 9}, "target": "astronaut", "new": 1}, tax)
    assert odd.levels == {"machine_learning": 4} and odd.target == "machine_learning_engineer"
    sneaky = UserState.load({"session_id": "../../etc", "levels": {"machine_learning": 3}}, tax)
    assert sneaky.session_id != "../../etc" and sneaky.levels == {}  # not a folder name we made: afresh


def test_browser_secret_outlives_a_restart(settings, tmp_path):
    from pydantic import SecretStr

    from bot.web.state import browser_secret

    local = settings.model_copy(update={"data_dir": tmp_path})
    assert browser_secret(local) == browser_secret(local) and len(browser_secret(local)) >= 24
    assert (tmp_path / "browser-secret").stat().st_mode & 0o077 == 0
    shared = local.model_copy(update={"browser_secret": SecretStr("shared-by-replicas")})
    assert browser_secret(shared) == "shared-by-replicas"
