"""What the account pages' accessibility tests look at in a rendered page."""

from html.parser import HTMLParser

NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


class PageOutline(HTMLParser):
    """Headings, form controls, labels and element ids of an HTML page."""

    def __init__(self, html: str):
        super().__init__()
        self.h1_count = 0
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: dict[str, str] = {}
        self._open_ids: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in NOT_LABELLED:
            self.controls.append(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] = ""
            if tag not in {"input", "br", "hr", "img", "meta", "link"}:
                self._open_ids.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        for depth in range(len(self._open_ids) - 1, -1, -1):
            if self._open_ids[depth][0] == tag:
                del self._open_ids[depth:]
                break

    def handle_data(self, data):
        for _, element_id in self._open_ids:
            self.ids[element_id] += data

    def unlabelled_controls(self) -> list[str]:
        return [c.get("name", "?") for c in self.controls if c.get("id") not in self.label_targets]

    def description_of(self, control_id: str) -> str:
        """The text an assistive technology reads after the label (aria-describedby)."""
        control = next(c for c in self.controls if c.get("id") == control_id)
        ids = control.get("aria-describedby", "").split()
        return " ".join(" ".join(self.ids[i].split()) for i in ids)

    def dangling_descriptions(self) -> list[str]:
        """aria-describedby references to ids missing from the page."""
        referenced = (i for c in self.controls for i in c.get("aria-describedby", "").split())
        return [i for i in referenced if i not in self.ids]
