# glm_trend.R -- independent R reference for the compendium's small-sample
# trend inference on China's national product-quality spot-check
# non-conformity rates.
#
# Model (identical to the Python/statsmodels one):
#   Python: p = rate_pct/100, X = add_constant(year - mean(year)),
#           sm.GLM(p, X, family=Binomial(), var_weights=w).fit(scale="X2", use_t=True)
#   R:      glm(..., family = quasibinomial)  (logit link)
#   * Weighted series (every year prints its batch count):
#       glm(cbind(nonconforming, conforming) ~ year, family = quasibinomial)
#     with nonconforming = rate/100 * batches, conforming = batches - nonconforming.
#     This is exactly glm(p ~ year, weights = batches, family = quasibinomial):
#     the IRLS working weights are batches * mu(1-mu), i.e. statsmodels'
#     var_weights = batches with the Binomial variance mu(1-mu)/w.
#     (Counts may be non-integer; quasibinomial does not require integers.)
#   * Equal-weight series: glm(p ~ year, family = quasibinomial), prior weights 1,
#     i.e. statsmodels with no var_weights.
#   * Dispersion: R's summary.glm estimates it as the Pearson chi-square / df.residual,
#     which is statsmodels' scale="X2".
#   * Inference: t with df.residual (R's summary.glm for quasi families;
#     statsmodels use_t=True). Wald interval coef +/- qt(0.975, df) * se,
#     odds ratio per year = exp(slope).
#   * Year is centred at the series mean, as in Python. Centring changes only the
#     intercept; slope, se, t, p are identical (checked below: max_abs_diff_uncentred).
#   * Convergence: glm's default (epsilon = 1e-8) stops IRLS early enough that
#     summary()'s dispersion (computed from the last iteration's working weights)
#     differs from the Pearson X2/df at the final mu in about the 6th significant
#     digit. For a 10-digit reference all fits use
#     control = glm.control(epsilon = 1e-12, maxit = 100) and are then
#     "polished" by refitting 3 times from the previous coefficients
#     (start = coef(fit)), each refit forcing at least one more IRLS step; for the
#     equal-weight series the deviance is ~0.01, and glm's criterion
#     |dev - devold| / (|dev| + 0.1) is then loose in relative terms. After
#     polishing, summary()'s dispersion equals Pearson X2/df (dispersion_x2_check)
#     to ~12 digits. The largest change versus a plain glm() call with the default
#     control is printed (max_abs_diff_default_control, over slope, se, p): it is
#     the size of the difference a user of plain summary(glm(...)) would see.
#   * For comparison the old normal-based interval/p-value (qnorm(0.975), pnorm)
#     are also printed (fields or_low_norm, or_high_norm, p_norm).

# The inputs are read from two fixture files (series, year, rate, batches; rate, n, printed_count), frozen beside this
# script: tests/r/ by default, or the folder given (make r-check writes the current data's series to build/r/).
# Their md5 sums are printed first, so the output names the inputs it was computed from.
args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) >= 1) args[1] else "."
trend_file <- file.path(folder, "trend_fixture.csv")
wilson_file <- file.path(folder, "wilson_fixture.csv")

cat("R_VERSION:", R.version.string, "\n")
cat("options: digits=15\n")
cat("fixture trend_fixture.csv md5=", unname(tools::md5sum(trend_file)), "\n", sep = "")
cat("fixture wilson_fixture.csv md5=", unname(tools::md5sum(wilson_file)), "\n\n", sep = "")
options(digits = 15)

fx <- read.csv(trend_file, stringsAsFactors = FALSE)
series <- lapply(unique(fx$series), function(name) {
  d <- fx[fx$series == name, ]
  s <- list(name = name, year = d$year, rate = d$rate)
  if (all(!is.na(d$batches))) s$batches <- d$batches
  s
})

ctl <- glm.control(epsilon = 1e-12, maxit = 100)

fit_series <- function(s) {
  yc <- s$year - mean(s$year)          # centred year
  p  <- s$rate / 100
  if (!is.null(s$batches)) {
    nc <- s$rate / 100 * s$batches
    cc <- s$batches - nc
    fit  <- glm(cbind(nc, cc) ~ yc, family = quasibinomial, control = ctl)
    yr   <- s$year
    fitu <- glm(cbind(nc, cc) ~ yr, family = quasibinomial, control = ctl)  # uncentred check
    fitd <- glm(cbind(nc, cc) ~ yc, family = quasibinomial)   # default control
  } else {
    fit  <- glm(p ~ yc, family = quasibinomial, control = ctl)
    yr   <- s$year
    fitu <- glm(p ~ yr, family = quasibinomial, control = ctl)  # uncentred check
    fitd <- glm(p ~ yc, family = quasibinomial)                 # default control
  }
  for (k in 1:3) fit <- update(fit, start = coef(fit))
  for (k in 1:3) fitu <- update(fitu, start = coef(fitu))
  sm <- summary(fit)
  smu <- summary(fitu)
  df <- fit$df.residual
  b  <- unname(coef(fit)["yc"])
  se <- unname(sm$coefficients["yc", "Std. Error"])
  tv <- unname(sm$coefficients["yc", "t value"])
  pv <- unname(sm$coefficients["yc", "Pr(>|t|)"])
  q  <- qt(0.975, df)
  zq <- qnorm(0.975)
  disp <- sm$dispersion
  # dispersion from Pearson chi-square written out, as a check
  disp_x2 <- sum(residuals(fit, type = "pearson")^2) / df
  diff_unc <- max(abs(c(coef(fitu)[2] - b,
                        smu$coefficients[2, 2] - se,
                        smu$coefficients[2, 4] - pv)))
  smd <- summary(fitd)
  diff_def <- max(abs(c(coef(fitd)[2] - b,
                        smd$coefficients[2, 2] - se,
                        smd$coefficients[2, 4] - pv)))
  if (!fit$converged) stop("not converged: ", s$name)
  short <- sprintf("%-31s n=%2d df=%d  OR=%.4f  t95=[%.4f, %.4f]  p_t=%.4f  | normal95=[%.4f, %.4f]  p_norm=%.4f",
    s$name, length(s$year), as.integer(df), exp(b), exp(b - q * se), exp(b + q * se), pv,
    exp(b - zq * se), exp(b + zq * se), 2 * pnorm(-abs(b / se)))
  list(fit = fit, sm = sm, short = short, line = sprintf(paste0(
    "series=%s n=%d df=%d weighted=%s slope=%.12e se=%.12e t=%.12e p=%.12e ",
    "or=%.12f or_low=%.12f or_high=%.12f dispersion=%.12e ",
    "tq=%.12f or_low_norm=%.12f or_high_norm=%.12f p_norm=%.12e ",
    "dispersion_x2_check=%.12e max_abs_diff_uncentred=%.3e ",
    "max_abs_diff_default_control=%.3e"),
    s$name, length(s$year), as.integer(df), ifelse(is.null(s$batches), "no", "yes"),
    b, se, tv, pv, exp(b), exp(b - q * se), exp(b + q * se), disp,
    q, exp(b - zq * se), exp(b + zq * se), 2 * pnorm(-abs(b / se)),
    disp_x2, diff_unc, diff_def))
}

results <- lapply(series, fit_series)

cat("=== MACHINE-READABLE RESULTS (one line per series) ===\n")
for (r in results) cat(r$line, "\n", sep = "")
cat("=== END RESULTS ===\n\n")

cat("=== SHORT TABLE (rounded to 4 decimals; t-based and old normal-based) ===\n")
for (r in results) cat(r$short, "\n", sep = "")
cat("\n")

for (i in 1:3) {
  cat("=== summary() for", series[[i]]$name, "===\n")
  print(results[[i]]$sm)
  cat("\n")
}

# ---------------------------------------------------------------------------
# Wilson vs exact Clopper-Pearson 95% intervals for printed batch counts.
# Wilson (score) interval, written out (no prop.test, no continuity correction):
#   centre = (x + z^2/2) / (n + z^2)
#   half   = z / (n + z^2) * sqrt(x (n - x) / n + z^2 / 4)
# with x = count of non-conforming batches (rate/100 * n when only the rate is
# printed; 2952 for the 2018 national figure whose count is printed).
# Wilson is computed both with the unrounded count x (as the compendium does)
# and with the rounded integer count used for binom.test.
# ---------------------------------------------------------------------------
wilson <- function(x, n, z = qnorm(0.975)) {
  centre <- (x + z^2 / 2) / (n + z^2)
  half   <- z / (n + z^2) * sqrt(x * (n - x) / n + z^2 / 4)
  c(centre - half, centre + half)
}

wl <- read.csv(wilson_file)

cat("=== WILSON VS CLOPPER-PEARSON (95%), all in percentage points ===\n")
rows <- list()
for (i in seq_len(nrow(wl))) {
  n <- wl$n[i]
  x <- if (is.na(wl$printed_count[i])) wl$rate[i] / 100 * n else wl$printed_count[i]
  xi <- round(x)
  w  <- wilson(x, n) * 100
  wi <- wilson(xi, n) * 100
  cp <- binom.test(xi, n, conf.level = 0.95)$conf.int * 100
  width <- cp[2] - cp[1]
  d  <- max(abs(w - cp))
  di <- max(abs(wi - cp))
  rows[[i]] <- c(d, d / width, di, di / width)
  cat(sprintf(paste0(
    "wilson rate=%.1f n=%d x=%.4f x_int=%d wilson_low=%.6f wilson_high=%.6f ",
    "wilsonint_low=%.6f wilsonint_high=%.6f cp_low=%.6f cp_high=%.6f cp_width=%.6f ",
    "maxdiff_pp=%.6f maxdiff_rel_width=%.6f maxdiff_int_pp=%.6f maxdiff_int_rel_width=%.6f\n"),
    wl$rate[i], as.integer(n), x, as.integer(xi), w[1], w[2], wi[1], wi[2],
    cp[1], cp[2], width, d, d / width, di, di / width))
}
m <- do.call(rbind, rows)
cat(sprintf(paste0(
  "wilson_summary max_diff_pp=%.6f max_diff_rel_width=%.6f ",
  "max_diff_int_pp=%.6f max_diff_int_rel_width=%.6f\n"),
  max(m[, 1]), max(m[, 2]), max(m[, 3]), max(m[, 4])))
cat("=== END WILSON ===\n")
