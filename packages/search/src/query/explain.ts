import type { FilterNode, RunSort, TextField } from './filter';
import { numberFieldLabel } from './metric-names';
import { familyTakesPointReleases } from './model-names';
import { round } from './quantity';
import { formatLocal } from './time-zone';

/** What explainQuery needs besides the filter. */
export interface ExplainContext {
  readonly timeZone: string;
  /** How each time condition was written ("last week"). */
  readonly labels: ReadonlyMap<FilterNode, string>;
}

const FIELD_LABELS: Readonly<Record<TextField, string>> = {
  project: 'project is',
  dataset: 'dataset is',
  model: 'model is',
  tag: 'tag is',
  createdBy: 'created by',
  name: 'name contains',
};

/** `0.5` → `500ms`, `60` → `60s`. */
export function formatSeconds(seconds: number): string {
  const ms = round(seconds * 1000);
  return seconds > 0 && seconds < 1 && ms / 1000 === seconds ? `${ms}ms` : `${seconds}s`;
}

/**
 * A string in double quotes, escaped like JSON, plus line and paragraph separators and invisible
 * format characters (bidi overrides), so an explanation stays one honest line.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(/[\p{Zl}\p{Zp}\p{Cf}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A field value as is when it is one plain word, quoted otherwise. */
function value(text: string): string {
  return /^[\w.@/:+-]+$/.test(text) ? text : quote(text);
}

/** `claude-*`: a model family as patterns (quoted when it is not one plain word); `llama-3-*`, `llama-3.*` with its point releases. */
function familyPatterns(text: string): string[] {
  const plain = /^[\w.@/:+-]+$/.test(text) ? text : quote(text);
  return familyTakesPointReleases(text) ? [`${plain}-*`, `${plain}.*`] : [`${plain}-*`];
}

/** `model is claude-* (model family)`, `model is llama-3-* or llama-3.* (model family)`, negated with not / neither … nor. */
function explainFamily(text: string, negated: boolean): string {
  const [first, second] = familyPatterns(text);
  if (second === undefined) return `model is ${negated ? 'not ' : ''}${first} (model family)`;
  return negated ? `model is neither ${first} nor ${second} (model family)` : `model is ${first} or ${second} (model family)`;
}

/** One line for a run filter tree: `status is failed AND created 2026-11-16 – 2026-11-23 (last week, UTC)`. */
export function explainFilter(node: FilterNode, ctx: ExplainContext): string {
  switch (node.kind) {
    case 'and':
      return node.children.map((c) => group(c, ctx)).join(' AND ');
    case 'or':
      return node.children.map((c) => group(c, ctx)).join(' OR ');
    case 'not':
      return explainNot(node.child, ctx);
    case 'status':
      return `status is ${node.values.join(' or ')}`;
    case 'field':
      if (node.match === 'family') return explainFamily(node.value, false);
      return node.field === 'name' ? `name contains ${quote(node.value)}` : `${FIELD_LABELS[node.field]} ${value(node.value)}`;
    case 'time':
      return explainTime(node, ctx);
    case 'number':
      return `${numberFieldLabel(node.field)} ${node.op} ${formatNumber(node.field, node.value)}`;
    case 'metric':
      return `${node.metric} ${node.op} ${node.value}`;
    case 'speed':
      return `${node.speed} runs (${node.speed}est quartile by avg response time)`;
    case 'tagged':
      return 'has tags';
    case 'text':
      return `text contains ${quote(node.text)}`;
  }
}

function group(node: FilterNode, ctx: ExplainContext): string {
  const text = explainFilter(node, ctx);
  return node.kind === 'and' || node.kind === 'or' ? `(${text})` : text;
}

/** Fields a run has one value of, so NOT (model is a OR model is b) reads as "model is neither a nor b". */
const ONE_VALUE_LABELS: Readonly<Partial<Record<TextField, string>>> = { project: 'project', dataset: 'dataset', model: 'model' };

/** `model is neither gpt-4 nor claude`, `model is none of a, b, c`; undefined unless every child is a plain value of one such field. */
function noneOfValues(children: readonly FilterNode[]): string | undefined {
  const fields = new Set(children.map((c) => (c.kind === 'field' && c.match === undefined ? c.field : undefined)));
  const [field] = fields;
  const label = fields.size === 1 && field !== undefined ? ONE_VALUE_LABELS[field] : undefined;
  if (label === undefined) return undefined;
  const values = children.map((c) => value((c as { value: string }).value));
  return values.length === 2 ? `${label} is neither ${values[0]} nor ${values[1]}` : `${label} is none of ${values.join(', ')}`;
}

function explainNot(child: FilterNode, ctx: ExplainContext): string {
  if (child.kind === 'status') return notStatus(child.values);
  if (child.kind === 'or') {
    const none = noneOfValues(child.children);
    if (none !== undefined) return none;
  }
  if (child.kind === 'field' && child.match === 'family') return explainFamily(child.value, true);
  if (child.kind === 'tagged') return 'has no tags';
  if (child.kind === 'field' && child.field !== 'name' && child.field !== 'createdBy') {
    return `${child.field} is not ${value(child.value)}`;
  }
  if (child.kind === 'text') return `text does not contain ${quote(child.text)}`;
  return `NOT (${explainFilter(child, ctx)})`;
}

/** `status is not failed`, `status is none of failed, cancelled`. */
export function notStatus(values: readonly string[]): string {
  return values.length === 1 ? `status is not ${values[0]}` : `status is none of ${values.join(', ')}`;
}

function formatNumber(field: string, value: number): string {
  // The bound applied, never rounded (shortest form that reads back as it): a percentage only when it is that exactly.
  if (field === 'successRate' || field === 'errorRate') return round(value * 100) / 100 === value ? `${round(value * 100)}%` : String(value);
  if (field === 'avgResponseTime' || field === 'durationSeconds') return formatSeconds(value);
  return String(value);
}

/** A time of day followed by a UTC offset or Z, as ISO 8601 writes it: `T01:30:00+01:00`, `09:00Z`. */
/** A time of day written with its seconds: `09:00:30`, `23:59:59.999`. */
const WRITTEN_SECONDS_RE = /\d:\d\d:\d\d/;
const WRITTEN_OFFSET_RE = /\d:\d\d(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d(?::?\d\d)?)(?![\w:])/i;

function explainTime(node: FilterNode & { kind: 'time' }, ctx: ExplainContext): string {
  const label = ctx.labels.get(node);
  const suffix = label === undefined ? `(${ctx.timeZone})` : `(${label}, ${ctx.timeZone})`;
  // A time written with seconds is shown to the millisecond (the bound applied), and one written with its offset
  // ("T01:30:00+01:00") with the zone's offset; a rolling window ("last hour") is shown to the minute.
  const format = { seconds: label !== undefined && WRITTEN_SECONDS_RE.test(label), offset: label !== undefined && WRITTEN_OFFSET_RE.test(label) };
  const from = node.from && formatLocal(node.from, ctx.timeZone, format);
  const to = node.to && formatLocal(node.to, ctx.timeZone, format);
  if (from && to) return `created ${from} \u2013 ${to} ${suffix}`;
  if (from) return `created since ${from} ${suffix}`;
  if (to) return `created before ${to} ${suffix}`;
  return `created at any time ${suffix}`;
}

const SORT_LABELS: Readonly<Record<Exclude<RunSort['field'], 'metric'>, [string, string, string]>> = {
  createdAt: ['created', 'oldest first', 'newest first'],
  name: ['name', 'A to Z', 'Z to A'],
  successRate: ['success rate', 'lowest first', 'highest first'],
  durationSeconds: ['duration', 'shortest first', 'longest first'],
  avgResponseTime: ['avg response time', 'fastest first', 'slowest first'],
  totalTokens: ['tokens', 'fewest first', 'most first'],
  totalCost: ['cost', 'cheapest first', 'most expensive first'],
};

/** `sorted by created, newest first`. */
export function explainRunSort(sort: RunSort): string {
  if (sort.field === 'metric') return `sorted by ${sort.metric}, ${sort.direction === 'asc' ? 'lowest' : 'highest'} first`;
  const [label, asc, desc] = SORT_LABELS[sort.field];
  return `sorted by ${label}, ${sort.direction === 'asc' ? asc : desc}`;
}

/** The whole explanation line: conditions · sort · limit. */
export function explainLine(conditions: string, sort: string | undefined, limit: number | undefined): string {
  return [conditions, sort, limit === undefined ? undefined : `limit ${limit}`].filter((p) => p !== undefined).join(' \u00b7 ');
}
