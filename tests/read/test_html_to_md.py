"""The Word conversion's HTML-to-Markdown step, on the HTML mammoth writes."""

from __future__ import annotations

from avitools.read.html_to_md import to_markdown


def test_paragraphs_marks_and_links() -> None:
    converted = to_markdown('<p>A <strong>bold</strong> and <em>italic</em> '
                            '<a href="https://example.org/x">link</a>.</p><p>Second.</p>', {})
    assert converted.markdown == "A **bold** and *italic* [link](<https://example.org/x>).\n\nSecond.\n"


def test_headings_lists_and_quotes() -> None:
    converted = to_markdown("<h1>Trade</h1><ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol>"
                            "<blockquote><p>Quoted.</p></blockquote>", {})
    assert converted.markdown == "## Trade\n\n- One\n- Two\n\n1. First\n\n> Quoted.\n"


def test_markdown_characters_in_text_are_escaped() -> None:
    converted = to_markdown("<p>5 * 3 = 15 and a_b [c]</p>", {})
    assert converted.markdown == "5 \\* 3 = 15 and a\\_b \\[c\\]\n"


def test_a_merged_cell_keeps_the_columns_after_it() -> None:
    converted = to_markdown('<table><tr><td>A</td><td>B</td><td>C</td></tr>'
                            '<tr><td colspan="2">wide</td><td>9</td></tr>'
                            '<tr><td rowspan="2">tall</td><td>1</td><td>2</td></tr>'
                            '<tr><td>3</td><td>4</td></tr></table>', {})
    assert converted.markdown.splitlines() == [
        "| A | B | C |", "|---|---|---|", "| wide |  | 9 |", "| tall | 1 | 2 |", "|  | 3 | 4 |"]
    assert converted.approximations == [
        "a table with merged cells was flattened: each merged cell's text stands in its first column "
        "and row, the cells it covered are empty"]


def test_a_skipped_heading_level_is_repaired_with_a_warning() -> None:
    converted = to_markdown("<h1>Trade</h1><h3>Tariffs</h3><h2>Rules</h2><h3>Origin</h3>", {})
    assert converted.markdown == "## Trade\n\n### Tariffs\n\n### Rules\n\n#### Origin\n"
    assert converted.approximations == [
        "Heading 3 'Tariffs' came after Heading 1: it is set as Heading 2 so that no level is skipped"]


def test_a_first_heading_below_the_top_level_is_repaired() -> None:
    converted = to_markdown("<h2>Trade</h2><h2>Rules</h2>", {})
    assert converted.markdown == "## Trade\n\n## Rules\n"
    assert converted.approximations == [
        "Heading 2 'Trade' came after the title: it is set as Heading 1 so that no level is skipped"]
