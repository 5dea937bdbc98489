"""What a reader sees on a page: its text, without tags, scripts, styles or attribute values.

Admin filter links carry codes in their URLs (`?event=rounds.round.changed`); the assertions
about English codes, raw JSON and bare ids are about what the office reads.
"""
from html.parser import HTMLParser


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "input":
            attrs = dict(attrs)
            if attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(response_or_html):
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    collector = _TextCollector()
    collector.feed(html)
    return "\n".join(collector.parts)
