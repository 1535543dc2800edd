"""Parse rendered pages with the standard library's HTML parser to check what a browser would see."""

from __future__ import annotations

from html.parser import HTMLParser


class PageScan(HTMLParser):
    """Collects elements, attributes and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Attributes of every ``tag`` whose attributes include ``attrs`` (``class_`` for class)."""
        want = {k.rstrip("_"): v for k, v in attrs.items()}
        out = []
        for name, have in self.tags:
            if name != tag:
                continue
            if all((have.get(k) or "").split().count(v) if k == "class" else have.get(k) == v
                   for k, v in want.items()):
                out.append(have)
        return out

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and a.get("href") is not None]


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page
