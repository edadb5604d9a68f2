import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from incubateur import charts


def bar(*data, **options):
    return charts.bar_chart(
        chart_id="essai",
        title="Problèmes par service",
        data=list(data),
        label_header="Service",
        value_header="Problèmes",
        **options,
    )


def columns(*data, **options):
    return charts.column_chart(
        chart_id="essai",
        title="Journaux par semaine",
        data=list(data),
        label_header="Semaine",
        value_header="Journaux",
        **options,
    )


def stacked(rows, **options):
    return charts.stacked_chart(
        chart_id="essai",
        title="Hypothèses",
        series=[("to_test", "À tester"), ("validated", "Validées"), ("invalidated", "Invalidées")],
        rows=rows,
        label_header="Investigation",
        **options,
    )


# Scales


@pytest.mark.parametrize(
    "largest, expected",
    [
        (1, (1, 1)),
        (3, (3, 1)),
        (7, (8, 2)),
        (10, (10, 5)),
        (13, (15, 5)),
        (100, (100, 25)),
        (1234, (1500, 500)),
    ],
)
def test_a_count_scale_ends_on_the_first_round_step_above_the_largest_value(largest, expected):
    assert charts.nice_scale(largest) == expected


def test_a_count_scale_never_steps_by_a_fraction():
    top, step = charts.nice_scale(2)
    assert (top, step) == (2, 1)
    assert charts.nice_scale(2, integer=False) == (2, 0.5)


def test_a_decimal_scale_has_round_steps_without_float_noise():
    assert charts.nice_scale(Decimal("4.1"), integer=False) == (6, 2)
    assert charts.nice_scale(0.3, integer=False) == (0.3, 0.1)


def test_with_nothing_to_show_the_scale_runs_from_zero_to_one():
    assert charts.nice_scale(0) == (1, 1)
    assert charts.nice_scale(-3) == (1, 1)


# Horizontal bars


def test_bars_are_proportional_to_their_values_on_the_scale():
    chart = bar(("CCAS", 4), ("Voirie", 2), ("État civil", 1))

    plot_width = charts.WIDTH - charts.BAR_VALUE_ROOM
    assert [b.width for b in chart.items] == [plot_width, plot_width / 2, plot_width / 4]
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4"]
    assert chart.ticks[-1].position == plot_width
    # One row per bar, the label above it and the value after it.
    assert [b.y for b in chart.items] == [20, 64, 108]
    assert chart.items[1].value_x == plot_width / 2 + 6
    assert chart.height == 3 * charts.BAR_ROW + charts.AXIS_ROOM


def test_a_single_value_fills_the_plot():
    chart = bar(("CCAS", 3))

    assert chart.items[0].width == charts.WIDTH - charts.BAR_VALUE_ROOM
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3]
    assert not chart.is_empty
    assert chart.summary == "CCAS : 3. Total : 3."


def test_zero_values_draw_nothing_but_do_not_break_the_scale():
    chart = bar(("CCAS", 0), ("Voirie", 0))

    assert chart.is_empty
    assert [b.width for b in chart.items] == [0, 0]
    assert [tick.value for tick in chart.ticks] == [0, 1]


def test_no_data_at_all_is_an_empty_chart_with_its_message():
    chart = bar(empty_text="Aucun problème déposé.")

    assert chart.is_empty
    assert chart.items == ()
    assert chart.table_rows == ()
    assert chart.summary == "Aucune donnée."
    assert chart.empty_text == "Aucun problème déposé."


def test_a_fixed_maximum_sets_the_end_of_the_axis():
    chart = bar(("A", Decimal("4.50")), ("B", Decimal("2.25")), maximum=5, integer=False)

    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4", "5"]
    assert chart.items[0].width == round((charts.WIDTH - charts.BAR_VALUE_ROOM) * 0.9, 1)
    assert [b.value_label for b in chart.items] == ["4,5", "2,3"]


def test_a_tick_too_close_to_a_fixed_maximum_is_left_out():
    chart = bar(("A", 12), maximum=21)

    assert [tick.label for tick in chart.ticks] == ["0", "5", "10", "15", "21"]


def test_long_labels_are_shortened_in_the_drawing_but_whole_in_the_table():
    title = "Rendez-vous non honorés dans les services sociaux du centre communal d’action sociale"
    chart = bar((title, 2))

    assert len(chart.items[0].label) == charts.LABEL_MAX_CHARS
    assert chart.items[0].label.endswith("…")
    assert chart.table_rows == ((title, "2"),)


def test_the_text_alternative_lists_the_first_values_and_points_to_the_table():
    chart = bar(*[(f"Service {n}", 10 - n) for n in range(7)], total=False)

    assert chart.summary == (
        "Service 0 : 10 ; Service 1 : 9 ; Service 2 : 8 ; Service 3 : 7 ; Service 4 : 6 ; "
        "et 2 autres dans le tableau."
    )


def test_extra_cells_join_the_table():
    chart = bar(
        ("Sophie", 3),
        extra_headers=["Note moyenne donnée"],
        extras=[["3,7"]],
    )

    assert chart.table_headers == ("Service", "Problèmes", "Note moyenne donnée")
    assert chart.table_rows == (("Sophie", "3", "3,7"),)


def test_figures_are_written_the_french_way():
    assert charts.format_number(Decimal("7.5")) == "7,5"
    assert charts.format_number(12) == "12"
    assert charts.format_number(12.0) == "12"
    assert charts.format_number(Decimal("2.25")) == "2,3"
    assert charts.format_number(1234) == "1\xa0234"
    assert charts.format_number(None) == "—"


# Columns


def test_columns_rise_from_the_baseline_in_proportion():
    chart = columns(("S1", 2), ("S2", 4), ("S3", 0), ("S4", 1))

    plot_height = charts.COLUMN_HEIGHT - charts.COLUMN_TOP - charts.COLUMN_BOTTOM
    baseline = charts.COLUMN_TOP + plot_height
    assert [c.height for c in chart.items] == [plot_height / 2, plot_height, 0, plot_height / 4]
    assert all(c.y + c.height == baseline for c in chart.items)
    # Evenly spread bands, each column centred in its own.
    band = (charts.WIDTH - charts.COLUMN_LEFT) / 4
    assert [c.centre for c in chart.items] == [
        round(charts.COLUMN_LEFT + band * (i + 0.5), 1) for i in range(4)
    ]
    assert [c.shows_value for c in chart.items] == [True, True, False, True]
    assert chart.ticks[0].position == baseline and chart.ticks[-1].position == charts.COLUMN_TOP


def test_when_labels_would_overlap_only_one_in_a_few_is_printed():
    chart = columns(*[(f"{day:02d}/03", 1) for day in range(1, 31)])

    printed = [c.label for c in chart.items if c.shows_label]
    assert printed[:3] == ["01/03", "04/03", "07/03"]
    assert not any(c.shows_value for c in chart.items)  # too narrow for their values
    assert len(chart.table_rows) == 30  # the table keeps every day


def test_the_columns_text_alternative_names_the_period_total_and_peak():
    chart = columns(
        ("S1", 2), ("S2", 5), ("S3", 1), full_labels=["semaine 1", "semaine 2", "semaine 3"]
    )

    assert chart.summary == "De semaine 1 à semaine 3 : total 8 ; le plus haut, 5 (semaine 2)."
    assert chart.table_rows == (("semaine 1", "2"), ("semaine 2", "5"), ("semaine 3", "1"))


def test_columns_without_any_value_are_empty():
    chart = columns(("S1", 0), ("S2", 0))

    assert chart.is_empty
    assert [c.height for c in chart.items] == [0, 0]


# Stacked bars


def test_segments_follow_each_other_and_add_up_to_the_total():
    chart = stacked([("Rendez-vous", {"to_test": 1, "validated": 2, "invalidated": 1})])

    segments = chart.items[0].segments
    plot_width = charts.WIDTH - charts.BAR_VALUE_ROOM
    assert [s.x for s in segments] == [0, plot_width / 4, plot_width * 3 / 4]
    assert [s.width for s in segments] == [plot_width / 4, plot_width / 2, plot_width / 4]
    assert chart.items[0].total_label == "4"
    assert [s.series.label for s in segments] == ["À tester", "Validées", "Invalidées"]


def test_the_rows_share_one_scale_and_empty_segments_are_left_out():
    chart = stacked(
        [
            ("Rendez-vous", {"to_test": 2, "validated": 2}),
            ("Cantine", {"validated": 1}),
        ]
    )

    plot_width = charts.WIDTH - charts.BAR_VALUE_ROOM
    assert [s.series.key for s in chart.items[1].segments] == ["validated"]
    assert chart.items[1].segments[0].width == plot_width / 4
    assert chart.table_headers == ("Investigation", "À tester", "Validées", "Invalidées", "Total")
    assert chart.table_rows == (
        ("Rendez-vous", "2", "2", "0", "4"),
        ("Cantine", "0", "1", "0", "1"),
    )
    assert chart.summary == "À tester : 2 ; Validées : 3 ; Invalidées : 0 ; sur 2 lignes, total 5."


def test_series_take_the_palette_in_order_unless_given_a_colour():
    chart = charts.stacked_chart(
        chart_id="essai",
        title="Statuts",
        series=[("a", "A"), ("b", "B", charts.PINK_TUILE), ("c", "C")],
        rows=[("Ligne", {"a": 1})],
        label_header="Ligne",
    )

    assert [s.colour for s in chart.series] == [
        charts.SERIES_COLOURS[0],
        charts.PINK_TUILE,
        charts.SERIES_COLOURS[2],
    ]


def test_narrow_segments_do_not_print_their_value_inside():
    chart = stacked([("Rendez-vous", {"to_test": 1, "validated": 40})])

    assert [s.shows_value for s in chart.items[0].segments] == [False, True]


def test_a_stack_of_zeros_is_empty():
    chart = stacked([("Rendez-vous", {}), ("Cantine", {"validated": 0})])

    assert chart.is_empty
    assert all(bar.segments == () for bar in chart.items)


# Colours


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


@pytest.mark.parametrize("name", charts.COLOURS)
def test_every_colour_contrasts_with_white_for_shapes_and_inside_labels(name):
    ratio = (1 + 0.05) / (_luminance(charts.COLOURS[name]) + 0.05)
    assert ratio >= 4.5


# Templates


@pytest.mark.parametrize(
    "template, chart",
    [
        ("bar.html", bar(("CCAS", Decimal("2.5")), ("Voirie", 1), integer=False)),
        ("columns.html", columns(("S1", 3), ("S2", 7))),
        ("stacked.html", stacked([("Cantine", {"to_test": 1, "validated": 2})])),
    ],
)
def test_the_svg_is_an_image_named_by_its_title_and_text_alternative(template, chart):
    html = render_to_string(f"includes/charts/{template}", {"chart": chart})

    assert 'role="img"' in html
    assert 'aria-labelledby="essai-titre essai-desc"' in html
    assert f'<title id="essai-titre">{chart.title}</title>' in html
    assert '<desc id="essai-desc">' in html
    assert "Voir les données" in html
    assert '<th scope="row">' in html
    # Coordinates keep their decimal point whatever the language.
    coordinates = re.findall(r' (?:x|y|width|height)="([^"]*)"', html)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)


@pytest.mark.parametrize(
    "template, chart, font_size",
    [
        ("bar.html", bar(("Voirie", 1)), "14"),
        ("columns.html", columns(("S1", 3)), "12"),
        ("stacked.html", stacked([("Cantine", {"to_test": 1})]), "14"),
    ],
)
def test_every_chart_is_a_figure_captioned_by_its_title_with_a_scrollable_drawing(
    template, chart, font_size
):
    html = render_to_string(f"includes/charts/{template}", {"chart": chart})

    assert html.count(f">{chart.title}<") == 3  # the caption, the SVG title, the table caption
    assert f'<figcaption class="chart__caption">{chart.title}</figcaption>' in html
    assert f"<caption>{chart.title}</caption>" in html
    scroll = '<div class="chart__scroll" tabindex="0" role="region" aria-labelledby="essai-titre">'
    assert scroll in html
    assert f'focusable="false" font-size="{font_size}">' in html
    # Only the stacked chart says which colour is which series.
    assert ('<ul class="chart__legend">' in html) == (template == "stacked.html")


def test_an_empty_chart_shows_its_message_instead_of_a_drawing():
    html = render_to_string(
        "includes/charts/bar.html", {"chart": bar(empty_text="Aucun problème déposé.")}
    )

    assert "Aucun problème déposé." in html
    assert "<svg" not in html
    assert "Voir les données" not in html
