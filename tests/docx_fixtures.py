"""Word fixtures made with python-docx in the tests (no binary fixture is copied from elsewhere)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from PIL import Image

W_NS = nsdecls("w")
_NOTE = ('<w:footnote {ns} w:id="{id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
         '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
         '<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


class Notes:
    """A footnotes part for a python-docx document."""

    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self.notes: list[str] = []

    def cite(self, paragraph: Paragraph, text: str) -> None:
        """Add a footnote call at the end of `paragraph`, with the note's `text`."""
        self.notes.append(text)
        run = paragraph.add_run()
        reference = parse_xml(f'<w:footnoteReference {W_NS} w:id="{len(self.notes)}"/>')
        run._r.append(reference)

    def attach(self) -> None:
        """Write the footnotes part into the package."""
        separators = (f'<w:footnote {W_NS} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                      f'</w:r></w:p></w:footnote><w:footnote {W_NS} w:type="continuationSeparator" '
                      'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
        body = "".join(_NOTE.format(ns=W_NS, id=i + 1, text=t) for i, t in enumerate(self.notes))
        xml = f'<w:footnotes {W_NS}>{separators}{body}</w:footnotes>'.encode()
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml, self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


def hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """Append a hyperlink run to a paragraph."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
        f'</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'))


def tracked(paragraph: Paragraph, inserted: str, deleted: str) -> None:
    """Append a tracked insertion and a tracked deletion."""
    paragraph._p.append(parse_xml(
        f'<w:ins {W_NS} w:id="901" w:author="Editor" w:date="2024-05-01T00:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {W_NS} w:id="902" w:author="Editor" w:date="2024-05-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))


def picture(document: docx.document.Document, alt: str) -> None:
    """A small chart as an inline picture with alt text, in its own paragraph."""
    image = Image.new("RGB", (300, 120), (29, 58, 95))
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    stream.seek(0)
    document.add_picture(stream, width=docx.shared.Cm(8))
    document.inline_shapes[-1]._inline.docPr.set("descr", alt)


RICH_PARAGRAPHS = [
    "Cambodia and its neighbours face a decade of choices.",
    "The first choice concerns trade, where rules matter more than size.",
    "The second concerns water, shared by six countries along the Mekong.",
    "A final word on institutions, which outlast governments.",
]


def rich_docx(path: Path, with_sidecar: bool = True) -> Path:
    """Headings, emphasis, lists, a table, footnotes, an image, a hyperlink, changes and a comment."""
    document = docx.Document()
    document.core_properties.title = "Choices for a Small State"
    document.core_properties.author = "Sok Dara"
    document.add_paragraph("Choices for a Small State", style="Title")
    notes = Notes(document)
    first = document.add_paragraph(RICH_PARAGRAPHS[0] + " ")
    first.add_run("Strategic autonomy").bold = True
    first.add_run(" is ")
    first.add_run("not").italic = True
    first.add_run(" isolation.")
    notes.cite(first, "See the Institute's 2023 annual report.")
    document.add_heading("Trade and Rules", level=1)
    second = document.add_paragraph(RICH_PARAGRAPHS[1])
    notes.cite(second, "World Trade Organization figures for 2023.")
    for item in ("Tariffs fall under the RCEP schedule.", "Rules of origin are simplified."):
        document.add_paragraph(item, style="List Bullet")
    for item in ("Negotiate services.", "Digitise customs."):
        document.add_paragraph(item, style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in enumerate((("Partner", "Share of exports"), ("United States", "38%"),
                                  ("European Union", "19%"))):
        table.cell(row, 0).text, table.cell(row, 1).text = a, b
    document.add_heading("Water and Neighbours", level=1)
    third = document.add_paragraph(RICH_PARAGRAPHS[2] + " The Commission's data are at ")
    hyperlink(third, "the MRC portal", "https://portal.mrcmekong.org/")
    third.add_run(".")
    picture(document, "Bar chart of Mekong flows at Kratie, 2019 to 2023")
    fourth = document.add_paragraph(RICH_PARAGRAPHS[3] + " ")
    tracked(fourth, "Reform takes time.", "This sentence was cut.")
    comment_run = fourth.add_run(" Institutions matter.")
    document.add_comment(comment_run, text="Check this claim", author="Editor", initials="ED")
    notes.attach()
    document.save(str(path))
    if with_sidecar:
        path.with_suffix(".yaml").write_text(
            "date: 2024-06-12\ncountry: Cambodia\nissue: 6\nauthors:\n  - name: SOK Dara\n"
            "    bio: \"Sok Dara is a research fellow at the Asian Vision Institute.\"\n", encoding="utf-8")
    return path


def seed_docx(markdown: Path, path: Path) -> Path:
    """The seed article typed into Word: Heading 1 for its sections, metadata in the sidecar."""
    import yaml

    text = markdown.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    document = docx.Document()
    document.add_paragraph(meta.pop("title"), style="Title")
    for block in body.strip().split("\n\n"):
        if block.startswith("## "):
            document.add_heading(block[3:], level=1)
        else:
            document.add_paragraph(block.replace("\n", " "))
    document.save(str(path))
    meta["date"] = str(meta["date"])
    path.with_suffix(".yaml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                                         encoding="utf-8")
    return path

