"""Projection of a yearly series: a straight-line trend fitted by least squares, with a 95 % prediction
interval (Student's t with n − 2 degrees of freedom), and its back-test error: for each of the last
three years, the trend fitted on the years before it projects that year; the mean absolute percentage
error (MAPE) of those projections is shown beside the chart. Needs at least three years of data; always
labelled as a projection, not a plan or a target."""
import math
from dataclasses import dataclass, field

# Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom (then the normal 1.96).
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
       2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
       2.045, 2.042]
MIN_YEARS = 3


def t95(df: int) -> float:
    return T95[df - 1] if 1 <= df <= len(T95) else 1.96


@dataclass
class Projection:
    year: int
    value: float
    low: float
    high: float


@dataclass
class Forecast:
    history: list                      # [(year, value)]
    projections: list = field(default_factory=list)
    mape: float | None = None          # back-test error, %
    backtest: list = field(default_factory=list)   # [(year, actual, projected)]
    slope: float | None = None


def _fit(points):
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx if sxx else 0.0
    return slope, mean_y - slope * mean_x, mean_x, sxx


def project(series, years_ahead=3) -> Forecast | None:
    """`series` [(year, value or None)]; None when there are fewer than MIN_YEARS values."""
    points = [(year, float(value)) for year, value in series if value is not None]
    if len(points) < MIN_YEARS:
        return None
    result = Forecast(history=points)
    slope, intercept, mean_x, sxx = _fit(points)
    result.slope = slope
    n = len(points)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in points)
    s = math.sqrt(residual / (n - 2)) if n > 2 else 0.0
    last = points[-1][0]
    for year in range(last + 1, last + 1 + years_ahead):
        centre = intercept + slope * year
        half = t95(n - 2) * s * math.sqrt(1 + 1 / n + ((year - mean_x) ** 2 / sxx if sxx else 0))
        result.projections.append(Projection(year, max(centre, 0.0), max(centre - half, 0.0), max(centre + half, 0.0)))
    errors = []
    for i in range(max(2, n - 3), n):
        train = points[:i]
        if len(train) < 2:
            continue
        b, a, _mx, _sxx = _fit(train)
        year, actual = points[i]
        projected = a + b * year
        result.backtest.append((year, actual, projected))
        if actual:
            errors.append(abs(projected - actual) / abs(actual) * 100)
    result.mape = sum(errors) / len(errors) if errors else None
    return result
