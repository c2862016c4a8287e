import { createRng } from '@llm-eval/stats';
import { QuerySyntaxError } from '../errors';
import type { FilterNode, ItemFilterNode } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const VOCABULARY = [
  'failed', 'runs', 'run', 'not', 'non-failed', 'or', 'and', 'excluding', 'completed', 'in progress', 'cancelled', 'errors',
  'success rate', 'accuracy', 'exact_match', 'fuzzy', 'latency', 'response time', 'duration', 'took', 'longer than', 'slow',
  'fastest', 'slowest', 'top', 'latest', 'last', 'first', 'limit', 'by', 'on', 'in', 'from', 'to', 'between', 'since', 'before',
  'after', 'until', 'today', 'yesterday', 'week', 'month', 'year', 'days', 'ago', 'this', 'past', 'Nov', 'March', 'may',
  'monday', 'fri', 'project', 'dataset', 'model', 'tagged', 'with', 'tag', 'named', 'gpt-4o', 'claude-3-opus', 'o1', 'qa-capitals',
  'ana@example.com', 'contains', 'output', 'like', 'above', 'below', 'at least', 'at most', 'is', 'equals', 'percent',
  'project:demo', 'status:failed', 'status:', 'name:"nightly run"', 'by:ana', 'model:', 'foo:bar', 'constructor', '__proto__',
  'toString', 'hasOwnProperty', 'the', 'show', 'me', 'all',
  'untagged', 'tags', 'fortnight', 'Q3', '2026-Q3', '9am', '14:30', 'noon', 'pm', 'no', 'items', 'failures', 'most', 'fewest',
  'sort by', 'error rate', 'llama 3',
];
const UNICODE = [
  '\u{1F600}', '\u{1D518}', '\u{10FFFF}', '\u05e9\u05dc\u05d5\u05dd', '\u0645\u0631\u062d\u0628\u0627', 'e\u0301', '\u0300', '\u0000',
  '\u200d', '\u202e', '\ufeff', '\ud800', '\udfff', '\uff21\uff22', '\u00a0', '\u2028', '\t', '\n', '\u30c6\u30b9\u30c8', '\u0130',
];
const SQL = ["'; DROP TABLE runs; --", '" OR 1=1', 'UNION SELECT * FROM users', "1' OR '1'='1", '/* comment */', '); DELETE FROM runs WHERE (1=1', '%', '_', '\\', '$1'];
const OPERATORS = ['>', '<', '>=', '<=', '=', '==', '!=', '<>', '\u2265', '\u2264', '\u2260', '!', '=>', '<<', '>>>'];
const QUOTES = ['"', "'", '\u201c', '\u201d', '\u2018', '\u2019', '""', "''", '"demo"', "'x y'"];
const NUMBERS = ['0', '1', '5', '80%', '0.5', '.8', '2s', '500ms', '1.5', 'seconds', '3', '1000000', '99999999999999999999', '-1', '1e9', '2026-11-03', '11/03', '2026-02-30', '0000-00-00', '9999-12-31', '31', '1st'];
const SEPARATORS = [' ', ' ', ' ', '', ',', '  ', '\n'];

function randomString(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 25);
  for (let i = 0; i < count; i++) {
    const kind = next();
    if (kind < 0.45) parts.push(pick(VOCABULARY));
    else if (kind < 0.55) parts.push(pick(UNICODE));
    else if (kind < 0.62) parts.push(pick(SQL));
    else if (kind < 0.72) parts.push(pick(OPERATORS));
    else if (kind < 0.8) parts.push(pick(QUOTES));
    else if (kind < 0.93) parts.push(pick(NUMBERS));
    else parts.push(String.fromCodePoint(Math.floor(next() * 0x110000)));
    parts.push(pick(SEPARATORS));
  }
  return parts.join('');
}

function* runStrings(node: FilterNode): Generator<string> {
  if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) yield* runStrings(c);
  else if (node.kind === 'not') yield* runStrings(node.child);
  else if (node.kind === 'text') yield node.text;
  else if (node.kind === 'field') yield node.value;
}

function* itemStrings(node: ItemFilterNode): Generator<string> {
  if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) yield* itemStrings(c);
  else if (node.kind === 'not') yield* itemStrings(node.child);
  else if (node.kind === 'text') yield node.text;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Numbers are finite, dates valid, metric names plain identifiers: nothing else can reach a query builder. */
function runNodeProblems(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.flatMap(runNodeProblems);
    case 'not':
      return runNodeProblems(node.child);
    case 'number':
      return Number.isFinite(node.value) ? [] : [`number ${node.value}`];
    case 'metric':
      return Number.isFinite(node.value) && IDENTIFIER.test(node.metric) ? [] : [`metric ${node.metric} ${node.value}`];
    case 'time':
      return [node.from, node.to].some((d) => d !== undefined && !Number.isFinite(d.getTime())) ? ['invalid date'] : [];
    default:
      return [];
  }
}

/** Parses `text`; returns the result, or undefined after a QuerySyntaxError. Anything else is a problem. */
function attempt<T>(text: string, parse: (text: string) => T, problems: string[]): T | undefined {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) problems.push(`${String(error)} for ${JSON.stringify(text)}`);
    else if (error.message.includes('internal error')) problems.push(`internal error for ${JSON.stringify(text)}`);
    else if (error.position < 0 || error.position > text.length) problems.push(`position ${error.position} for ${JSON.stringify(text)}`);
    return undefined;
  }
}

describe('fuzz: parsers return a result or a QuerySyntaxError for any input', () => {
  // Seeded, so every run tries the same strings.
  const next = createRng(20261127);
  const inputs = Array.from({ length: 3000 }, () => randomString(next));
  const options = { now: new Date('2026-11-27T15:00:00Z'), timeZone: 'America/New_York', metrics: ['exact_match', 'fuzzy_match'] };

  it('parses 3,000 random strings, and every text in the result is a substring of the input', () => {
    const problems: string[] = [];
    let understood = 0;
    for (const text of inputs) {
      const where = JSON.stringify(text);
      const run = attempt(text, (t) => parseQuery(t, options), problems);
      if (run) {
        understood++;
        const strings = run.filter ? [...runStrings(run.filter)] : [];
        for (const s of [...strings, ...run.freeText]) if (!text.includes(s)) problems.push(`${JSON.stringify(s)} not in ${where}`);
        if (run.filter) problems.push(...runNodeProblems(run.filter).map((p) => `${p} in ${where}`));
        if (/[\n\r\u2028\u2029]/.test(run.explanation)) problems.push(`explanation of ${where} has a line break`);
        if (run.limit !== undefined && !(Number.isInteger(run.limit) && run.limit >= 1 && run.limit <= 1000)) problems.push(`limit ${run.limit} in ${where}`);
        if (run.sort?.field === 'metric' && !IDENTIFIER.test(run.sort.metric)) problems.push(`sort metric ${run.sort.metric} in ${where}`);
      }
      const item = attempt(text, (t) => parseItemQuery(t, options), problems);
      if (item?.filter) for (const s of itemStrings(item.filter)) if (!text.includes(s)) problems.push(`${JSON.stringify(s)} not in ${where}`);
    }
    expect(problems).toEqual([]);
    // Most strings parse; the others hit unterminated quotes, unknown keys or operators without values.
    expect(understood).toBeGreaterThan(1000);
  });

  // The error's query is an excerpt around the limit, its position in the excerpt (see query-too-long.test.ts).
  it('rejects a 10,000-character string at character 2001 and accepts one of 2,000', () => {
    const long = Array.from({ length: 2000 }, () => randomString(next)).join(' ');
    const tenThousand = long.padEnd(10_000, 'x').slice(0, 10_000);
    for (const parse of [parseQuery, parseItemQuery]) {
      expect(() => parse(tenThousand)).toThrow(QuerySyntaxError);
      try {
        parse(tenThousand);
      } catch (e) {
        const error = e as QuerySyntaxError;
        expect(error.query.length).toBeLessThan(100);
        expect(error.query[error.position]).toBe(tenThousand[2000]);
        expect(error.message).toContain('at character 2001:');
      }
    }
    const atLimit = 'failed runs last week demo '.repeat(80).slice(0, 2000);
    expect(parseQuery(atLimit, options).filter).not.toBeNull();
    expect(parseItemQuery(atLimit, options).filter).not.toBeNull();
  });
});
