import { DatasetError } from '../errors';
import type { EvaluationExport } from '../result/export-format';
import { exportItemIds } from './item-order';

function exportWith(order: unknown, results = ['a', 'b'], errors = ['c']): EvaluationExport {
  return {
    results: Object.fromEntries(results.map((id) => [id, { output: id, scores: {}, success: true, time: 1 }])),
    errors: Object.fromEntries(errors.map((id) => [id, 'Error: x'])),
    llm_eval: { format: 'llm-eval.export', version: 1, status: 'completed', item_order: order as string[], failures: {} },
  } as unknown as EvaluationExport;
}

describe('exportItemIds: the data is the truth, item_order may only reorder it', () => {
  it('returns the order when it is a permutation of results and errors', () => {
    expect(exportItemIds(exportWith(['c', 'a', 'b']))).toEqual(['c', 'a', 'b']);
  });

  it.each([
    [['a', 'b'], /leaves out item "c", which is in "errors"/],
    [['a', 'c'], /leaves out item "b", which is in "results"/],
    [['a', 'b', 'c', 'ghost'], /lists item "ghost", which is in neither "results" nor "errors"/],
    [['a', 'b', 'a', 'c'], /lists item "a" twice/],
    ['a,b,c', /must be an array of item ids/],
  ])('rejects item_order %j naming the file and the first mismatching id', (order, message) => {
    const error = (() => {
      try {
        exportItemIds(exportWith(order), 'edited.json');
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.message).toMatch(/^edited\.json: /);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/may only reorder them/);
  });

  it('rejects an item that is both a result and an error', () => {
    expect(() => exportItemIds(exportWith(['a', 'b'], ['a', 'b'], ['b']))).toThrow(/item "b" is in both "results" and "errors"/);
  });

  it('orders Python exports (no llm_eval block) by item_N, and ids like "constructor" are ids, not object methods', () => {
    const python = { results: { item_10: {}, item_2: {} }, errors: { item_1: 'Error: x' } } as unknown as EvaluationExport;
    expect(exportItemIds(python)).toEqual(['item_1', 'item_2', 'item_10']);
    expect(() => exportItemIds(exportWith(['a', 'b', 'c', 'constructor']))).toThrow(/"constructor"/);
  });
});
