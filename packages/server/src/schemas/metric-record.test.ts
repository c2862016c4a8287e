import { z } from 'zod';
import { metricRecord } from './metric-record';

const scoreValue = z.union([z.number().finite(), z.boolean(), z.object({ error: z.string() }).strict()]);

/** A score schema that counts how often a score is checked. */
function countingScore() {
  const counter = { checks: 0 };
  const schema = z.number().refine(() => {
    counter.checks++;
    return true;
  });
  return { counter, schema };
}

/** Scores as parsed from JSON text: the only way an object gets an own "__proto__" key. */
const PROTO_SCORES = JSON.parse('{"__proto__":1,"constructor":0.5,"f1":0}') as Record<string, unknown>;

describe('metricRecord', () => {
  it('checks each score once per parse, and once per encode', () => {
    const { counter, schema } = countingScore();
    const record = metricRecord(schema);
    expect(record.parse({ a: 1, b: 2, c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
    expect(counter.checks).toBe(3);
    counter.checks = 0;
    expect(z.encode(record, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(counter.checks).toBe(2);
  });

  it('keeps "__proto__" as an own key, parsed and encoded, and sets no prototype', () => {
    const record = metricRecord(scoreValue);
    for (const out of [record.parse(PROTO_SCORES), z.encode(record, PROTO_SCORES as never)]) {
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.entries(out)).toEqual([['__proto__', 1], ['constructor', 0.5], ['f1', 0]]);
      expect(JSON.stringify(out)).toBe('{"__proto__":1,"constructor":0.5,"f1":0}');
    }
  });

  it("gives z.record's issues: a score of the wrong kind by its path, a value that is no object as a whole", () => {
    const record = metricRecord(scoreValue);
    const documented = z.record(z.string(), scoreValue);
    for (const input of [{ a: 1, b: 'x', c: { error: 1 } }, 'text', [1, 2], null, 5]) {
      const mine = record.safeParse(input);
      const theirs = documented.safeParse(input);
      expect(mine.success).toBe(false);
      expect(mine.error!.issues.map(({ path, message, code }) => ({ path, message, code }))).toEqual(
        theirs.error!.issues.map(({ path, message, code }) => ({ path, message, code })),
      );
    }
    const nested = z.object({ scores: metricRecord(scoreValue) }).safeParse({ scores: JSON.parse('{"__proto__":"x"}') });
    expect(nested.error!.issues.map((i) => i.path)).toEqual([['scores', '__proto__']]);
  });

  it('has the JSON Schema of z.record, read or written, described or not', () => {
    // An object score that is not strict is documented differently read (input) and written (output).
    for (const value of [scoreValue, z.union([z.number(), z.object({ error: z.string() })]), z.number().nullable()]) {
      for (const io of ['input', 'output'] as const) {
        const documented = z.toJSONSchema(z.record(z.string(), value), { io });
        expect(z.toJSONSchema(metricRecord(value), { io })).toEqual(documented);
        expect(z.toJSONSchema(metricRecord(value, 'per metric'), { io })).toEqual({ ...documented, description: 'per metric' });
        expect(z.toJSONSchema(metricRecord(value).optional().describe('later'), { io })).toEqual({ ...documented, description: 'later' });
      }
    }
  });
});
