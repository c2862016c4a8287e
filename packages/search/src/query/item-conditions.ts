import type { ItemStatus } from '@llm-eval/models';
import { QuerySyntaxError } from '../errors';
import { parseComparison } from './comparison';
import type { ItemFilterNode } from './filter';
import { chainAfter, chainNode, conditionAfter, conditionOrValueAfter } from './metric-conditions';
import { metricNameAt } from './metric-names';
import { parseQuantity, readValue } from './quantity';
import { matchPhrase, type Match, type RuleContext } from './rule';
import { ITEM_STATUS_WORDS, statusValues } from './status-words';
import { boundedNumberAt } from './trailing-bounds';
import { fieldValues } from './tokenize';

type ItemMatch = Match<ItemFilterNode, never>;

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
