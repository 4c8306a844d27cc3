"""The SVG charts are accessible (role, title, description with every figure) and CSP-safe (no styles)."""

from decimal import Decimal

from carershub.commissioning.charts import bar_chart_svg, format_value, line_chart_svg


def test_a_bar_chart_is_an_image_labelled_by_its_title_and_a_description_of_every_figure() -> None:
    svg = bar_chart_svg(title="Value <by> year", series=[("Year 1", Decimal("1122930.00")), ("Year 2", None)], unit="£")

    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "Value &lt;by&gt; year</title>" in svg
    assert "Year 1: £1,122,930; Year 2: No data" in svg
    assert "style" not in svg
    assert svg == bar_chart_svg(
        title="Value <by> year", series=[("Year 1", Decimal("1122930.00")), ("Year 2", None)], unit="£"
    )


def test_a_line_chart_breaks_at_a_suppressed_value_and_tells_lines_apart_without_colour() -> None:
    svg = line_chart_svg(
        title="Demand",
        x_labels=["2025", "2026", "2027"],
        lines=[("Demand", [100, None, 169]), ("Capacity", [150, 150, 150])],
        missing_label="fewer than 5",
    )

    assert "Demand: 2025 100, 2026 fewer than 5, 2027 169" in svg
    assert 'stroke-dasharray="8 4"' in svg  # the second line is dashed
    assert "<polyline" in svg
    assert "style" not in svg


def test_values_are_written_as_people_read_them() -> None:
    assert format_value(Decimal("1234.5"), "£") == "£1,234.50"
    assert format_value(1500) == "1,500"
    assert format_value(Decimal("42.5"), "%") == "42.50%"
    assert format_value(None, missing_label="fewer than 5") == "fewer than 5"
