"""Charts drawn on the server as inline SVG: no JavaScript, no dependency.

Each function computes a chart's geometry and returns an object for its template:

    chart = bar_chart(chart_id="depots-par-service", title=…, data=[("CCAS", 4), …])
    {% include "includes/charts/bar.html" with chart=chart %}

- `bar_chart`: horizontal bars, one per label (templates/includes/charts/bar.html);
- `column_chart`: vertical columns over time, one per day or week (columns.html);
- `stacked_chart`: horizontal bars split into series, e.g. hypotheses by status (stacked.html).

The templates draw an `<svg role="img">` named by its `<title>` and `<desc>` (the text
alternative, `summary`), followed by the data as a table. The SVG is drawn at its
`width` and shrinks with a narrower column; pages load static/css/charts.css, which
follows the DSFR's light and dark themes (the `fill` attributes are the light theme's,
used where that stylesheet is absent).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

Number = int | float | Decimal

# DSFR colours whose contrast with a white background is at least 4.5:1 (RGAA 3.3 asks
# 3:1 of graphics). Each has its dark-theme counterpart in static/css/charts.css.
BLUE_FRANCE = "blue-france"
BLUE_CUMULUS = "blue-cumulus"
GREEN_EMERAUDE = "green-emeraude"
PINK_TUILE = "pink-tuile"
PURPLE_GLYCINE = "purple-glycine"
GREEN_ARCHIPEL = "green-archipel"
BROWN_CARAMEL = "brown-caramel"
BEIGE_GRIS_GALET = "beige-gris-galet"
COLOURS = {
    BLUE_FRANCE: "#000091",
    BLUE_CUMULUS: "#3558a2",
    GREEN_EMERAUDE: "#297254",
    PINK_TUILE: "#a94645",
    PURPLE_GLYCINE: "#6e445a",
    GREEN_ARCHIPEL: "#006a6f",
    BROWN_CARAMEL: "#845d48",
    BEIGE_GRIS_GALET: "#6a6156",
}
# The order in which series without a colour of their own take one.
SERIES_COLOURS = [
    BLUE_FRANCE,
    GREEN_EMERAUDE,
    PINK_TUILE,
    BLUE_CUMULUS,
    PURPLE_GLYCINE,
    GREEN_ARCHIPEL,
    BROWN_CARAMEL,
    BEIGE_GRIS_GALET,
]

WIDTH = 560  # about a half column of the DSFR container, drawn at 1:1
LABEL_MAX_CHARS = 60  # about the width of the chart at 14 px; the table has the full text
SUMMARY_MAX_ITEMS = 5
SIDE_MARGIN = 16


def nice_scale(largest: Number, *, ticks: int = 4, integer: bool = True) -> tuple[float, float]:
    """(top, step) of an axis starting at zero: `step` is 1, 2, 2.5 or 5 times a power of
    ten, about `largest / ticks`; `top` is the first multiple of `step` at or above
    `largest`. Counts (`integer`) never get a fractional step. With nothing to show the
    axis runs from 0 to 1."""
    largest = float(largest)
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and (not integer or step.is_integer()):
            break
    if integer:
        step = max(step, 1.0)
    top = math.ceil(round(largest / step, 9)) * step
    return round(top, 9), round(step, 9)


def format_number(value: Number | None) -> str:
    """French figures: a comma before the one decimal kept, none for whole numbers."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return formats.number_format(int(value), force_grouping=True)
    # Half up, as people round: a 2.25 average reads 2,3.
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, 1, force_grouping=True)


def shorten(label: str, limit: int = LABEL_MAX_CHARS) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Tick:
    value: float
    label: str
    position: float  # x for horizontal charts, y for columns
    text_position: float  # where its label's anchor or baseline goes


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn, shortened
    full_label: str
    value: Number
    value_label: str
    x: float
    y: float
    width: float
    height: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Column:
    label: str
    full_label: str
    value: Number
    value_label: str
    x: float
    y: float
    width: float
    height: float
    centre: float
    value_y: float
    shows_label: bool
    shows_value: bool


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str  # a name from COLOURS

    @property
    def hex(self) -> str:
        return COLOURS[self.colour]


@dataclass(frozen=True)
class Segment:
    series: Series
    value: Number
    value_label: str
    x: float
    width: float
    text_x: float
    shows_value: bool


@dataclass(frozen=True)
class StackedBar:
    label: str
    full_label: str
    total: Number
    total_label: str
    segments: tuple[Segment, ...]
    y: float
    height: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    """What every chart template needs: its names, its size and its data as a table."""

    chart_id: str
    title: str
    summary: str
    width: float
    height: float
    ticks: tuple[Tick, ...]
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]
    is_empty: bool
    empty_text: str
    colour: str = BLUE_FRANCE
    plot_top: float = 0
    plot_bottom: float = 0
    plot_left: float = 0
    plot_right: float = 0
    items: tuple = field(default=())
    series: tuple[Series, ...] = field(default=())

    @property
    def hex(self) -> str:
        return COLOURS[self.colour]

    @property
    def outer_width(self) -> float:
        # A margin on each side for the labels centred on the first and last ticks.
        return self.width + 2 * SIDE_MARGIN

    @property
    def view_box(self) -> str:
        return f"{-SIDE_MARGIN} 0 {self.outer_width} {self.height}"

    @property
    def tick_label_y(self) -> float:
        """Below a horizontal chart's plot: the value axis; below columns: their labels."""
        return self.plot_bottom + 17

    @property
    def tick_label_x(self) -> float:
        """Left of the columns: the value axis."""
        return self.plot_left - 6


def _ticks(top: float, step: float, place, text_offset: float = 0) -> tuple[Tick, ...]:
    """Ticks at every multiple of `step` below `top`, and at `top`."""
    values = [round(step * index, 9) for index in range(math.ceil(round(top / step, 9)))]
    # A multiple too close to the top would print its label over the top's.
    values = [value for value in values if value == 0 or top - value >= step / 2]
    return tuple(
        Tick(
            value=value,
            label=format_number(value),
            position=round(place(value), 1),
            text_position=round(place(value) + text_offset, 1),
        )
        for value in [*values, top]
    )


def _listing(pairs: Sequence[tuple[str, str]]) -> str:
    """« A : 3 ; B : 2 » for the first items, and how many more the table holds."""
    shown = " ; ".join(f"{label} : {value}" for label, value in pairs[:SUMMARY_MAX_ITEMS])
    hidden = len(pairs) - SUMMARY_MAX_ITEMS
    if hidden > 0:
        shown += " ; " + _("et %(count)s autres dans le tableau") % {"count": hidden}
    return shown


# Horizontal bars: the label above each bar, its value after it.
BAR_ROW = 44
BAR_HEIGHT = 18
BAR_LABEL_GAP = 20  # from the top of a row to its bar; the label sits in between
BAR_VALUE_ROOM = 56
AXIS_ROOM = 24


def bar_chart(
    *,
    chart_id: str,
    title: str,
    data: Sequence[tuple[str, Number]],
    label_header: str,
    value_header: str,
    maximum: Number | None = None,
    integer: bool = True,
    total: bool = True,
    colour: str = BLUE_FRANCE,
    empty_text: str = "",
    extra_headers: Sequence[str] = (),
    extras: Sequence[Sequence[str]] = (),
    width: int = WIDTH,
) -> Chart:
    """One horizontal bar per (label, value), in the given order. `maximum` fixes the end
    of the axis (a score out of 5, reviews out of the problems to review); `total` says
    whether the values add up to something meaningful for the text alternative.
    `extras` adds cells to each row of the table, under `extra_headers`."""
    values = [value or 0 for _label, value in data]
    largest = max(values, default=0)
    if maximum and largest <= maximum:
        top, step = float(maximum), nice_scale(maximum, ticks=5, integer=integer)[1]
    else:
        top, step = nice_scale(largest, integer=integer)
    plot_width = width - BAR_VALUE_ROOM

    def place(value):
        return plot_width * float(value) / top

    bars = []
    for index, (label, value) in enumerate(data):
        value = value or 0
        row_top = index * BAR_ROW
        bar_width = round(place(value), 1)
        bars.append(
            Bar(
                label=shorten(label),
                full_label=str(label),
                value=value,
                value_label=format_number(value),
                x=0,
                y=row_top + BAR_LABEL_GAP,
                width=bar_width,
                height=BAR_HEIGHT,
                label_y=row_top + 14,
                value_x=bar_width + 6,
                value_y=row_top + BAR_LABEL_GAP + 14,
            )
        )
    plot_bottom = len(data) * BAR_ROW
    pairs = [(bar.full_label, bar.value_label) for bar in bars]
    summary = _listing(pairs)
    if total and bars:
        summary += ". " + _("Total : %(total)s.") % {"total": format_number(sum(values))}
    elif bars:
        summary += "."
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=summary or _("Aucune donnée."),
        width=width,
        height=plot_bottom + AXIS_ROOM,
        ticks=_ticks(top, step, place),
        table_headers=(label_header, value_header, *extra_headers),
        table_rows=tuple(
            (bar.full_label, bar.value_label, *(extras[index] if extras else ()))
            for index, bar in enumerate(bars)
        ),
        is_empty=not any(values),
        empty_text=empty_text or _("Aucune donnée pour l’instant."),
        colour=colour,
        plot_top=0,
        plot_bottom=plot_bottom,
        plot_left=0,
        plot_right=plot_width,
        items=tuple(bars),
    )


# Columns: the value axis on the left, the labels (dates, weeks) below.
COLUMN_HEIGHT = 240
COLUMN_LEFT = 44
COLUMN_TOP = 20
COLUMN_BOTTOM = 28
CHARACTER_WIDTH = 7  # about, at 12 px: to decide how many labels fit under the columns
COLUMN_VALUE_ROOM = 22  # below this, values don't fit above their columns


def column_chart(
    *,
    chart_id: str,
    title: str,
    data: Sequence[tuple[str, Number]],
    label_header: str,
    value_header: str,
    full_labels: Sequence[str] = (),
    integer: bool = True,
    colour: str = BLUE_FRANCE,
    empty_text: str = "",
    width: int = WIDTH,
) -> Chart:
    """One column per (label, value), in time order: short `label`s under the axis (one
    in every few when they would overlap), `full_labels` in the text alternative and the
    table."""
    values = [value or 0 for _label, value in data]
    top, step = nice_scale(max(values, default=0), integer=integer)
    plot_height = COLUMN_HEIGHT - COLUMN_TOP - COLUMN_BOTTOM
    plot_width = width - COLUMN_LEFT
    plot_bottom = COLUMN_TOP + plot_height

    def place(value):
        return plot_bottom - plot_height * float(value) / top

    count = len(data)
    band = plot_width / count if count else plot_width
    label_room = max((len(str(label)) for label, _value in data), default=0) * CHARACTER_WIDTH
    label_every = max(1, math.ceil((label_room + 10) / band))
    column_width = min(band * 0.7, 48)
    columns = []
    for index, (label, value) in enumerate(data):
        value = value or 0
        y = round(place(value), 1)
        left = COLUMN_LEFT + index * band
        columns.append(
            Column(
                label=str(label),
                full_label=str(full_labels[index] if full_labels else label),
                value=value,
                value_label=format_number(value),
                x=round(left + (band - column_width) / 2, 1),
                y=y,
                width=round(column_width, 1),
                height=round(plot_bottom - y, 1),
                centre=round(left + band / 2, 1),
                value_y=round(y - 5, 1),
                shows_label=index % label_every == 0,
                shows_value=bool(value) and band >= COLUMN_VALUE_ROOM,
            )
        )
    summary = _("Aucune donnée.")
    if columns:
        highest = max(columns, key=lambda column: float(column.value))
        summary = _(
            "De %(first)s à %(last)s : total %(total)s ; le plus haut, %(highest)s (%(when)s)."
        ) % {
            "first": columns[0].full_label,
            "last": columns[-1].full_label,
            "total": format_number(sum(values)),
            "highest": highest.value_label,
            "when": highest.full_label,
        }
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        width=width,
        height=COLUMN_HEIGHT,
        ticks=_ticks(top, step, place, text_offset=4),
        table_headers=(label_header, value_header),
        table_rows=tuple((column.full_label, column.value_label) for column in columns),
        is_empty=not any(values),
        empty_text=empty_text or _("Aucune donnée pour l’instant."),
        colour=colour,
        plot_top=COLUMN_TOP,
        plot_bottom=plot_bottom,
        plot_left=COLUMN_LEFT,
        plot_right=width,
        items=tuple(columns),
    )


STACK_TEXT_ROOM = 26  # the narrowest segment that shows its value inside


def stacked_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, str] | tuple[str, str, str]],
    rows: Sequence[tuple[str, dict]],
    label_header: str,
    empty_text: str = "",
    width: int = WIDTH,
) -> Chart:
    """One horizontal bar per row, split into `series` (key, label[, colour]). Each row is
    (label, {series key: value}); missing keys count as zero. The table has one column
    per series and the rows' totals."""
    series = tuple(
        Series(
            key=spec[0],
            label=str(spec[1]),
            colour=spec[2] if len(spec) > 2 else SERIES_COLOURS[index % len(SERIES_COLOURS)],
        )
        for index, spec in enumerate(series)
    )
    totals = [sum((values.get(s.key) or 0) for s in series) for _label, values in rows]
    top, step = nice_scale(max(totals, default=0))
    plot_width = width - BAR_VALUE_ROOM

    def place(value):
        return plot_width * float(value) / top

    bars = []
    for index, ((label, values), row_total) in enumerate(zip(rows, totals, strict=True)):
        row_top = index * BAR_ROW
        segments = []
        start = 0.0
        for s in series:
            value = values.get(s.key) or 0
            x = round(place(start), 1)
            end = round(place(start + float(value)), 1)
            segments.append(
                Segment(
                    series=s,
                    value=value,
                    value_label=format_number(value),
                    x=x,
                    width=round(end - x, 1),
                    text_x=round((x + end) / 2, 1),
                    shows_value=bool(value) and end - x >= STACK_TEXT_ROOM,
                )
            )
            start += float(value)
        bar_end = round(place(row_total), 1)
        bars.append(
            StackedBar(
                label=shorten(label),
                full_label=str(label),
                total=row_total,
                total_label=format_number(row_total),
                segments=tuple(segment for segment in segments if segment.value),
                y=row_top + BAR_LABEL_GAP,
                height=BAR_HEIGHT,
                label_y=row_top + 14,
                value_x=bar_end + 6,
                value_y=row_top + BAR_LABEL_GAP + 14,
            )
        )
    series_totals = [
        (s.label, format_number(sum((values.get(s.key) or 0) for _label, values in rows)))
        for s in series
    ]
    summary = _("Aucune donnée.")
    if bars:
        summary = _("%(series)s ; sur %(count)s lignes, total %(total)s.") % {
            "series": " ; ".join(f"{label} : {value}" for label, value in series_totals),
            "count": len(bars),
            "total": format_number(sum(totals)),
        }
    plot_bottom = len(bars) * BAR_ROW
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        width=width,
        height=plot_bottom + AXIS_ROOM,
        ticks=_ticks(top, step, place),
        table_headers=(label_header, *(s.label for s in series), _("Total")),
        table_rows=tuple(
            (
                bar.full_label,
                *(format_number(values.get(s.key) or 0) for s in series),
                bar.total_label,
            )
            for bar, (_label, values) in zip(bars, rows, strict=True)
        ),
        is_empty=not any(totals),
        empty_text=empty_text or _("Aucune donnée pour l’instant."),
        plot_top=0,
        plot_bottom=plot_bottom,
        plot_left=0,
        plot_right=plot_width,
        items=tuple(bars),
        series=series,
    )
