export { createBleu, type BleuOptions } from './bleu';
export { createContains, type ContainsOptions } from './contains';
export { createExactMatch, type ExactMatchOptions } from './exact-match';
export { createFuzzyMatch, type FuzzyMatchOptions } from './fuzzy-match';
export { createJsonMatch, type JsonMatchOptions } from './json-match';
export { createJsonValid } from './json-valid';
export { createNumericClose, type NumericCloseOptions } from './numeric-close';
export { createRegex, type RegexOptions } from './regex';
export { createResponseTime } from './response-time';
export { createRougeL } from './rouge-l';
export { createTokenCount } from './token-count';
export { createTokenF1, type TokenF1Options } from './token-f1';
export {
  BUILT_IN_METRICS,
  listMetrics,
  registerMetric,
  resolveMetrics,
  scoreMetric,
  unregisterMetric,
  type MetricScore,
  type MetricSpec,
} from './registry';
