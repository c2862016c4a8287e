/** Mean, median, sample standard deviation, extremes and percentiles of a sample. */
export { summarize, quantileSorted, histogram } from './descriptive';
/** The arithmetic mean of a sample (NaN when empty). */
export { mean } from './descriptive';
/** Python's math.fsum: the correctly rounded sum. */
export { fsum } from './fsum';
/** A running exact sum and mean in constant memory (Shewchuk partials, BigInt past an overflow). */
export { ExactSum } from './exact-sum';
/** The result of summarize. */
export type { Summary, Percentiles, Histogram } from './descriptive';
/** A seeded generator of uniform floats in [0, 1) (xoshiro128** seeded by splitmix32): same seed, same sequence. */
export { createRng } from './seeded-random';
/** Percentile bootstrap confidence interval for the mean of paired differences (deterministic for a seed). */
export { pairedBootstrapCI } from './paired-bootstrap';
/** Options and result of pairedBootstrapCI. */
export type { BootstrapOptions, BootstrapInterval } from './paired-bootstrap';
/** Two-sided Wilcoxon signed-rank test of paired differences: exact for n <= 300 (ties and all), else normal. */
export { wilcoxonSignedRank } from './wilcoxon';
/** The result and options of wilcoxonSignedRank. */
export type { WilcoxonResult, WilcoxonOptions } from './wilcoxon';
/** Exact two-sided McNemar test on discordant pair counts (binomial with p = 1/2). */
export { mcnemarExact } from './mcnemar';
/** The result of mcnemarExact. */
export type { McNemarResult } from './mcnemar';
/** Two-sided sign-flip permutation test of the mean difference: exact for n <= 20, else Monte Carlo. */
export { pairedPermutationTest } from './permutation';
/** Options and result of pairedPermutationTest. */
export type { PermutationOptions, PermutationResult } from './permutation';
/** The standard normal CDF and the complementary error function (relative error < 1e-14). */
export { normalCdf, erfc } from './normal';
/** Thrown for an argument outside its domain (confidence outside (0, 1), a negative count, ...). */
export { StatsArgumentError } from './errors';
/** Student t confidence interval for a mean (the interval comparisons use: it covers better than the bootstrap at small n). */
export { meanConfidenceInterval } from './mean-interval';
/** Exact (Clopper–Pearson) one-sided bounds of a binomial proportion, each at a given tail probability. */
export { clopperPearsonBounds } from './clopper-pearson';
/** The exact upper bound of a proportion given that not every trial succeeded (Clopper–Pearson of the truncated binomial). */
export { clopperPearsonUpperGivenFewer } from './clopper-pearson';
/** The result of clopperPearsonBounds. */
export type { ProportionBounds } from './clopper-pearson';
/** Options and result of meanConfidenceInterval. */
export type { MeanIntervalOptions, MeanInterval } from './mean-interval';
/** Student's t CDF and quantile. */
export { studentTCdf, studentTQuantile } from './student-t';
/** Holm's step-down adjustment of p-values for several tests (controls the family-wise error rate). */
export { holmAdjust } from './holm';
/** The fewest non-zero paired differences with which an exact sign-flip test can reach a significance level. */
export { minimumInformativePairs } from './minimum-pairs';
/** Whether two computed numbers are equal up to rounding (relative 1e-12, optionally an absolute tolerance), and paired differences that are 0 for such pairs. */
export { nearlyEqual, pairedDifferences, RELATIVE_TOLERANCE } from './tolerance';
/** Per pair, the float noise b − a may carry: within it a difference is 0, and two differences tie in ranks. */
export { differenceTolerances } from './tolerance';
/** An append-only list of doubles in one growable Float64Array (8 bytes a value), for samples of millions. */
export { Float64List } from './float64-list';
