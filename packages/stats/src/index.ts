/** Mean, median, sample standard deviation, extremes and percentiles of a sample. */
export { summarize, quantileSorted, histogram } from './descriptive';
/** The result of summarize. */
export type { Summary, Percentiles, Histogram } from './descriptive';
