"""The rule that pushes a paragraph to the next page, addressed by its place in the document."""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

from avitools.render.footnotes import push_rule


def test_push_rule_addresses_the_element_by_its_position() -> None:
    root = fromstring("<html><head/><body><main><p>a</p><p>b</p><ul><li>c</li></ul></main></body></html>")
    item = root.find(".//li")
    assert item is not None
    assert push_rule(root, item) == (":root > *:nth-child(2) > *:nth-child(1) > *:nth-child(3) > "
                                     "*:nth-child(1) { break-before: page; }")


def test_the_root_itself_cannot_be_pushed() -> None:
    root = fromstring("<html><body/></html>")
    assert push_rule(root, root) is None
