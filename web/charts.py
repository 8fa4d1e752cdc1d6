"""Charts as server-rendered SVG, inline in the page: no script, no library, nothing fetched.

``bar_chart`` (grouped bars) and ``line_chart`` take labels for the x axis and named series;
every text in them (title, description, axis ticks, series names) comes in already translated
and formatted for the reader (``core.ui.numbers``, Django's date formats). Each chart carries a
``<title>`` and ``<desc>``; the page shows the same figures as a table beside it. Colours are
CSS classes (``chart__series--N``), so the stylesheet decides them.
"""

from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.ui.numbers import format_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 40
_ids = count(1)


def _scale(values, maximum=None) -> float:
    found = [v for series in values for v in series if v is not None]
    top = maximum if maximum is not None else max(found, default=0)
    return float(top) or 1.0


def _frame(title: str, desc: str, body: str, top: float, labels, unit: str) -> SafeString:
    chart_id = f"chart-{next(_ids)}"
    plot_h = HEIGHT - TOP - BOTTOM
    ticks = []
    for step in range(5):
        value = top * step / 4
        y = TOP + plot_h - plot_h * step / 4
        ticks.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                LEFT - 6,
                f"{y + 4:.1f}",
                format_number(round(value, 1)),
                unit,
            )
        )
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    every = max(1, round(len(labels) / 8))  # at most ~8 labels under the axis
    names = format_html_join(
        "",
        '<text class="chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{LEFT + slot * (n + 0.5):.1f}", HEIGHT - BOTTOM + 18, label)
            for n, label in enumerate(labels)
            if n % every == 0
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        "{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        mark_safe("".join(ticks)),
        names,
        body,
    )


def bar_chart(*, title: str, desc: str, labels, series, maximum=None, unit: str = "") -> SafeString:
    """Grouped bars: ``series`` is ``[(name, [value per label]), …]``; None draws no bar."""
    top = _scale([values for _name, values in series], maximum)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    width = slot * 0.8 / max(len(series), 1)
    bars = []
    for index, (name, values) in enumerate(series):
        for n, value in enumerate(values):
            if value is None:
                continue
            h = plot_h * float(value) / top
            bars.append(
                format_html(
                    '<rect class="chart__series--{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {}{}</title></rect>",
                    index,
                    f"{LEFT + slot * n + slot * 0.1 + width * index:.1f}",
                    f"{TOP + plot_h - h:.1f}",
                    f"{width:.1f}",
                    f"{h:.1f}",
                    name,
                    format_number(value),
                    unit,
                )
            )
    return _frame(title, desc, mark_safe("".join(bars)), top, labels, unit)


def line_chart(*, title: str, desc: str, labels, series, unit: str = "") -> SafeString:
    """One line per series, a dot per known value; a None leaves a gap."""
    top = _scale([values for _name, values in series])
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    parts = []
    for index, (name, values) in enumerate(series):
        points = [
            (LEFT + slot * (n + 0.5), TOP + plot_h - plot_h * float(v) / top, v)
            for n, v in enumerate(values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline class="chart__line--{index}" points="{path}"/>')
        for x, y, value in points:
            parts.append(
                format_html(
                    '<circle class="chart__series--{}" cx="{}" cy="{}" r="3.5">'
                    "<title>{}: {}{}</title></circle>",
                    index,
                    f"{x:.1f}",
                    f"{y:.1f}",
                    name,
                    format_number(value),
                    unit,
                )
            )
    return _frame(title, desc, mark_safe("".join(parts)), top, labels, unit)
