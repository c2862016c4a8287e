import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../errors';
import type { EvaluationExport } from '../result/export-format';
import { normalizeExport } from './normalize-export';

// `new Date('2026-02-30T10:00:00Z')` is 2 March: an export naming a day that does not exist was stored as another day,
// without a word (POST /imports answered 201 with startedAt 2026-03-02). Such a timestamp now fails the file, naming it.
const sample = (): EvaluationExport => JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/python-export-sample.json'), 'utf8'));

describe('export timestamps that name no real moment', () => {
  it.each([
    ['2026-02-30T10:00:00', 'February 30'],
    ['2026-04-31T10:00:00Z', 'April 31'],
    ['2025-02-29T10:00:00', 'February 29 of a common year'],
    ['2026-13-01T10:00:00', 'month 13'],
    ['2026-03-14T24:00:00', 'hour 24'],
    ['2026-03-14T09:60:00', 'minute 60'],
    ['2026-03-14T09:26:60+02:00', 'second 60'],
  ])('start_time %s (%s) fails the file, naming the field and the value', (value) => {
    const data = { ...sample(), start_time: value };
    expect(() => normalizeExport(data)).toThrow(DatasetError);
    expect(() => normalizeExport(data)).toThrow(`"start_time" is not a valid timestamp: "${value}"`);
  });

  it('an item completed_at on a day that does not exist fails the file too', () => {
    const data = sample();
    (data.results as unknown as Record<string, Record<string, unknown>>).item_0!.completed_at = '2026-02-30T09:26:54';
    expect(() => normalizeExport(data)).toThrow(/completed_at" is not a valid timestamp: "2026-02-30T09:26:54"/);
  });

  it.each([
    ['2024-02-29T10:00:00', '2024-02-29T10:00:00.000Z'],
    ['2026-03-14T09:26:53.589793', '2026-03-14T09:26:53.589Z'],
    ['2026-03-14T23:59:59+02:00', '2026-03-14T21:59:59.000Z'],
    ['2026-03-14 09:26:53', '2026-03-14T09:26:53.000Z'],
  ])('a real moment %s is read as %s', (value, iso) => {
    expect(normalizeExport({ ...sample(), start_time: value }).run.startedAt?.toISOString()).toBe(iso);
  });
});
