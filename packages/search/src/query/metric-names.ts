import { parseComparison } from './comparison';
import type { FilterNode, ItemFilterNode, NumberField, RunSort } from './filter';
import type { ValueKind } from './quantity';
import { matchPhrase, wordAt, type RuleContext } from './rule';

/** What a numeric condition or sort is about: a run column or a metric's mean. */
export type MetricTarget = { kind: 'number'; field: NumberField } | { kind: 'metric'; metric: string };

/** A metric or run number named at some token. */
export interface TargetMatch {
  readonly target: MetricTarget;
  readonly end: number;
  /**
   * True when the words can only mean this target (snake_case names, "success rate", known metric
   * names passed in options): an operator after it must then have a number.
   */
  readonly definite: boolean;
}

/** Metric words recognised without options (an operator must follow them). */
export const KNOWN_METRIC_WORDS: ReadonlySet<string> = new Set([
  'accuracy', 'precision', 'recall', 'f1', 'bleu', 'rouge', 'meteor', 'bertscore', 'perplexity', 'fuzzy', 'toxicity',
  'faithfulness', 'relevance', 'relevancy', 'coherence', 'fluency', 'similarity', 'correctness', 'groundedness',
  'helpfulness', 'score',
]);

/** Two-word spellings of common snake_case metrics ("exact match"). */
const SPLIT_METRICS = ['exact_match', 'fuzzy_match'];

const SNAKE_CASE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/i;

/** Phrases naming run columns, longest first when matched. */
const RUN_NUMBER_PHRASES: ReadonlyMap<string, NumberField> = new Map<string, NumberField>([
  ...phrases('successRate', ['success rate', 'success_rate', 'successrate', 'pass rate', 'pass_rate', 'success ratio']),
  ...phrases('errorRate', [
    'error rate', 'error_rate', 'errorrate', 'failure rate', 'failure_rate', 'fail rate', 'fail_rate', 'error ratio', 'failure ratio',
  ]),
  ...phrases('failedItems', ['failed items', 'failed_items', 'failed item count', 'number of failed items', 'item failures']),
  ...phrases('avgResponseTime', [
    'response time', 'response times', 'avg response time', 'average response time', 'mean response time',
    'latency', 'avg latency', 'average latency', 'mean latency', 'avg_response_time', 'response_time', 'avg_latency',
  ]),
  ...phrases('durationSeconds', ['duration', 'run time', 'runtime', 'wall time', 'elapsed time', 'duration_seconds', 'total time']),
  ...phrases('totalItems', ['items', 'total items', 'item count', 'number of items', 'total_items']),
  ...phrases('totalTokens', ['tokens', 'total tokens', 'token count', 'total_tokens']),
  ...phrases('totalCost', ['cost', 'total cost', 'total_cost']),
]);
const RUN_NUMBER_PHRASE_LIST = [...RUN_NUMBER_PHRASES.keys()];
/** Phrases that start with a word of their own meaning ("failed"): "failed items over the weekend" is no condition. */
const LOOSE_PHRASES: ReadonlySet<string> = new Set(['failed items', 'failed item count']);

function phrases(field: NumberField, list: readonly string[]): [string, NumberField][] {
  return list.map((p) => [p, field]);
}

/** The kind of value each run column takes. */
export function valueKindOf(target: MetricTarget): ValueKind {
  if (target.kind === 'metric') return 'metric';
  switch (target.field) {
    case 'successRate':
    case 'errorRate':
      return 'fraction';
    case 'avgResponseTime':
    case 'durationSeconds':
      return 'seconds';
    case 'totalCost':
      return 'cost';
    default:
      return 'count';
  }
}

/** A run column or a metric named at `i` ("success rate", "avg response time", "exact_match", "accuracy"). */
export function runTargetAt(ctx: RuleContext, i: number): TargetMatch | null {
  const phrase = matchPhrase(ctx, i, RUN_NUMBER_PHRASE_LIST);
  if (phrase) return { target: { kind: 'number', field: RUN_NUMBER_PHRASES.get(phrase[0])! }, end: phrase[1], definite: !LOOSE_PHRASES.has(phrase[0]) };
  const metric = metricNameAt(ctx, i);
  return metric && { ...metric, target: { kind: 'metric', metric: metric.metric } };
}

/** Most words a stored metric name with spaces or underscores is recognised over ("answer relevancy rate"). */
const MAX_METRIC_WORDS = 4;

/**
 * A metric named at `i`: one of `options.metrics` (written with spaces or underscores between its words, or quoted
 * before a comparison), snake_case, a known metric word, or "exact match". A stored name typed with its exact case is
 * that name; see {@link knownSpelling} for one typed in another case.
 */
export function metricNameAt(ctx: RuleContext, i: number): { metric: string; end: number; definite: boolean } | null {
  const token = ctx.tokens[i];
  if (token?.kind === 'quoted') {
    const quoted = knownSpelling(ctx.options.metrics, token.text);
    return quoted !== undefined && parseComparison(ctx, i + 1) ? { metric: quoted, end: i + 1, definite: true } : null;
  }
  if (token?.kind !== 'word') return null;
  const known = ctx.options.metrics;
  for (let n = MAX_METRIC_WORDS; n >= 2; n--) {
    const words = ctx.tokens.slice(i, i + n);
    if (words.length < n || words.some((w) => w.kind !== 'word')) continue;
    const typed = words.map((w) => w.text);
    const option = knownSpelling(known, typed.join('_')) ?? knownSpelling(known, typed.join(' '));
    if (option !== undefined) return withScore(ctx, option, i + n, true);
    const joined = typed.join('_').toLowerCase();
    if (n === 2 && SPLIT_METRICS.includes(joined)) return withScore(ctx, joined, i + 2, true);
  }
  const option = knownSpelling(known, token.text);
  if (option !== undefined) return withScore(ctx, option, i + 1, true);
  if (SNAKE_CASE_RE.test(token.text)) return withScore(ctx, token.text, i + 1, true);
  const prefixed = known.filter((m) => m.toLowerCase().startsWith(`${token.lower}_`));
  if (prefixed.length === 1) return withScore(ctx, prefixed[0]!, i + 1, false);
  if (KNOWN_METRIC_WORDS.has(token.lower)) return withScore(ctx, token.lower, i + 1, false);
  return null;
}

/** Known metric names by their lower-cased spelling, built once per list (the engine passes the same one for a minute). */
const spellingIndex = new WeakMap<readonly string[], Map<string, string[]>>();

function spellingsOf(known: readonly string[]): Map<string, string[]> {
  let index = spellingIndex.get(known);
  if (!index) {
    index = new Map();
    for (const name of known) {
      const lower = name.toLowerCase();
      index.set(lower, [...(index.get(lower) ?? []), name]);
    }
    spellingIndex.set(known, index);
  }
  return index;
}

/**
 * The known metric `typed` names: itself when stored with that exact case; else, of the stored spellings that differ
 * only in case, the lower-case one, else the first in code-unit order (the same on every database, whatever its
 * collation). The spellings not chosen are named in a warning (see metricSpellingWarnings).
 */
function knownSpelling(known: readonly string[], typed: string): string | undefined {
  const variants = spellingsOf(known).get(typed.toLowerCase());
  if (!variants) return undefined;
  if (variants.includes(typed)) return typed;
  const lower = typed.toLowerCase();
  return variants.includes(lower) ? lower : [...variants].sort()[0];
}

/** The metrics a run or item filter and its sort name. @internal */
export function metricsNamed(filter: FilterNode | ItemFilterNode | null, sort?: RunSort | { metric?: string }): string[] {
  const out: string[] = [];
  const walk = (node: FilterNode | ItemFilterNode): void => {
    if (node.kind === 'and' || node.kind === 'or') (node.children as Array<FilterNode | ItemFilterNode>).forEach(walk);
    else if (node.kind === 'not') walk(node.child);
    else if (node.kind === 'metric' || node.kind === 'score') out.push(node.metric);
  };
  if (filter) walk(filter);
  if (sort && 'metric' in sort && sort.metric) out.push(sort.metric);
  return out;
}

/**
 * Warnings for metrics the query searches that are also stored in other spellings differing only in case: only the
 * spelling chosen is searched (a metric's means are kept per spelling), and the explanation shows that one.
 * @internal
 */
export function metricSpellingWarnings(metrics: Iterable<string>, known: readonly string[]): string[] {
  const index = spellingsOf(known);
  return [...new Set(metrics)].flatMap((metric) => {
    const others = (index.get(metric.toLowerCase()) ?? []).filter((m) => m !== metric);
    if (others.length === 0) return [];
    const list = others.map((m) => JSON.stringify(m)).join(', ');
    const those = others.length === 1 ? 'that spelling' : 'one of those spellings';
    return [`the metric ${JSON.stringify(metric)} is also stored as ${list}, which ${others.length === 1 ? 'is' : 'are'} not searched; type ${those} to search it`];
  });
}

/** "accuracy score > 0.9": the word "score" after a metric name adds nothing. */
function withScore(ctx: RuleContext, metric: string, end: number, definite: boolean) {
  const after = ctx.tokens[end];
  const skip = after?.kind === 'word' && after.lower === 'score' && metric.toLowerCase() !== 'score' ? 1 : 0;
  return { metric, end: end + skip, definite };
}

/** How a run column is named in explanations. */
export function numberFieldLabel(field: NumberField): string {
  const labels: Record<NumberField, string> = {
    successRate: 'success rate',
    errorRate: 'error rate',
    durationSeconds: 'duration',
    avgResponseTime: 'avg response time',
    totalItems: 'items',
    failedItems: 'failed items',
    totalTokens: 'tokens',
    totalCost: 'cost',
  };
  return labels[field];
}

/** Words after a number that count failed items: "fewer than 5 failures", "more than 10 errors". */
const FAILURE_COUNT_WORDS: ReadonlySet<string> = new Set(['failures', 'errors', 'failed', 'errored']);

/** What a number written before its measure measures, at token `j`: "accuracy", "items", "failures", "failed items". */
export function measureAfterValueAt(ctx: RuleContext, j: number): TargetMatch | null {
  if (!FAILURE_COUNT_WORDS.has(wordAt(ctx, j) ?? '')) return runTargetAt(ctx, j);
  return { target: { kind: 'number', field: 'failedItems' }, end: j + (wordAt(ctx, j + 1) === 'items' ? 2 : 1), definite: true };
}
