import { MAX_RECORDED_DEPTH } from '../../src/run/safe-value';

/** One value that JSON, structured clone or a database cannot take as it is, and how it is recorded. */
export interface OddValue {
  name: string;
  make: () => unknown;
  /** The recorded (JSON-safe) form. */
  recorded: unknown;
  /** The recorded form one level down, inside an object (differs only where the depth limit cuts). */
  recordedInside?: unknown;
}

/** `{ child: { child: … 'leaf' } }`, `levels` objects deep. */
export function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

/** A 10,000-level value as recorded: the first levels kept, then the depth marker. */
export function recordedDeep(levels = MAX_RECORDED_DEPTH): unknown {
  let value: unknown = `[Truncated: nested deeper than ${MAX_RECORDED_DEPTH} levels]`;
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

/** Fresh odd values for each test (a huge string is cut at the tests' maxValueChars of 10,000). */
export const ODD_VALUES: OddValue[] = [
  {
    name: 'a circular object',
    make: () => {
      const node: Record<string, unknown> = { name: 'root' };
      node.self = node;
      return node;
    },
    recorded: { name: 'root', self: '[Circular]' },
  },
  { name: 'a BigInt', make: () => 2n ** 70n, recorded: '1180591620717411303424' },
  { name: 'a Symbol', make: () => Symbol('answer'), recorded: 'Symbol(answer)' },
  { name: 'a function', make: () => ({ answer: function compute() {} }), recorded: { answer: '[Function: compute]' } },
  {
    name: 'an object whose toJSON throws',
    make: () => ({ answer: 'Paris', extra: { toJSON: () => { throw new Error('no JSON for you'); } } }),
    recorded: { answer: 'Paris', extra: '[toJSON threw: Error: no JSON for you]' },
  },
  { name: 'a Map', make: () => new Map<unknown, unknown>([['capital', 'Paris'], [1, 2n]]), recorded: [['capital', 'Paris'], [1, '2']] },
  { name: 'a Set', make: () => new Set(['Paris', 'Lyon']), recorded: ['Paris', 'Lyon'] },
  { name: 'a Date', make: () => new Date(Date.UTC(2026, 1, 3, 4, 5, 6)), recorded: '2026-02-03T04:05:06.000Z' },
  {
    name: 'an Error',
    make: () => Object.assign(new TypeError('wrong type'), { code: 'E_TYPE' }),
    recorded: { name: 'TypeError', message: 'wrong type', code: 'E_TYPE' },
  },
  { name: 'a typed array', make: () => new Float32Array([0.5, 1.5]), recorded: [0.5, 1.5] },
  { name: 'NaN, Infinity and -0', make: () => ({ nan: NaN, inf: Infinity, negInf: -Infinity, negZero: -0 }), recorded: { nan: 'NaN', inf: 'Infinity', negInf: '-Infinity', negZero: '-0' } },
  {
    name: 'a huge string',
    make: () => 'x'.repeat(50_000), recorded: `${'x'.repeat(9_998)}…[truncated 40002 characters]`,
    // Inside { odd: … } the key takes a few characters of the budget too.
    recordedInside: `${'x'.repeat(9_991)}…[truncated 40009 characters]`,
  },
  { name: 'a value nested 10,000 levels deep', make: () => nested(10_000), recorded: recordedDeep(), recordedInside: recordedDeep(MAX_RECORDED_DEPTH - 1) },
];

/** The JSON text the database keeps for a recorded output (strings as they are). */
export function storedText(recorded: unknown): string {
  return typeof recorded === 'string' ? recorded : JSON.stringify(recorded);
}
