import type { MetricFunction, NamedMetric } from '../types';
import { scoreMetric } from './score-metric';
import { testContext } from './test-context';

const context = testContext();
const metric = (fn: (...args: Parameters<MetricFunction>) => unknown): NamedMetric => ({ name: 'm', fn: fn as MetricFunction });
const score = (fn: (...args: Parameters<MetricFunction>) => unknown) => scoreMetric(metric(fn), 'out', 'exp', 'in', context);

describe('scoreMetric', () => {
  it('returns numbers, booleans and { score, reason } synchronously', () => {
    expect(score(() => 0.5)).toEqual({ value: 0.5 });
    expect(score(() => false)).toEqual({ value: false });
    expect(score(() => ({ score: 1, reason: 'looks right 👍' }))).toEqual({ value: 1, reason: 'looks right 👍' });
    expect(score(() => ({ score: true }))).toEqual({ value: true });
    expect(score(() => ({ score: 0, reason: undefined }))).toEqual({ value: 0 });
  });

  // A valid score was thrown away when its reason was not text, and the error blamed the score ("a reason of an
  // object without a number or boolean score").
  it('keeps the score of a reason that is not text, and the reason as text', () => {
    expect(score(() => ({ score: 0.75, reason: { matched: ['a', 'b'], missing: 1 } }))).toEqual({ value: 0.75, reason: '{"matched":["a","b"],"missing":1}' });
    expect(score(() => ({ score: 1, reason: 5 }))).toEqual({ value: 1, reason: '5' });
    expect(score(() => ({ score: false, reason: [true] }))).toEqual({ value: false, reason: '[true]' });
    expect(score(() => ({ score: 1, reason: 10n }))).toEqual({ value: 1, reason: '10' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(score(() => ({ score: 0.5, reason: cycle }))).toEqual({ value: 0.5, reason: '(a reason that cannot be shown as text: an object)' });
  });

  it('passes output, expected, input and the item context through', () => {
    const fn = jest.fn(() => 1);
    scoreMetric(metric(fn), 'out', 'exp', 'in', context);
    expect(fn).toHaveBeenCalledWith('out', 'exp', 'in', context);
  });

  it.each([
    [Number.NaN, 'metric returned NaN'],
    [Infinity, 'metric returned Infinity'],
    [-Infinity, 'metric returned -Infinity'],
    ['0.9', 'metric returned a string ("0.9")'],
    [undefined, 'metric returned undefined'],
    [null, 'metric returned null'],
    [{ value: 1 }, 'metric returned an object without a number or boolean score'],
    [[1], 'metric returned an array'],
    [{ score: Number.NaN }, 'metric returned a score of NaN'],
    [{ score: '1' }, 'metric returned a score of a string ("1")'],
  ])('reports %p as an error', (value, error) => {
    expect(score(() => value)).toEqual({ error });
  });

  it('reports a thrown error with its name and message', () => {
    expect(
      score(() => {
        throw new TypeError('bad input');
      }),
    ).toEqual({ error: 'TypeError: bad input' });
    expect(
      score(() => {
        throw 'plain string';
      }),
    ).toEqual({ error: 'metric threw a string ("plain string")' });
  });

  it('awaits async metrics and reports rejections', async () => {
    const resolved = score(async () => ({ score: 0.25, reason: 'partly' }));
    expect(resolved).toBeInstanceOf(Promise);
    await expect(resolved).resolves.toEqual({ value: 0.25, reason: 'partly' });
    await expect(score(async () => Number.NaN)).resolves.toEqual({ error: 'metric returned NaN' });
    await expect(score(() => Promise.reject(new RangeError('too far')))).resolves.toEqual({ error: 'RangeError: too far' });
    await expect(score(async () => 'yes')).resolves.toEqual({ error: 'metric returned a string ("yes")' });
  });

  it('turns an async metric still pending after timeoutMs into a MetricTimeoutError naming it and the limit', async () => {
    const never = scoreMetric({ name: 'judge', fn: () => new Promise<number>(() => undefined) }, 'out', 'exp', 'in', context, 20);
    await expect(never).resolves.toEqual({
      error: 'MetricTimeoutError: metric "judge" did not finish within 20 ms; make it faster or raise config.metricTimeoutMs',
    });
    await expect(scoreMetric(metric(async () => 0.5), 'out', 'exp', 'in', context, 1_000)).resolves.toEqual({ value: 0.5 });
  });

  it('reports an unprintable throw, or a result that throws when read, as an error', async () => {
    const unprintable = Object.defineProperty(new Error('x'), 'name', {
      get() {
        throw new Error('no name');
      },
    });
    expect(
      score(() => {
        throw unprintable;
      }),
    ).toEqual({ error: 'metric threw a value that cannot be printed' });
    const hostile = new Proxy(
      {},
      {
        has: () => {
          throw new Error('trap');
        },
      },
    );
    expect(score(() => hostile)).toEqual({ error: 'Error: trap' });
    await expect(score(async () => hostile)).resolves.toEqual({ error: 'Error: trap' });
  });

  it('accepts thenables that are not native promises', async () => {
    const thenable = { then: (resolve: (value: number) => void) => resolve(0.75) };
    await expect(score(() => thenable)).resolves.toEqual({ value: 0.75 });
  });

  it('truncates long string results in the error', () => {
    const result = score(() => 'x'.repeat(20_000)) as { error: string };
    expect(result.error.length).toBeLessThan(100);
  });

  it('scores a synchronous metric synchronously (no promise per item)', () => {
    const fast = metric(() => 1);
    for (let i = 0; i < 1_000; i++) expect(scoreMetric(fast, 'out', 'exp', 'in', context)).toEqual({ value: 1 });
  });
});
