"""Server-rendered, accessible SVG charts for the commissioning pages.

Each chart is inline SVG with role="img", a <title> and a <desc> it is labelled by, GOV.UK colours, and no
inline styles (the content security policy forbids them; SVG presentation attributes such as fill= are not
styles). Lines differ by dash pattern and marker shape as well as colour, so they can be told apart without
colour. A chart is never the only way to read the figures: the template always puts a GOV.UK table of the same
data next to it, and the SVG says so in its description.

Values are Decimal, int or None; None is drawn as a gap and labelled with `missing_label` (e.g. "fewer than 5"
for a suppressed count, or "no data").
"""

import hashlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

Number = Decimal | int

# GOV.UK Frontend palette: text, then series colours in an order that keeps neighbours distinguishable.
TEXT: Final = "#0b0c0c"
SECONDARY_TEXT: Final = "#484949"
GRID: Final = "#b1b4b6"
COLOURS: Final = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#003078")
DASHES: Final = ("", "8 4", "2 3", "12 4 2 4", "4 4", "1 2")
FONT: Final = "GDS Transport, arial, sans-serif"


def format_value(value: Number | None, unit: str = "", *, missing_label: str = "No data") -> str:
    """A value as written in the chart and the table: "£1,234.50", "1,500", "42.5%", or the missing label."""
    if value is None:
        return missing_label
    whole = not isinstance(value, Decimal) or value == value.to_integral_value()
    number = f"{int(value):,}" if whole else f"{value:,.2f}"
    if unit == "£":
        return f"£{number}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def _chart_id(kind: str, title: str, data: object) -> str:
    # Deterministic (same chart, same ids) and distinct for different charts on one page.
    digest = hashlib.sha256(f"{kind}|{title}|{data!r}".encode()).hexdigest()[:10]
    return f"chart-{kind}-{digest}"


def _nice_maximum(values: Sequence[Number]) -> Decimal:
    """A round number at or above the largest value, so the axis labels read well (1, 2, 2.5, 5 x 10^n)."""
    largest = max((Decimal(value) for value in values), default=Decimal(0))
    if largest <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(largest))) - 1)
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if largest <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _ticks(maximum: Decimal, count: int = 4) -> list[Decimal]:
    return [maximum * index / count for index in range(count + 1)]


def _open(chart_id: str, *, title: str, description: str, width: int, height: int) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" width="100%" '
        'viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet" aria-labelledby="{}-title {}-desc" '
        'font-family="{}" font-size="14" fill="{}"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        width,
        height,
        chart_id,
        chart_id,
        FONT,
        TEXT,
        chart_id,
        title,
        chart_id,
        description,
    )


def bar_chart_svg(
    *,
    title: str,
    series: Sequence[tuple[str, Number | None]],
    unit: str = "",
    missing_label: str = "No data",
    colour: str = COLOURS[0],
    width: int = 640,
    label_width: int = 200,
    formatter: Callable[[Number | None], str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), each labelled with its value. Long labels fit on the left."""
    show = formatter or (lambda value: format_value(value, unit, missing_label=missing_label))
    chart_id = _chart_id("bar", title, series)
    row, top, bottom = 32, 12, 28
    height = top + row * max(len(series), 1) + bottom
    value_space = 120
    plot_width = max(width - label_width - value_space, 40)
    present = [value for _, value in series if value is not None]
    maximum = _nice_maximum(present)
    description = "; ".join(f"{label}: {show(value)}" for label, value in series) or "No figures"
    parts = [
        _open(
            chart_id,
            title=title,
            description=f"{description}. The same figures are in the table with this chart.",
            width=width,
            height=height,
        )
    ]
    for tick in _ticks(maximum):
        x = label_width + float(tick / maximum) * plot_width
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                f"{x:.1f}",
                top,
                f"{x:.1f}",
                height - bottom,
                GRID,
                f"{x:.1f}",
                height - 8,
                SECONDARY_TEXT,
                format_value(tick.normalize() if tick == tick.to_integral_value() else tick, unit),
            )
        )
    for index, (label, value) in enumerate(series):
        y = top + index * row
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 8,
                y + row / 2 + 5,
                label,
            )
        )
        bar = 0.0 if value is None else float(Decimal(value) / maximum) * plot_width
        if value is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    label_width,
                    y + 6,
                    f"{bar:.1f}",
                    row - 12,
                    colour,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}">{}</text>',
                f"{label_width + bar + 6:.1f}",
                y + row / 2 + 5,
                show(value),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is built by format_html, which escapes


def line_chart_svg(
    *,
    title: str,
    x_labels: Sequence[str],
    lines: Sequence[tuple[str, Sequence[Number | None]]],
    unit: str = "",
    missing_label: str = "No data",
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """One line per (name, values), values aligned with `x_labels`; a None breaks the line. A legend below names
    each line with its colour, dash pattern and marker."""
    chart_id = _chart_id("line", title, (x_labels, lines))
    left, right, top = 90, 20, 16
    legend_rows = len(lines)
    bottom = 40 + 22 * legend_rows
    plot_width = width - left - right
    plot_height = height - top - bottom
    if plot_height < 80:
        height += 80 - plot_height
        plot_height = 80
    present = [value for _, values in lines for value in values if value is not None]
    maximum = _nice_maximum(present)
    steps = max(len(x_labels) - 1, 1)

    def x_at(index: int) -> float:
        return left + plot_width * index / steps

    def y_at(value: Number) -> float:
        return top + plot_height - float(Decimal(value) / maximum) * plot_height

    description = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{x_label} {format_value(value, unit, missing_label=missing_label)}"
            for x_label, value in zip(x_labels, values, strict=False)
        )
        for name, values in lines
    )
    parts = [
        _open(
            chart_id,
            title=title,
            description=f"{description or 'No figures'}. The same figures are in the table with this chart.",
            width=width,
            height=height,
        )
    ]
    for tick in _ticks(maximum):
        y = y_at(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                left,
                f"{y:.1f}",
                width - right,
                f"{y:.1f}",
                GRID,
                left - 6,
                f"{y + 4:.1f}",
                SECONDARY_TEXT,
                format_value(tick.normalize() if tick == tick.to_integral_value() else tick, unit),
            )
        )
    for index, x_label in enumerate(x_labels):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                f"{x_at(index):.1f}",
                top + plot_height + 18,
                SECONDARY_TEXT,
                x_label,
            )
        )
    for number, (name, values) in enumerate(lines):
        colour = COLOURS[number % len(COLOURS)]
        dash = DASHES[number % len(DASHES)]
        segments: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(values[: len(x_labels)]):
            if value is None:
                segments.append([])
            else:
                segments[-1].append((x_at(index), y_at(value)))
        for segment in segments:
            if len(segment) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"{}/>',
                        points,
                        colour,
                        format_html(' stroke-dasharray="{}"', dash) if dash else "",
                    )
                )
            for x, y in segment:
                parts.append(_marker(number, x, y, colour))
        legend_y = top + plot_height + 40 + 22 * number
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>{}<text x="{}" y="{}">{}</text>',
                left,
                legend_y,
                left + 36,
                legend_y,
                colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
                _marker(number, left + 18, legend_y, colour),
                left + 44,
                legend_y + 5,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is built by format_html, which escapes


def _marker(number: int, x: float, y: float, colour: str) -> SafeString:
    """A circle, square, triangle or diamond, by line number: shape tells the lines apart as well as colour."""
    shape = number % 4
    if shape == 0:
        return format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour)
    if shape == 1:
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"/>', f"{x - 4:.1f}", f"{y - 4:.1f}", colour
        )
    if shape == 2:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
    else:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return format_html('<polygon points="{}" fill="{}"/>', escape(points), colour)
