import { QuerySyntaxError } from '../errors';
import type { Comparison, FilterNode, NumberField, ParsedQuery, RunSort, TextField } from './filter';
import { parseQuery } from './parse-query';

// A Friday afternoon in UTC; Saturday morning in Tokyo, Friday morning in New York.
const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string, timeZone = 'UTC', metrics?: string[]) => parseQuery(text, { now: NOW, timeZone, ...(metrics ? { metrics } : {}) });

const status = (...values: ('running' | 'completed' | 'failed' | 'cancelled')[]): FilterNode => ({ kind: 'status', values });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const field = (f: TextField, value: string): FilterNode => ({ kind: 'field', field: f, value });
const num = (f: NumberField, op: Comparison, value: number): FilterNode => ({ kind: 'number', field: f, op, value });
const metric = (name: string, op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: name, op, value });
const text = (t: string): FilterNode => ({ kind: 'text', text: t });
const speed = (s: 'slow' | 'fast'): FilterNode => ({ kind: 'speed', speed: s });
const tagged: FilterNode = { kind: 'tagged' };
/** A time node; bare dates are midnight UTC. */
const time = (from?: string, to?: string): FilterNode => ({
  kind: 'time',
  ...(from ? { from: new Date(from.length === 10 ? `${from}T00:00:00Z` : from) } : {}),
  ...(to ? { to: new Date(to.length === 10 ? `${to}T00:00:00Z` : to) } : {}),
});
const NOW_ISO = NOW.toISOString();

type Case = [query: string, filter: FilterNode | null, extra?: { sort?: RunSort; limit?: number }];

const cases: Case[] = [
  // The design's examples.
  ['failed runs', status('failed')],
  ['demo project', field('project', 'demo')],
  ['today', time('2026-11-27', '2026-11-28')],
  ['last week', time('2026-11-16', '2026-11-23')],
  ['yesterday', time('2026-11-26', '2026-11-27')],
  ['success rate > 80%', num('successRate', '>', 0.8)],
  ['duration < 60s', num('durationSeconds', '<', 60)],
  ['slow responses from last month', and(speed('slow'), time('2026-10-01', '2026-11-01'))],
  ['failed runs from last week', and(status('failed'), time('2026-11-16', '2026-11-23'))],

  // Status words.
  ['failures', status('failed')],
  ['failing runs', status('failed')],
  ['errored', status('failed')],
  ['broken runs', status('failed')],
  ['error', status('failed')],
  ['completed runs', status('completed')],
  ['complete', status('completed')],
  ['finished', status('completed')],
  ['successful runs', status('completed')],
  ['succeeded', status('completed')],
  ['passed', status('completed')],
  ['done', status('completed')],
  ['running', status('running')],
  ['in progress', status('running')],
  ['ongoing runs', status('running')],
  ['active', status('running')],
  ['cancelled', status('cancelled')],
  ['canceled runs', status('cancelled')],
  ['aborted', status('cancelled')],
  ['stopped', status('cancelled')],
  ['runs that are not completed', not(status('completed'))],
  ['non-failed runs', not(status('failed'))],
  ['not failed', not(status('failed'))],
  ['excluding cancelled', not(status('cancelled'))],
  ['except failed runs', not(status('failed'))],
  ['failed or cancelled runs', status('failed', 'cancelled')],
  ['failed, cancelled or aborted', status('failed', 'cancelled')],
  ['not failed or cancelled', not(status('failed', 'cancelled'))],
  ['neither failed nor cancelled', not(status('failed', 'cancelled'))],
  ['status:failed', status('failed')],
  ['status:failed,cancelled', status('failed', 'cancelled')],
  ['success rate above 90% successful runs', and(num('successRate', '>', 0.9), status('completed'))],

  // Time phrases (UTC).
  ['this week', time('2026-11-23', '2026-11-30')],
  ['last 3 days', time('2026-11-24T15:00:00Z', NOW_ISO)],
  ['past 24 hours', time('2026-11-26T15:00:00Z', NOW_ISO)],
  ['last 2 weeks', time('2026-11-13T15:00:00Z', NOW_ISO)],
  ['last month', time('2026-10-01', '2026-11-01')],
  ['this month', time('2026-11-01', '2026-12-01')],
  ['this year', time('2026-01-01', '2027-01-01')],
  ['last year', time('2025-01-01', '2026-01-01')],
  ['since 2026-11-01', time('2026-11-01')],
  ['after Nov 3', time('2026-11-04')],
  ['before March', time(undefined, '2026-03-01')],
  ['until Nov 3', time(undefined, '2026-11-04')],
  ['between 1 and 15 October', time('2026-10-01', '2026-10-16')],
  ['between Oct 1 and Oct 15', time('2026-10-01', '2026-10-16')],
  ['from Nov 1 to Nov 5', time('2026-11-01', '2026-11-06')],
  ['from 2026-11-01 to 2026-11-05', time('2026-11-01', '2026-11-06')],
  ['on Nov 3', time('2026-11-03', '2026-11-04')],
  ['in October', time('2026-10-01', '2026-11-01')],
  ['2026-11-03', time('2026-11-03', '2026-11-04')],
  ['Dec 5', time('2025-12-05', '2025-12-06')],
  ['in December', time('2025-12-01', '2026-01-01')],
  ['since monday', time('2026-11-23')],
  ['last friday', time('2026-11-20', '2026-11-21')],
  ['3 days ago', time('2026-11-24', '2026-11-25')],
  ['in 2025', time('2025-01-01', '2026-01-01')],
  ['older than 3 days', time(undefined, '2026-11-24T15:00:00Z')],
  ['within the last 2 hours', time('2026-11-27T13:00:00Z', NOW_ISO)],
  ['since Nov 1 until Nov 10', time('2026-11-01', '2026-11-11')],
  // An amount ago with a comparison is a rolling edge ("2 weeks ago" alone is that calendar week).
  ['more than 2 weeks ago', time(undefined, '2026-11-13T15:00:00Z')],
  ['failed runs from more than 2 weeks ago', and(status('failed'), time(undefined, '2026-11-13T15:00:00Z'))],
  ['created over a month ago', time(undefined, '2026-10-27T15:00:00Z')],
  ['at least 3 days ago', time(undefined, '2026-11-24T15:00:00Z')],
  ['runs more than a week old', time(undefined, '2026-11-20T15:00:00Z')],
  ['less than 3 days ago', time('2026-11-24T15:00:00Z', NOW_ISO)],
  ['under an hour ago', time('2026-11-27T14:00:00Z', NOW_ISO)],
  ['runs between 2 and 3 weeks ago', time('2026-11-06T15:00:00Z', '2026-11-13T15:00:00Z')],
  // A time word with a possessive is the time, not a person.
  ["this week's runs", time('2026-11-23', '2026-11-30')],
  ["last week's failed runs", and(time('2026-11-16', '2026-11-23'), status('failed'))],
  ["today's runs", time('2026-11-27', '2026-11-28')],
  // A fortnight is two weeks, and no calendar unit: "last fortnight" is the rolling 14 days, as "past fortnight".
  ['past fortnight', time('2026-11-13T15:00:00Z', NOW_ISO)],
  ['last fortnight', time('2026-11-13T15:00:00Z', NOW_ISO)],
  ['failed runs from the past fortnight', and(status('failed'), time('2026-11-13T15:00:00Z', NOW_ISO))],
  ['older than a fortnight', time(undefined, '2026-11-13T15:00:00Z')],
  ['last 2 fortnights', time('2026-10-30T15:00:00Z', NOW_ISO)],
  // Calendar quarters; without a year, the most recent such quarter that has started.
  ['in Q3', time('2026-07-01', '2026-10-01')],
  ['in Q3 2026', time('2026-07-01', '2026-10-01')],
  ['Q1', time('2026-01-01', '2026-04-01')],
  ['q4', time('2026-10-01', '2027-01-01')],
  ['Q4 2025', time('2025-10-01', '2026-01-01')],
  ['since Q3', time('2026-07-01')],
  // A time of day is today at that time, in the caller's zone.
  ['since 9am', time('2026-11-27T09:00:00Z')],
  ['since 14:30', time('2026-11-27T14:30:00Z')],
  ['since yesterday 9am', time('2026-11-26T09:00:00Z')],
  ['failed runs since 9:30 am', and(status('failed'), time('2026-11-27T09:30:00Z'))],

  // Metrics and run numbers.
  ['success rate above 80 percent', num('successRate', '>', 0.8)],
  ['success rate at least 0.8', num('successRate', '>=', 0.8)],
  ['success rate no more than 50%', num('successRate', '<=', 0.5)],
  ['success rate is not above 50%', num('successRate', '<=', 0.5)],
  ['accuracy >= 0.9', metric('accuracy', '>=', 0.9)],
  ['exact_match < 0.5', metric('exact_match', '<', 0.5)],
  ['fuzzy_match at least 0.7', metric('fuzzy_match', '>=', 0.7)],
  ['bleu over 30%', metric('bleu', '>', 0.3)],
  ['exact_match = 1', metric('exact_match', '=', 1)],
  ['exact_match != 0', metric('exact_match', '!=', 0)],
  ['accuracy not 0.5', metric('accuracy', '!=', 0.5)],
  ['precision greater than 0.75', metric('precision', '>', 0.75)],
  ['recall at most 0.2', metric('recall', '<=', 0.2)],
  ['f1 equals 1', metric('f1', '=', 1)],
  ['exact match is at least 0.5', metric('exact_match', '>=', 0.5)],
  ['accuracy between 0.5 and 0.8', and(metric('accuracy', '>=', 0.5), metric('accuracy', '<=', 0.8))],
  // The unit written once, after the second number, is both numbers'.
  ['duration between 1 and 5 minutes', and(num('durationSeconds', '>=', 60), num('durationSeconds', '<=', 300))],
  ['duration between 2 and 3m', and(num('durationSeconds', '>=', 120), num('durationSeconds', '<=', 180))],
  ['accuracy between 80 and 90%', and(metric('accuracy', '>=', 0.8), metric('accuracy', '<=', 0.9))],
  ['duration between 30s and 2 minutes', and(num('durationSeconds', '>=', 30), num('durationSeconds', '<=', 120))],
  ['avg response time under 2s', num('avgResponseTime', '<', 2)],
  ['average latency below 500ms', num('avgResponseTime', '<', 0.5)],
  ['response time > 2s', num('avgResponseTime', '>', 2)],
  ['latency > 1.5 seconds', num('avgResponseTime', '>', 1.5)],
  ['cost < 0.5', num('totalCost', '<', 0.5)],
  ['cost above $1', num('totalCost', '>', 1)],
  ['cost under $0.25', num('totalCost', '<', 0.25)],
  ['tokens > 1000', num('totalTokens', '>', 1000)],
  // Error rate is failed items / items, a fraction like success rate; failed items a count.
  ['error rate above 10%', num('errorRate', '>', 0.1)],
  ['error rate > 0.1', num('errorRate', '>', 0.1)],
  ['failure rate under 5 percent', num('errorRate', '<', 0.05)],
  ['failed items > 10', num('failedItems', '>', 10)],
  // The number before what it measures.
  ['more than 1000 items', num('totalItems', '>', 1000)],
  ['at least 100 items', num('totalItems', '>=', 100)],
  ['fewer than 10 items', num('totalItems', '<', 10)],
  ['runs with over 90% accuracy', metric('accuracy', '>', 0.9)],
  ['with more than 5 failures', num('failedItems', '>', 5)],
  ['fewer than 3 failed items', num('failedItems', '<', 3)],
  ['under 2s latency', num('avgResponseTime', '<', 2)],
  ['below 5% error rate', num('errorRate', '<', 0.05)],
  ['success rate of 100%', num('successRate', '=', 1)],
  ['accuracy of 0.9', metric('accuracy', '=', 0.9)],
  // A count in minutes means nothing: "1M tokens" is a million (it was a syntax error), "10k" ten thousand.
  ['tokens over 1M', num('totalTokens', '>', 1e6)],
  ['more than 10k tokens', num('totalTokens', '>', 10_000)],
  // A bare number is kept as written for a metric (the search warns when the stored means are 0–1); 90% is 0.9.
  ['accuracy > 90', metric('accuracy', '>', 90)],
  ['accuracy > 90%', metric('accuracy', '>', 0.9)],
  ['accuracy at least 90 percent', metric('accuracy', '>=', 0.9)],
  ['accuracy is between 0.4 and 0.6', and(metric('accuracy', '>=', 0.4), metric('accuracy', '<=', 0.6))],
  ['accuracy not between 0.4 and 0.6', or(metric('accuracy', '<', 0.4), metric('accuracy', '>', 0.6))],
  // A range before its measure reads as after it: a bare number as written, a percentage as a fraction.
  ['between 80 and 90 accuracy', and(metric('accuracy', '>=', 80), metric('accuracy', '<=', 90))],
  ['accuracy between 80% and 90%', and(metric('accuracy', '>=', 0.8), metric('accuracy', '<=', 0.9))],
  ['between 80% and 90% accuracy', and(metric('accuracy', '>=', 0.8), metric('accuracy', '<=', 0.9))],
  ['runs with between 80 and 90% accuracy', and(metric('accuracy', '>=', 0.8), metric('accuracy', '<=', 0.9))],
  ['between 100 and 200 items', and(num('totalItems', '>=', 100), num('totalItems', '<=', 200))],
  ['between 2 and 5 failures', and(num('failedItems', '>=', 2), num('failedItems', '<=', 5))],
  ['between 1 and 2s latency', and(num('avgResponseTime', '>=', 1), num('avgResponseTime', '<=', 2))],
  // A count without an operator is exact.
  ['100 items', num('totalItems', '=', 100)],
  ['runs with 0 failures', num('failedItems', '=', 0)],
  ['no failures', num('failedItems', '=', 0)],
  ['completed runs with no failed items', and(status('completed'), num('failedItems', '=', 0))],
  ['1 error', num('failedItems', '=', 1)],
  ['zero errors', num('failedItems', '=', 0)],
  // …but a number before a status is no count, nor is a singular noun after a number other than 1.
  ['5 failed runs', and(text('5'), status('failed'))],
  ['runs with 404 error', and(text('404'), status('failed'))],
  ['no failed runs', not(status('failed'))],
  ['duration is not between 1 and 5 minutes', or(num('durationSeconds', '<', 60), num('durationSeconds', '>', 300))],

  // Durations and speed.
  ['took longer than 5 minutes', num('durationSeconds', '>', 300)],
  ['took less than 30 seconds', num('durationSeconds', '<', 30)],
  ['runs longer than 1 hour', num('durationSeconds', '>', 3600)],
  ['shorter than 2m', num('durationSeconds', '<', 120)],
  ['duration >= 1h', num('durationSeconds', '>=', 3600)],
  ['took over an hour', num('durationSeconds', '>', 3600)],
  ['duration over 1h30m', num('durationSeconds', '>', 5400)],
  ['took more than 1 hour 30 minutes', num('durationSeconds', '>', 5400)],
  ['latency under 2m 30s', num('avgResponseTime', '<', 150)],
  ['slower than 2s', num('avgResponseTime', '>', 2)],
  ['slow', speed('slow')],
  ['sluggish runs', speed('slow')],
  ['fast runs', speed('fast')],
  ['quick', speed('fast')],

  // Fields, in key:value form and in words.
  ['gpt-4o runs', field('model', 'gpt-4o')],
  ['runs of gpt-4o', field('model', 'gpt-4o')],
  ['model gpt-4o', field('model', 'gpt-4o')],
  ['with gpt-4o', field('model', 'gpt-4o')],
  ['claude-3-opus or gpt-4o', or(field('model', 'claude-3-opus'), field('model', 'gpt-4o'))],
  ['on qa-capitals', field('dataset', 'qa-capitals')],
  ['dataset qa-capitals', field('dataset', 'qa-capitals')],
  ['qa-capitals dataset', field('dataset', 'qa-capitals')],
  ['llama-3-70b runs on mmlu', and(field('model', 'llama-3-70b'), field('dataset', 'mmlu'))],
  ['runs on Nov 3', time('2026-11-03', '2026-11-04')],
  ['in project demo', field('project', 'demo')],
  ['project demo', field('project', 'demo')],
  ['tagged nightly', field('tag', 'nightly')],
  ['with tag nightly', field('tag', 'nightly')],
  ['runs without tag nightly', not(field('tag', 'nightly'))],
  ['by ana@example.com', field('createdBy', 'ana@example.com')],
  ['created by ana', field('createdBy', 'ana')],
  ['name:"nightly run"', field('name', 'nightly run')],
  ['project:demo', field('project', 'demo')],
  ['dataset:qa-capitals model:claude-3-5-sonnet', and(field('dataset', 'qa-capitals'), field('model', 'claude-3-5-sonnet'))],
  ['-project:demo', not(field('project', 'demo'))],
  ['model:gpt-4o,claude-3', or(field('model', 'gpt-4o'), field('model', 'claude-3'))],
  // A run has one creator, so several mean any of them; a run has many tags, so those stay ANDed.
  ['tag:nightly by:ana createdBy:bob user:carl', and(field('tag', 'nightly'), or(field('createdBy', 'ana'), field('createdBy', 'bob'), field('createdBy', 'carl')))],
  ['tag:nightly tag:v2', and(field('tag', 'nightly'), field('tag', 'v2'))],
  ['gpt-4o vs claude-3', or(field('model', 'gpt-4o'), field('model', 'claude-3'))],
  ['gpt-4o claude-3 runs', or(field('model', 'gpt-4o'), field('model', 'claude-3'))],
  ['failed runs on qa-capitals dataset', and(status('failed'), field('dataset', 'qa-capitals'))],
  ["alice's failed runs", and(field('createdBy', 'alice'), status('failed'))],
  // Runs with no tag, and with any.
  ['untagged', not(tagged)],
  ['untagged failed runs', and(not(tagged), status('failed'))],
  ['without tags', not(tagged)],
  ['runs with no tags', not(tagged)],
  ['not tagged', not(tagged)],
  ['without any tags', not(tagged)],
  ['runs with tags', tagged],
  ['tagged runs', tagged],
  ['tags nightly', field('tag', 'nightly')],
  ['tagged with nightly', field('tag', 'nightly')],

  // Combinations.
  [
    'gpt-4o runs on qa-capitals with accuracy above 90% this week',
    and(field('model', 'gpt-4o'), field('dataset', 'qa-capitals'), metric('accuracy', '>', 0.9), time('2026-11-23', '2026-11-30')),
  ],
  ['failed gpt-4o runs in project demo since monday', and(status('failed'), field('model', 'gpt-4o'), field('project', 'demo'), time('2026-11-23'))],
  ['completed runs with success rate >= 95% and duration < 10 minutes', and(status('completed'), num('successRate', '>=', 0.95), num('durationSeconds', '<', 600))],

  // Sorts and limits.
  ['latest 5', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 5 }],
  ['last 5 runs', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 5 }],
  ['newest 10', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 10 }],
  ['most recent 3', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 3 }],
  ['oldest first', null, { sort: { field: 'createdAt', direction: 'asc' } }],
  ['oldest 3', null, { sort: { field: 'createdAt', direction: 'asc' }, limit: 3 }],
  ['top 10 by exact_match', null, { sort: { field: 'metric', metric: 'exact_match', direction: 'desc' }, limit: 10 }],
  ['best 5 by accuracy', null, { sort: { field: 'metric', metric: 'accuracy', direction: 'desc' }, limit: 5 }],
  ['worst 5 by exact_match', null, { sort: { field: 'metric', metric: 'exact_match', direction: 'asc' }, limit: 5 }],
  ['bottom 3 by fuzzy_match', null, { sort: { field: 'metric', metric: 'fuzzy_match', direction: 'asc' }, limit: 3 }],
  ['slowest runs', null, { sort: { field: 'avgResponseTime', direction: 'desc' } }],
  ['fastest 3', null, { sort: { field: 'avgResponseTime', direction: 'asc' }, limit: 3 }],
  ['longest runs', null, { sort: { field: 'durationSeconds', direction: 'desc' } }],
  ['highest success rate', null, { sort: { field: 'successRate', direction: 'desc' } }],
  // Runs cannot be sorted by error rate: the nearest order is the lowest success rate first, not the highest.
  ['highest error rate', null, { sort: { field: 'successRate', direction: 'asc' } }],
  ['top 5 by error rate', null, { sort: { field: 'successRate', direction: 'asc' }, limit: 5 }],
  ['lowest error rate', null, { sort: { field: 'successRate', direction: 'desc' } }],
  ['sort by error rate', null, { sort: { field: 'successRate', direction: 'asc' } }],
  ['sorted by error rate ascending', null, { sort: { field: 'successRate', direction: 'desc' } }],
  // Failed items are a measure of failure too: the most are nearest the lowest success rates.
  ['most failures', null, { sort: { field: 'successRate', direction: 'asc' } }],
  ['fewest failed items', null, { sort: { field: 'successRate', direction: 'desc' } }],
  ['top 5 by failed items', null, { sort: { field: 'successRate', direction: 'asc' }, limit: 5 }],
  ['failed runs sorted by failures', status('failed'), { sort: { field: 'successRate', direction: 'asc' } }],
  ['most accuracy', null, { sort: { field: 'metric', metric: 'accuracy', direction: 'desc' } }],
  ['top 5 failed runs', status('failed'), { sort: { field: 'successRate', direction: 'desc' }, limit: 5 }],
  ['top 10', null, { sort: { field: 'successRate', direction: 'desc' }, limit: 10 }],
  ['limit 20', null, { limit: 20 }],
  ['first 20', null, { limit: 20 }],
  ['latest 5000', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 1000 }],
  ['failed runs sorted by name', status('failed'), { sort: { field: 'name', direction: 'asc' } }],
  ['order by accuracy asc', null, { sort: { field: 'metric', metric: 'accuracy', direction: 'asc' } }],
  ['the latest run', null, { sort: { field: 'createdAt', direction: 'desc' }, limit: 1 }],
  ['last failed run', status('failed'), { sort: { field: 'createdAt', direction: 'desc' } }],
  ['latest 5 failed runs from last week', and(status('failed'), time('2026-11-16', '2026-11-23')), { sort: { field: 'createdAt', direction: 'desc' }, limit: 5 }],

  // Free text, quoted phrases, and queries with no condition.
  ['demo', text('demo')],
  ['my cool demo runs', text('cool demo')],
  ['"exact phrase" failed', and(text('exact phrase'), status('failed'))],
  ["'nightly run' on qa-capitals", and(text('nightly run'), field('dataset', 'qa-capitals'))],
  ['demo or nightly', or(text('demo'), text('nightly'))],
  ['not demo', not(text('demo'))],
  ['show me all results', null],
  ['', null],
];

describe('parseQuery: table of queries', () => {
  it('has at least 80 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  // A rest parameter: with a fixed arity, Jest would read the missing third value as a `done` callback.
  it.each(cases)('%s', (...row) => {
    const [query, filter, extra] = row as Case;
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.sort).toEqual(extra?.sort);
    expect(parsed.limit).toEqual(extra?.limit);
  });
});

describe('parseQuery: time zones move day boundaries', () => {
  const zoned: [string, string, FilterNode][] = [
    ['today', 'America/New_York', time('2026-11-27T05:00:00Z', '2026-11-28T05:00:00Z')],
    ['yesterday', 'America/New_York', time('2026-11-26T05:00:00Z', '2026-11-27T05:00:00Z')],
    ['on Nov 3', 'America/New_York', time('2026-11-03T05:00:00Z', '2026-11-04T05:00:00Z')],
    // November 1 starts in daylight time (UTC-4), December 1 in standard time (UTC-5).
    ['this month', 'America/New_York', time('2026-11-01T04:00:00Z', '2026-12-01T05:00:00Z')],
    // In Tokyo it is already Saturday, November 28.
    ['today', 'Asia/Tokyo', time('2026-11-27T15:00:00Z', '2026-11-28T15:00:00Z')],
    ['yesterday', 'Asia/Tokyo', time('2026-11-26T15:00:00Z', '2026-11-27T15:00:00Z')],
    ['last week', 'Asia/Tokyo', time('2026-11-15T15:00:00Z', '2026-11-22T15:00:00Z')],
    // Rolling windows do not depend on the zone.
    ['past 24 hours', 'Asia/Tokyo', time('2026-11-26T15:00:00Z', NOW_ISO)],
  ];
  it.each(zoned)('%s in %s', (query, zone, filter) => {
    expect(parse(query, zone).filter).toEqual(filter);
  });

  it('names the zone in the explanation', () => {
    expect(parse('today', 'America/New_York').explanation).toBe('created 2026-11-27 \u2013 2026-11-28 (today, America/New_York)');
    expect(parse('today', 'Asia/Tokyo').explanation).toBe('created 2026-11-28 \u2013 2026-11-29 (today, Asia/Tokyo)');
  });

  it('falls back to UTC with a warning for an unknown zone', () => {
    const parsed = parse('today', 'Mars/Olympus_Mons');
    expect(parsed.filter).toEqual(time('2026-11-27', '2026-11-28'));
    expect(parsed.warnings).toEqual(['unknown time zone "Mars/Olympus_Mons"; using UTC']);
  });
});

describe('parseQuery: explanations', () => {
  const explained: [string, string][] = [
    ['failed runs from last week', 'status is failed AND created 2026-11-16 \u2013 2026-11-23 (last week, UTC)'],
    [
      'latest 5 failed runs from last week',
      'status is failed AND created 2026-11-16 \u2013 2026-11-23 (last week, UTC) \u00b7 sorted by created, newest first \u00b7 limit 5',
    ],
    ['demo', 'text contains "demo"'],
    ['success rate > 80%', 'success rate > 80%'],
    ['average latency below 500ms', 'avg response time < 500ms'],
    ['not failed or cancelled', 'status is none of failed, cancelled'],
    ['before March', 'created before 2026-03-01 (before March, UTC)'],
    ['past 24 hours', 'created 2026-11-26 15:00 \u2013 2026-11-27 15:00 (past 24 hours, UTC)'],
    ['top 10 by exact_match', 'all runs \u00b7 sorted by exact_match, highest first \u00b7 limit 10'],
    ['slow gpt-4o runs or claude-3-opus', 'slow runs (slowest quartile by avg response time) AND (model is gpt-4o OR model is claude-3-opus)'],
    ['name:"nightly run" -- not demo', 'name contains "nightly run" AND text does not contain "demo"'],
    ['', 'all runs'],
    ['more than 2 weeks ago', 'created before 2026-11-13 15:00 (more than 2 weeks ago, UTC)'],
    ["this week's runs", 'created 2026-11-23 \u2013 2026-11-30 (this week, UTC)'],
    ['error rate above 10%', 'error rate > 10%'],
    ['failed items > 10', 'failed items > 10'],
    ['accuracy not between 0.4 and 0.6', 'accuracy < 0.4 OR accuracy > 0.6'],
    ['between 80 and 90 accuracy', 'accuracy >= 80 AND accuracy <= 90'],
    ['accuracy between 80% and 90%', 'accuracy >= 0.8 AND accuracy <= 0.9'],
    ['100 items', 'items = 100'],
    ['0 failures', 'failed items = 0'],
    ['since 9am', 'created since 2026-11-27 09:00 (since 9am, UTC)'],
    ['since 14:30', 'created since 2026-11-27 14:30 (since 14:30, UTC)'],
    ['since yesterday 9am', 'created since 2026-11-26 09:00 (since yesterday 9am, UTC)'],
    ['past fortnight', 'created 2026-11-13 15:00 \u2013 2026-11-27 15:00 (past fortnight, UTC)'],
    ['in Q3', 'created 2026-07-01 \u2013 2026-10-01 (Q3, UTC)'],
    ['in Q3 2025', 'created 2025-07-01 \u2013 2025-10-01 (Q3 2025, UTC)'],
    ['untagged', 'has no tags'],
    ['runs with tags', 'has tags'],
    ['most failures', 'all runs \u00b7 sorted by success rate, lowest first'],
  ];
  it.each(explained)('%s', (query, explanation) => {
    expect(parse(query).explanation).toBe(explanation);
  });
});

describe('parseQuery: warnings and free text', () => {
  const expectWarnings = (query: string, warnings: string[], freeText: string[] = []): ParsedQuery => {
    const parsed = parse(query);
    expect(parsed.warnings).toEqual(warnings);
    expect(parsed.freeText).toEqual(freeText);
    return parsed;
  };

  it('lists every word used as free text', () => {
    const parsed = expectWarnings('failed runs with frobnicator', ['searching for "frobnicator" as text'], ['frobnicator']);
    expect(parsed.filter).toEqual(and(status('failed'), text('frobnicator')));
  });

  it('keeps adjacent unknown words together and stop words apart', () => {
    expectWarnings('the demo thing of nightly', ['searching for "demo thing" as text', 'searching for "nightly" as text'], ['demo thing', 'nightly']);
  });

  it('does not warn about quoted phrases, which are free text on purpose', () => {
    expectWarnings('"demo project"', [], ['demo project']);
  });

  it('reports punctuation it ignores', () => {
    expectWarnings('failed ; -- )', ['ignored ";"', 'ignored "--"', 'ignored ")" at character 13: no "(" before it']);
  });

  it('reports a preposition with no date it could understand', () => {
    const parsed = expectWarnings('before the launch', ['ignored "before": no date after it that could be understood', 'searching for "launch" as text'], ['launch']);
    expect(parsed.filter).toEqual(text('launch'));
  });

  it('reports capped limits, bare percentages and seconds', () => {
    expectWarnings('latest 5000', ['limit 5000 capped at 1000']);
    expectWarnings('success rate > 80', ['read 80 as 80%']);
    expectWarnings('latency > 2', ['read 2 as 2 seconds']);
  });

  it('reports dangling connectives and replaced sorts', () => {
    expectWarnings('failed not', ['ignored "not": nothing after it to negate']);
    expectWarnings('or failed', ['ignored "or": no condition before it']);
    expectWarnings('failed or', ['ignored "or": nothing after it']);
    expectWarnings('oldest first newest first', ['"newest first" replaces an earlier sort']);
  });

  it('reports dates that are out of range instead of failing', () => {
    expectWarnings('last 999999999 years', ['ignored "last 999999999 years": the date is out of range']);
  });

  it('ignores a time window of no length ("last 0 days") with a warning, as "latest 0" ignores limit 0, instead of a syntax error', () => {
    // It was the window from now to now: no run matched, and nothing said why.
    const windows = ['last 0 days', 'past 0 hours', 'previous 0 weeks', 'last 0d', 'within 0 days', 'within the last 0 hours', 'newer than 0 days'];
    for (const query of [...windows, 'less than 0 days ago']) {
      const parsed = expectWarnings(query, [`ignored "${query}": the time window is empty`]);
      expect(parsed.filter).toBeNull();
      expect(parsed.explanation).toBe('all runs');
    }
    // The rest of the query stands.
    const parsed = expectWarnings('failed runs from the last 0 days', ['ignored "from the last 0 days": the time window is empty']);
    expect(parsed.filter).toEqual(status('failed'));
    expectWarnings('latest 0', ['ignored limit 0']);
    // Windows with a length are kept: the calendar day "0 days ago" is today, "older than 0 days" is before now.
    expect(parse('0 days ago').filter).toEqual(time('2026-11-27', '2026-11-28'));
    expect(parse('older than 0 days').filter).toEqual(time(undefined, NOW_ISO));
  });

  it('says how it read "no failures", and what to write for the status', () => {
    expectWarnings('no failures', ['read "no failures" as failed items = 0; for runs whose status is not failed, write "not failed"']);
    expectWarnings('without failures', ['read "without failures" as failed items = 0; for runs whose status is not failed, write "not failed"']);
    expectWarnings('0 failures', []);
    expectWarnings('100 items', []);
  });

  it('says that runs cannot be sorted by error rate or failed items, and which order it used', () => {
    expectWarnings('lowest error rate', ['runs cannot be sorted by error rate: sorted by success rate, highest first, instead']);
    expectWarnings('sort by error rate', ['runs cannot be sorted by error rate: sorted by success rate, lowest first, instead']);
    expectWarnings('most failures', ['runs cannot be sorted by failed items: sorted by success rate, lowest first, instead']);
    expectWarnings('most items', ['ignored "items": runs cannot be sorted by items']);
  });

  it('keeps ranges that are dates, and a range whose numbers do not fit the measure, away from the measure', () => {
    expect(parse('between 1 and 15 October').filter).toEqual(time('2026-10-01', '2026-10-16'));
    expect(parse('between 2 and 3 weeks ago').filter).toEqual(time('2026-11-06T15:00:00Z', '2026-11-13T15:00:00Z'));
    // Searched as text, with warnings, rather than a duration compared with a metric.
    expect(parse('between 2s and 5s accuracy').filter).toEqual(and(text('2s'), text('5s accuracy')));
  });

  it('reads "untagged" as the tag when a stored tag has that name, and says so', () => {
    const parsed = parseQuery('untagged', { now: NOW, tags: ['untagged'] });
    expect(parsed.filter).toEqual(field('tag', 'untagged'));
    expect(parsed.warnings).toEqual(['"untagged" is a stored tag, so it means that tag; for runs without tags write "without tags"']);
    expect(parseQuery('without tags', { now: NOW, tags: ['untagged'] }).filter).toEqual(not(tagged));
  });

  it('cancels a double negation', () => {
    expect(parse('not non-failed').filter).toEqual(status('failed'));
  });

  it('swaps reversed dates with a warning', () => {
    // Without its year the end is the first Nov 1 after Nov 5 (see range-end-year.test.ts); with years it can be reversed.
    const parsed = expectWarnings('between Nov 5 2026 and Nov 1 2026', ['"between Nov 5 2026 and Nov 1 2026": the dates were reversed; swapped them']);
    expect(parsed.filter).toEqual(time('2026-11-01', '2026-11-06'));
  });

  it('does not read "successful" into "success rate" and keeps "may" a word without a date', () => {
    expect(parse('success rate above 90%').filter).toEqual(num('successRate', '>', 0.9));
    expect(parse('may fail').filter).toEqual(and(text('may'), status('failed')));
    expect(parse('in may').filter).toEqual(time('2026-05-01', '2026-06-01'));
  });

  it('recognises metric names passed in options', () => {
    expect(parse('fuzzy at least 0.7', 'UTC', ['exact_match', 'fuzzy_match']).filter).toEqual(metric('fuzzy_match', '>=', 0.7));
    expect(parse('helpfulness > 3', 'UTC', ['Helpfulness']).filter).toEqual(metric('Helpfulness', '>', 3));
  });
});

describe('parseQuery: syntax errors', () => {
  const errorAt = (query: string): [number, string] => {
    try {
      parse(query);
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
      const e = error as QuerySyntaxError;
      return [e.position, e.message];
    }
    throw new Error(`"${query}" did not throw`);
  };

  it.each([
    ['foo:bar', 0, 'unknown field "foo:"'],
    ['failed runs note: x', 12, 'unknown field "note:"'],
    ['-bogus:x', 1, 'unknown field "bogus:"'],
    ['project:,x', 8, 'empty value for "project:"'],
    ['failed project:', 15, 'empty value for "project:"'],
    ['name:""', 6, 'empty value for "name:"'],
    ['name:"nightly', 5, 'unterminated quote'],
    ['failed "demo', 7, 'unterminated quote'],
    ["'; DROP TABLE runs; --", 0, 'unterminated quote'],
    ['success rate >', 13, '">" needs a value after it'],
    ['success rate above', 13, '"above" needs a value after it'],
    ['accuracy > high', 11, 'expected a number after ">", found "high"'],
    ['exact_match >= fast', 15, 'expected a number after ">=", found "fast"'],
    ['success rate > 2s', 15, 'expected a percentage, found "2s"'],
    ['duration < 50%', 11, 'expected a duration such as 2s, found "50%"'],
    ['status:weird', 7, 'unknown status "weird"'],
  ])('%s → position %d', (query, position, message) => {
    const [at, text] = errorAt(query);
    expect(at).toBe(position);
    expect(text).toContain(message);
  });

  // The error's query is an excerpt around the limit (see query-too-long.test.ts); the message names character 2001.
  it('rejects a query over 2,000 characters at character 2001', () => {
    expect(errorAt('a'.repeat(2001))).toEqual([41, expect.stringMatching(/^query too long .*at character 2001:/)]);
    expect(() => parse('a '.repeat(1000))).not.toThrow();
  });

  it('never throws for arbitrary words', () => {
    expect(() => parse('what did ana try on tuesday with the new prompt ???')).not.toThrow();
    expect(() => parse('precision under load')).not.toThrow();
    expect(() => parse('accuracy is high')).not.toThrow();
  });
});
