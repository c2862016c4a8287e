import { sinceDate } from './trend';

// `since=1mo` on March 31 started the trend on March 3 (JavaScript carries "February 31" into March), and `6mo` on
// December 31 on July 1, a day short: months and years count back on the calendar, a day clamped to the month's end,
// as `llm-eval runs trend --since` counts them.
describe('sinceDate counts months and years back on the calendar', () => {
  it.each([
    ['1mo', '2027-03-31T23:30:00.000Z', '2027-02-28T23:30:00.000Z'],
    ['1mo', '2028-03-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['6mo', '2026-12-31T22:00:00.000Z', '2026-06-30T22:00:00.000Z'],
    ['3mo', '2027-05-31T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
    ['1y', '2028-02-29T12:00:00.000Z', '2027-02-28T12:00:00.000Z'],
    ['1mo', '2027-03-15T08:30:00.000Z', '2027-02-15T08:30:00.000Z'],
    ['2mo', '2027-01-31T00:30:00.000Z', '2026-11-30T00:30:00.000Z'],
    ['1y', '2027-01-01T00:30:00.000Z', '2026-01-01T00:30:00.000Z'],
  ])('%s before %s is %s', (age, now, expected) => {
    const date = sinceDate(age, new Date(now));
    expect(date instanceof Date ? date.toISOString() : date).toBe(expected);
  });

  it('still counts minutes to weeks as elapsed time', () => {
    const now = new Date('2027-03-31T23:30:00.000Z');
    expect((sinceDate('30d', now) as Date).toISOString()).toBe('2027-03-01T23:30:00.000Z');
    expect((sinceDate('2w', now) as Date).toISOString()).toBe('2027-03-17T23:30:00.000Z');
  });
});
