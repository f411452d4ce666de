"""Server-rendered SVG charts and the tile-grid map, drawn by Django templates from the geometry computed
here. Why not matplotlib: these are bars, a line and squares; a template writes them in a few lines of
SVG that the page's CSP accepts (no inline style, no script), that scales, whose text is real text for
screen readers and translation, and that costs no 30 MB dependency nor a second per chart. Every chart
carries the data table beside it."""
import math
from dataclasses import dataclass, field

from ngoaivu.indicators.numbers import compact

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 70, 16, 16, 36

# The 34 provinces since 01/7/2025 on a grid roughly as on the map: GSO code -> (column, row).
TILES = {
    12: (1, 0), 15: (2, 0), 8: (3, 0), 4: (4, 0),
    11: (0, 1), 14: (1, 1), 25: (2, 1), 19: (3, 1), 20: (4, 1),
    1: (2, 2), 24: (3, 2), 22: (4, 2),
    37: (2, 3), 33: (3, 3), 31: (4, 3),
    38: (2, 4),
    40: (2, 5), 42: (3, 5),
    44: (3, 6),
    46: (3, 7), 48: (4, 7),
    51: (3, 8), 52: (4, 8),
    66: (3, 9), 56: (4, 9),
    80: (1, 10), 75: (2, 10), 68: (3, 10),
    91: (0, 11), 82: (1, 11), 79: (2, 11),
    92: (0, 12), 86: (1, 12),
    96: (0, 13),
}
TILE, GAP = 64, 4
# Five classes from light to dark (sequential blue), and grey for no data.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e5e5e5"


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


# Units whose axis labels are whole numbers (compact() writes them without decimals): their ticks must be
# whole too, or a maximum of 1 gives "0, 0, 1, 1, 1" (0.25 and 0.75 rounded). Percent keeps quarter ticks.
WHOLE_UNITS = ("count", "persons", "usd")


def _ticks(highest, unit):
    """(tick values, the axis top) for the highest value: four quarters of a nice top; for whole units an
    integer step of 1, 2 or 5 × 10ⁿ, at most four steps, the top at the last tick (so no label repeats)."""
    if unit not in WHOLE_UNITS:
        top = _nice_max(highest)
        return [top * k / 4 for k in range(5)], top
    top = max(highest, 0)
    step, magnitude = None, 1
    while step is None:
        for base in (1, 2, 5):
            if base * magnitude * 4 >= top:
                step = base * magnitude
                break
        magnitude *= 10
    count = max(1, math.ceil(top / step))
    return [step * k for k in range(count + 1)], step * count


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)        # dicts x, y, w, h, label, value_text
    line: str = ""                                   # polyline points of the projection
    band: str = ""                                   # polygon points of the prediction interval
    ticks: list = field(default_factory=list)        # dicts y, text
    baseline: int = HEIGHT - BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT
    empty: bool = True
    projection_labels: list = field(default_factory=list)


def bar_chart(series, unit, forecast=None) -> Chart:
    """Bars for [(label, value or None)], and a projection (line and band) after them."""
    chart = Chart()
    projections = forecast.projections if forecast else []
    values = [float(v) for _l, v in series if v is not None] + [p.high for p in projections]
    if not values:
        return chart
    chart.empty = False
    tick_values, top = _ticks(max(values), unit)
    slots = len(series) + len(projections)
    slot = (WIDTH - LEFT - RIGHT) / max(slots, 1)
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(v):
        return round(HEIGHT - BOTTOM - plot_h * (v / top), 1)

    for i, (label, value) in enumerate(series):
        x = LEFT + i * slot + slot * 0.15
        y = y_of(float(value)) if value is not None else HEIGHT - BOTTOM
        chart.bars.append({"x": round(x, 1), "y": y, "w": round(slot * 0.7, 1), "h": round(HEIGHT - BOTTOM - y, 1),
                           "label": label, "value": compact(value, unit), "cx": round(x + slot * 0.35, 1),
                           "missing": value is None})
    if projections:
        offset = len(series)
        points = [(LEFT + (offset + i) * slot + slot / 2, p) for i, p in enumerate(projections)]
        chart.line = " ".join(f"{x:.1f},{y_of(p.value)}" for x, p in points)
        upper = [f"{x:.1f},{y_of(p.high)}" for x, p in points]
        lower = [f"{x:.1f},{y_of(p.low)}" for x, p in reversed(points)]
        chart.band = " ".join(upper + lower)
        chart.projection_labels = [{"x": round(x, 1), "label": p.year} for x, p in points]
    for v in tick_values:
        chart.ticks.append({"y": y_of(v), "text": compact(v, unit)})
    return chart


def tile_map(localities, values: dict, unit, link) -> dict:
    """The 34 tiles coloured in five classes of equal count by rank of `values` ({locality id: value})."""
    present = sorted(float(v) for v in values.values() if v is not None)
    n = len(present)

    def klass_of(value):
        return min(len(PALETTE) - 1, present.index(float(value)) * len(PALETTE) // n)

    tiles, members = [], {}
    for loc in localities:
        col, row = TILES.get(loc.code, (6, 0))
        value = values.get(loc.pk)
        klass = None if value is None else klass_of(value)
        if klass is not None:
            members.setdefault(klass, []).append(float(value))
        tiles.append({"x": col * (TILE + GAP), "y": row * (TILE + GAP), "locality": loc,
                      "colour": NO_DATA if klass is None else PALETTE[klass], "value": compact(value, unit),
                      "dark": klass is not None and klass >= 3, "href": link(loc)})
    legend = [{"colour": PALETTE[k], "text": compact(min(v), unit) if min(v) == max(v)
               else f"{compact(min(v), unit)} – {compact(max(v), unit)}"} for k, v in sorted(members.items())]
    return {"tiles": tiles, "width": 5 * (TILE + GAP), "height": 14 * (TILE + GAP), "tile": TILE,
            "legend": legend, "no_data": NO_DATA}


def grouped_bars(groups, unit="count") -> Chart:
    """Side-by-side bars: `groups` is [(group label, [(series index, series label, value)])] — the
    delegations out and in of each channel. A bar's class `series-N` gives its colour (the legend's)."""
    chart = Chart()
    values = [float(v) for _g, bars in groups for _i, _s, v in bars if v]
    if not values:
        return chart
    chart.empty = False
    tick_values, top = _ticks(max(values), unit)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(groups), 1)

    def y_of(v):
        return round(HEIGHT - BOTTOM - plot_h * (v / top), 1)

    for g, (label, bars) in enumerate(groups):
        width = slot * 0.7 / max(len(bars), 1)
        for k, (index, series, value) in enumerate(bars):
            x = LEFT + g * slot + slot * 0.15 + k * width
            y = y_of(float(value or 0))
            chart.bars.append({"x": round(x, 1), "y": y, "w": round(width, 1), "h": round(HEIGHT - BOTTOM - y, 1),
                               "label": f"{label} — {series}", "value": compact(value, unit), "series": index,
                               "cx": round(LEFT + g * slot + slot / 2, 1), "first": k == 0, "group": label})
    for v in tick_values:
        chart.ticks.append({"y": y_of(v), "text": compact(v, unit)})
    return chart
