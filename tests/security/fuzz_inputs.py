"""What the fuzz tests send: the fields of a page's forms, read from its HTML as a browser
would, and Hypothesis strategies that fill them with valid, hostile or missing values.

    forms = page_forms(response.content.decode())
    fields = fields_posting_to(forms, "/investigations/3/commentaires/", page_url)
    payload = data.draw(payloads(fields, world.b_ids, timezone.localdate()))
"""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st


@dataclass
class Field:
    name: str
    # text, hidden, number, date, email, choice, radio, multiple, file, submit
    kind: str = "text"
    options: list[str] = field(default_factory=list)
    default: str = ""
    # The ticked values of a multiple choice.
    checked: list[str] = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Every <form> of a page with the names, kinds, options and values of its inputs,
    selects, textareas and named buttons (including those outside it, tied by form=)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.current: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.required = False

    def _form_of(self, attrs) -> Form | None:
        owner = attrs.get("form")
        return self.by_id.get(owner) if owner else self.current

    def _add(self, form, name, kind, value="", checked=False):
        entry = form.fields.get(name)
        if entry is None:
            entry = form.fields[name] = Field(name, kind, required=self.required)
        if kind in ("choice", "radio", "multiple", "submit"):
            if value not in entry.options:
                entry.options.append(value)
            if checked:
                entry.default = value
                entry.checked.append(value)
        elif not entry.default:
            entry.default = value

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.current = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self.current)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self.current
            return
        self.required = "required" in attrs
        if tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select.options.append(value)
            if "selected" in attrs:
                self.select.default = value
                self.select.checked.append(value)
            return
        form = self._form_of(attrs)
        name = attrs.get("name")
        if form is None or not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind == "radio":
                self._add(form, name, "radio", value, "checked" in attrs)
            elif kind == "checkbox":
                self._add(form, name, "multiple", value or "on", "checked" in attrs)
            elif kind in ("submit", "button", "image"):
                self._add(form, name, "submit", value)
            elif kind == "file":
                self._add(form, name, "file")
            elif kind == "hidden":
                self._add(form, name, "hidden", value)
            elif kind == "number" or attrs.get("inputmode") in ("numeric", "decimal"):
                self._add(form, name, "number", value)
            elif kind == "date":
                self._add(form, name, "date", value)
            elif kind == "email":
                self._add(form, name, "email", value)
            else:
                self._add(form, name, "text", value)
        elif tag == "button":
            self._add(form, name, "submit", attrs.get("value", ""))
        elif tag == "select":
            kind = "multiple" if "multiple" in attrs else "choice"
            self.select = form.fields.setdefault(name, Field(name, kind))
        elif tag == "textarea":
            self.textarea = form.fields.setdefault(
                name, Field(name, "text", required=self.required)
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None and not self.textarea.default:
            self.textarea.default = data.strip("\n")


def page_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def _merge(into: dict[str, Field], form: Form):
    for name, entry in form.fields.items():
        known = into.get(name)
        if known is None:
            options = list(entry.options) or [entry.default]
            into[name] = Field(
                entry.name, entry.kind, options, entry.default, list(entry.checked), entry.required
            )
            continue
        # The same name in several forms (a comment form per log): every value is valid.
        for option in entry.options or [entry.default]:
            if option not in known.options:
                known.options.append(option)
        if known.kind in ("text", "hidden", "number") and len(known.options) > 1:
            known.kind = "choice"


def fields_posting_to(forms: list[Form], url: str, page_url: str) -> dict[str, Field] | None:
    """The fields of the page's POST forms whose action is `url`; None if there is none."""
    target = urlsplit(url).path
    found: dict[str, Field] = {}
    matched = False
    for form in forms:
        if form.method != "post":
            continue
        if urlsplit(urljoin(page_url, form.action or page_url)).path != target:
            continue
        matched = True
        _merge(found, form)
    if not matched:
        return None
    found.pop("csrfmiddlewaretoken", None)
    return found


# Hostile values. A mix of known troublemakers and Hypothesis' own text.

HUGE = "é" * 100_000
HUGE_ASCII = "9" * 100_000
TROUBLEMAKERS = [
    "",
    " ",
    "\x00",
    "Titre\x00avec un NUL",
    "\x01\x02\x03\x07\x08\x0b\x0c\x1b\x7f",
    "ligne\r\nautre\rligne",
    "\u202eédisrever\u202c",
    "مرحبا بالعالم",
    "🧪🏛️👩🏽‍💼",
    "e\u0301\u0327\u0308",
    "\u200b\u200d\ufeff",
    "\uffff\U0010ffff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}{% debug %}",
    "' OR '1'='1' --",
    "../../../etc/passwd",
    "[]",
    "{}",
    "null",
    "true",
    "-1",
    "0",
    "-0",
    "1.5",
    "7,5",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x1F",
    "1_000",
    "٣",
    "²",
    "١٢٣",
    "12345678²",
    "١٢٣٤٥٦٧٨٩",
    "9" * 40,
    "-" + "9" * 40,
    "2" * 20,
    "9223372036854775808",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "99999-01-01",
    "31/12/2026",
    "2026-13-45",
]
HUGE_VALUES = [HUGE, HUGE_ASCII, "<b>" * 30_000]
# Just over the limits of incubateur/text.py, implausible dates, other digits, email
# addresses no mail server takes (issue 23).
LIMIT_BREAKERS = [
    "mot " * 1251,
    "x" * 2001,
    "x" * 3001,
    "é" * 10_001,
    "0001-01-01",
    "1900-01-01",
    "2099-12-31",
    "۱۲",
    "３",
    "٦,٥",
    "a" * 65 + "@alpha.example.fr",
    "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fr",
    "agent\x00@alpha.example.fr",
]


def hostile_text():
    return st.one_of(
        st.sampled_from(TROUBLEMAKERS),
        st.sampled_from(HUGE_VALUES),
        st.sampled_from(LIMIT_BREAKERS),
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs"]),
            max_size=40,
        ),
        st.integers(min_value=-(10**45), max_value=10**45).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


def valid_value(entry: Field, today: datetime.date):
    """What a careful user would send: the page's own value when it has one."""
    if entry.kind in ("choice", "radio", "submit") and entry.options:
        if entry.default:
            return st.just(entry.default)
        if entry.kind == "radio" and not entry.required:
            # Nothing ticked: nothing sent.
            return st.none()
        return st.sampled_from([option for option in entry.options if option] or [""])
    if entry.kind == "multiple" and entry.options:
        if entry.checked:
            return st.just(list(entry.checked))
        return st.lists(st.sampled_from(entry.options), min_size=1, unique=True)
    if entry.kind == "hidden":
        return st.just(entry.default)
    if entry.kind == "number":
        return st.just(entry.default or "10")
    if entry.kind == "date":
        return st.just(entry.default or today.isoformat())
    if entry.kind == "email":
        return st.just(entry.default or "agent@alpha.example.fr")
    if entry.kind == "file":
        return st.just(None)
    if entry.default or not entry.required:
        return st.just(entry.default)
    # Fits a name, a title, a slug and a free text alike.
    return st.just("essai-fuzz")


def _file():
    names = st.sampled_from(
        ["notes.pdf", "../../passwd.pdf", "a\x00b.pdf", "x" * 300 + ".pdf", "image.png", "sans"]
    )
    contents = st.one_of(
        st.just(b"%PDF-1.4\n%%EOF\n"),
        st.just(b"\x89PNG\r\n\x1a\n"),
        st.binary(max_size=64),
    )
    return st.builds(SimpleUploadedFile, names, contents)


def hostile_value(entry: Field, other_ids: list[int], today: datetime.date):
    """A hostile text, another tenant's id, several values where one is expected, or
    nothing at all; files (or text) for a file input."""
    if entry.kind == "file":
        return st.one_of(st.lists(_file(), min_size=1, max_size=2), hostile_text())
    other_id = st.sampled_from(other_ids).map(str)
    return st.one_of(
        hostile_text(),
        other_id,
        st.lists(
            st.one_of(valid_value(entry, today), hostile_text(), other_id), min_size=2, max_size=3
        ),
        st.none(),
    )


# Names a hostile user adds to a form, hoping a view copies them onto a model.
EXTRA_NAMES = [
    "author",
    "agent",
    "reviewer",
    "user",
    "created_by",
    "programme",
    "investigation",
    "collectivity",
    "submission",
    "status",
    "is_staff",
    "is_superuser",
    "pk",
    "id",
    "version",
    "team",
    "intrapreneurs",
]


def _short(value):
    """A value as Hypothesis prints it in a failure report, huge strings abbreviated."""
    if isinstance(value, list):
        return [_short(item) for item in value]
    if isinstance(value, str) and len(value) > 200:
        return f"{value[:20]!r} … ({len(value)} characters)"
    return value


@dataclass
class Payload:
    data: dict
    encoding: str  # multipart, urlencoded or broken-utf8
    htmx: bool

    def __repr__(self):
        data = {name: _short(value) for name, value in self.data.items()}
        return f"Payload({data!r}, encoding={self.encoding!r}, htmx={self.htmx})"

    def body(self) -> bytes:
        """The urlencoded body; with broken-utf8, invalid UTF-8 bytes in each value."""
        parts = []
        for name, value in self.data.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, SimpleUploadedFile):
                    continue
                encoded = quote(str(item), safe="")
                if self.encoding == "broken-utf8":
                    encoded += "%FF%FE%C3"
                parts.append(f"{quote(name, safe='')}={encoded}")
        return "&".join(parts).encode()


@st.composite
def payloads(draw, fields: dict[str, Field], other_ids: list[int], today: datetime.date):
    # A few fields get hostile values, the others valid ones: the post then goes past the
    # validation of the rest, down to the service and the database.
    names = sorted(fields)
    hostile = draw(st.sets(st.sampled_from(names), max_size=min(4, len(names)))) if names else ()
    data = {}
    for name in names:
        entry = fields[name]
        if name in hostile:
            value = draw(hostile_value(entry, other_ids, today))
        else:
            value = draw(valid_value(entry, today))
        if value is not None:
            data[name] = value
    extras = draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=3, unique=True))
    for name in extras:
        data[name] = draw(st.one_of(st.sampled_from(other_ids).map(str), hostile_text()))
    has_files = any(
        isinstance(item, SimpleUploadedFile)
        for value in data.values()
        for item in (value if isinstance(value, list) else [value])
    )
    encoding = (
        "multipart"
        if has_files
        else draw(st.sampled_from(["multipart", "urlencoded", "broken-utf8"]))
    )
    return Payload(data, encoding, draw(st.booleans()))


@st.composite
def query_strings(draw, names: list[str], other_ids: list[int]) -> str:
    """A hostile query string over the page's filter names and a few more."""
    chosen = draw(
        st.lists(
            st.sampled_from([*names, "page", "sort", "q", "status", "programme", "x[]"]),
            min_size=1,
            max_size=5,
        )
    )
    parts = []
    for name in chosen:
        value = draw(
            st.one_of(
                hostile_text(),
                st.sampled_from(other_ids).map(str),
                st.sampled_from(["1", "2", "last", "0", "-1", "999999"]),
            )
        )
        encoded = quote(value, safe="")
        if draw(st.booleans()) and len(parts) == 0:
            encoded += "%FF%FE"
        parts.append(f"{quote(name, safe='')}={encoded}")
    return "&".join(parts)
