import type { ItemStatus } from '@llm-eval/models';
import { QuerySyntaxError } from '../errors';
import { parseComparison } from './comparison';
import type { ItemFilterNode } from './filter';
import { chainAfter, chainNode, conditionAfter, conditionOrValueAfter } from './metric-conditions';
import { metricNameAt } from './metric-names';
import { parseQuantity, readValue } from './quantity';
import { matchPhrase, matchWords, sliceTokens, type Match, type RuleContext } from './rule';
import { ITEM_STATUS_WORDS, statusValues } from './status-words';
import { boundedNumberAt } from './trailing-bounds';
import { fieldValues } from './tokenize';

type ItemMatch = Match<ItemFilterNode, never>;

/** Verbs that need no subject: "contains Paris" looks in the output. */
const BARE_VERBS = ['contains', 'contain', 'containing', 'includes', 'including', 'include', 'mentions', 'mentioning'];
/** Verbs after "output" or "error": "errors like timeout". */
const SUBJECT_VERBS = [...BARE_VERBS, 'like', 'matching', 'matches', 'match', 'with', 'about'];
const OUTPUT_WORDS = ['output', 'outputs', 'actual output', 'response', 'responses', 'answer', 'answers'];
const ERROR_WORDS = ['error', 'errors', 'error message', 'error messages', 'errored'];
const RESPONSE_TIME_PHRASES = ['response time', 'response times', 'response_time', 'latency', 'duration', 'time', 'time taken'];
const IMPLIED_TIME = ['slower than', 'faster than', 'quicker than', 'longer than', 'shorter than', 'took', 'taking', 'takes'];

/** `status:failed`, `output:Paris`, `error:timeout`, `text:foo`, `-status:skipped`; any other key is a syntax error. */
export function itemFieldTokenRule(ctx: RuleContext, i: number): ItemMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'field') return null;
  const key = token.key!.toLowerCase();
  const valueStart = token.valueStart!;
  const where = key === 'output' ? 'output' : key === 'error' ? 'error' : key === 'text' ? 'any' : undefined;
  if (key !== 'status' && where === undefined) {
    throw new QuerySyntaxError(`unknown field "${token.key}:" (known fields: status:, output:, error:, text:)`, ctx.text, token.keyStart!);
  }
  if (fieldValues(token).some((v) => v.trim() === '')) throw new QuerySyntaxError(`empty value for "${token.key}:"`, ctx.text, valueStart);
  let node: ItemFilterNode;
  if (where !== undefined) {
    const nodes = fieldValues(token).map((text): ItemFilterNode => ({ kind: 'text', in: where, text }));
    node = nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
  } else {
    const statuses = statusValues(token.text, ITEM_STATUS_WORDS);
    const unknown = statuses.findIndex((s) => s === undefined);
    if (unknown >= 0) {
      const word = token.text.split(/[,|/]/)[unknown];
      throw new QuerySyntaxError(`unknown status "${word}" (use pending, completed, failed or skipped)`, ctx.text, valueStart);
    }
    node = { kind: 'status', values: [...new Set(statuses as ItemStatus[])] };
  }
  return { end: i + 1, node: token.negated ? { kind: 'not', child: node } : node };
}

/** "contains 'Paris'", "output contains Paris", "errors like timeout", "error contains timeout", "failed with timeout". */
export function itemTextRule(ctx: RuleContext, i: number): ItemMatch | null {
  const failedWith = matchWords(ctx, i, ['failed', 'with']);
  const error = matchPhrase(ctx, i, ERROR_WORDS);
  const output = matchPhrase(ctx, i, OUTPUT_WORDS);
  let where: 'output' | 'error' = 'output';
  let verbEnd: number | undefined;
  if (failedWith > 0) {
    where = 'error';
    verbEnd = failedWith;
  } else if (error) {
    where = 'error';
    verbEnd = matchPhrase(ctx, error[1], SUBJECT_VERBS)?.[1];
  } else if (output) {
    verbEnd = matchPhrase(ctx, output[1], SUBJECT_VERBS)?.[1];
  } else {
    verbEnd = matchPhrase(ctx, i, BARE_VERBS)?.[1];
  }
  if (verbEnd === undefined) return null;
  const value = ctx.tokens[verbEnd];
  if (value && (value.kind === 'quoted' || value.kind === 'word') && value.text.trim() !== '') {
    return { end: verbEnd + 1, node: { kind: 'text', in: where, text: value.text } };
  }
  return { end: verbEnd, warnings: [`ignored "${sliceTokens(ctx, i, verbEnd)}": nothing to look for after it`] };
}

/** "exact_match = 0", "exact_match < 0.5", "accuracy between 0.2 and 0.8", "exact_match 0 or 1". */
export function itemScoreRule(ctx: RuleContext, i: number): ItemMatch | null {
  const metric = metricNameAt(ctx, i);
  if (!metric) return null;
  const parts = conditionOrValueAfter(ctx, metric.end, metric.definite, 'metric');
  if (!parts) return null;
  const chain = chainAfter(ctx, parts, 'metric');
  const node = chainNode<ItemFilterNode>(chain, (op, value) => ({ kind: 'score', metric: metric.metric, op, value }));
  return { end: chain.end, node, warnings: chain.warnings };
}

/** "response time > 2s", "latency under 500ms", "slower than 2s", "took longer than 1 minute". */
export function itemResponseTimeRule(ctx: RuleContext, i: number): ItemMatch | null {
  const subject = matchPhrase(ctx, i, RESPONSE_TIME_PHRASES);
  if (subject) {
    const parts = conditionAfter(ctx, subject[1], subject[0] !== 'time', 'seconds');
    if (!parts) return null;
    const chain = chainAfter(ctx, parts, 'seconds');
    const node = chainNode<ItemFilterNode>(chain, (op, value) => ({ kind: 'responseTime', op, value }));
    return { end: chain.end, node, warnings: chain.warnings };
  }
  const implied = matchPhrase(ctx, i, IMPLIED_TIME);
  if (!implied) return null;
  const start = implied[0].endsWith(' than') ? i : implied[1];
  // "took 2s or more": the bound after the number is the operator.
  const bounded = boundedNumberAt(ctx, start);
  const comparison = bounded?.comparison ?? parseComparison(ctx, start);
  if (!comparison || comparison.weak || (!comparison.symbolic && !parseQuantity(ctx, comparison.end))) return null;
  const warnings: string[] = [];
  const value = readValue(ctx, comparison, 'seconds', warnings);
  if (!value) return null;
  return { end: bounded?.end ?? value.end, node: { kind: 'responseTime', op: comparison.op, value: value.value }, warnings };
}
