"""Statistics the article does not give, computed with statsmodels.

A caution that applies to all of it: national supervision spot checks target products and firms with known
risks (earlier failures, complaints, small firms), and the mix changes every year. A Wilson interval describes
the binomial noise of a rate *given this year's sample*; it does not make the rate an estimate of the quality
of all products on the market, and a trend says how the checked samples changed, not how all products did.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd


def wilson(nonconforming: int, batches: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval, in percent, for ``nonconforming`` of ``batches``."""
    from statsmodels.stats.proportion import proportion_confint

    if batches <= 0 or not 0 <= nonconforming <= batches:
        raise ValueError(f"need 0 <= nonconforming ({nonconforming}) <= batches ({batches}) and batches > 0")
    lo, hi = proportion_confint(nonconforming, batches, alpha=alpha, method="wilson")
    return 100.0 * lo, 100.0 * hi


def wilson_from_rate(rate_pct: float, batches: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson interval for a printed rate and batch count (the count of non-conforming batches not printed).

    statsmodels' ``proportion_confint`` is given the proportion itself as a fractional count, so no count is
    invented; the printed rate's rounding (±0.05 points) is small beside the interval's width."""
    from statsmodels.stats.proportion import proportion_confint

    if batches <= 0 or not 0 <= rate_pct <= 100:
        raise ValueError(f"need 0 <= rate ({rate_pct}) <= 100 and batches ({batches}) > 0")
    lo, hi = proportion_confint(rate_pct / 100.0 * batches, batches, alpha=alpha, method="wilson")
    return 100.0 * lo, 100.0 * hi


@dataclasses.dataclass(frozen=True)
class Trend:
    scope: str
    years: tuple[int, ...]
    weighting: str
    slope_logit: float
    odds_ratio_per_year: float
    ci_low: float
    ci_high: float
    p_value: float

    @property
    def direction(self) -> str:
        if self.ci_low > 1:
            return "rising"
        if self.ci_high < 1:
            return "falling"
        return "no clear trend"


def glm_trend(scope: str, years, rates_pct, batches=None) -> Trend:
    """Quasi-binomial GLM (logit link) of the non-conformity proportion on year.

    With batch counts for every year, each year is weighted by its batches; otherwise years weigh equally.
    The dispersion is estimated from the Pearson chi-square (quasi-binomial), because year-to-year changes in
    what is sampled make the spread far wider than binomial noise. Needs at least three years."""
    import statsmodels.api as sm

    years = np.asarray(list(years), dtype=float)
    p = np.asarray(list(rates_pct), dtype=float) / 100.0
    if len(years) < 3:
        raise ValueError(f"{scope}: a trend needs at least three years, got {len(years)}")
    weights = None
    weighting = "equal weights (batch counts not printed for every year)"
    if batches is not None and all(b is not None and not pd.isna(b) for b in batches):
        weights = np.asarray(list(batches), dtype=float)
        weighting = "weighted by batches checked"
    x = sm.add_constant(years - years.mean())
    model = sm.GLM(p, x, family=sm.families.Binomial(), var_weights=weights)
    fit = model.fit(scale="X2")
    slope = float(fit.params[1])
    lo, hi = (float(v) for v in fit.conf_int()[1])
    return Trend(scope, tuple(int(y) for y in years), weighting, slope, math.exp(slope), math.exp(lo),
                 math.exp(hi), float(fit.pvalues[1]))


def two_proportion(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z statistic and two-sided p-value for the difference of two proportions (x2/n2 - x1/n1)."""
    from statsmodels.stats.proportion import proportions_ztest

    z, p = proportions_ztest([x2, x1], [n2, n1])
    return float(z), float(p)
