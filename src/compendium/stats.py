"""Statistics the article does not give, computed with statsmodels.

Spot checks target products and firms with known risks, and the mix changes every year: a Wilson interval
describes the binomial noise of one year's checked batches, not the quality of all products on the market, and
a trend says how the checked samples changed, not how all products did.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

MIN_POINTS = 4   # fewer known years leave under 2 residual degrees of freedom: too few to call a trend


def wilson(nonconforming: float, batches: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval, in per cent, for ``nonconforming`` of ``batches`` (a count, or a printed rate
    times the batches where only the rate is printed: the interval takes a fractional count as it is)."""
    if batches <= 0 or not 0 <= nonconforming <= batches:
        raise ValueError(f"need 0 <= nonconforming ({nonconforming}) <= batches ({batches}) and batches > 0")
    low, high = proportion_confint(nonconforming, batches, alpha=alpha, method="wilson")
    return 100.0 * low, 100.0 * high


@dataclasses.dataclass(frozen=True)
class Trend:
    points: int              # known years
    derived: int             # of which derived from a printed change
    df: int                  # residual degrees of freedom
    weighted: bool           # weighted by batches checked (every year prints its batches)
    odds_ratio: float        # per year
    ci_low: float            # 95% interval, t with df degrees of freedom
    ci_high: float
    p_value: float

    @property
    def too_few(self) -> bool:
        """Under MIN_POINTS known years, or most of them derived: no trend is called."""
        return self.points < MIN_POINTS or 2 * self.derived > self.points


def glm_trend(years, rates_pct, batches=None, derived: int = 0) -> Trend:
    """Quasi-binomial GLM (logit link) of the non-conformity proportion on year, the dispersion estimated from
    the Pearson chi-square because what is sampled changes far more from year to year than binomial noise. With
    an estimated dispersion and a handful of points, intervals and p-values use t with the residual degrees of
    freedom (statsmodels' ``use_t``; R's ``summary(glm(..., family = quasibinomial))``). Each year is weighted by
    its batches when all are given, else years weigh equally."""
    x = np.asarray(list(years), dtype=float)
    p = np.asarray(list(rates_pct), dtype=float) / 100.0
    if len(x) < 3:
        raise ValueError(f"a trend needs at least three years, got {len(x)}")
    weights = None if batches is None else np.asarray(list(batches), dtype=float)
    fit = sm.GLM(p, sm.add_constant(x - x.mean()), family=sm.families.Binomial(), var_weights=weights) \
        .fit(scale="X2", use_t=True)
    low, high = fit.conf_int(alpha=0.05)[1]
    return Trend(len(x), int(derived), int(fit.df_resid), weights is not None, math.exp(fit.params[1]),
                 math.exp(low), math.exp(high), float(fit.pvalues[1]))


def two_proportion(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z statistic and two-sided p-value for the difference of two proportions, x2/n2 - x1/n1."""
    z, p = proportions_ztest([x2, x1], [n2, n1])
    return float(z), float(p)
