import { Float64List } from './float64-list';

describe('Float64List', () => {
  it('keeps every value in order as it grows past its first capacity, exactly', () => {
    const list = new Float64List();
    const expected: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const value = i % 7 === 0 ? -0.1 * i : i === 4_321 ? Number.MAX_VALUE : i / 3;
      list.push(value);
      expected.push(value);
    }
    expect(list.length).toBe(5_000);
    expect(Array.from(list.values())).toEqual(expected);
  });

  it('gives a view of the values pushed so far, empty at first', () => {
    const list = new Float64List();
    expect(list.values().length).toBe(0);
    list.push(1.5);
    list.push(-2);
    expect(Array.from(list.values())).toEqual([1.5, -2]);
  });
});
