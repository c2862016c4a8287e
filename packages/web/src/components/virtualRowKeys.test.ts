import { describe, expect, it } from 'vitest';
import { virtualRowTarget } from './virtualRowKeys';

describe('virtualRowTarget', () => {
  it('moves by one, by a screenful and to the ends, clamped to the rows there are', () => {
    expect(virtualRowTarget('ArrowDown', 3, 10, 4)).toBe(4);
    expect(virtualRowTarget('ArrowUp', 0, 10, 4)).toBe(0);
    expect(virtualRowTarget('PageDown', 8, 10, 4)).toBe(9);
    expect(virtualRowTarget('PageUp', 5, 10, 4)).toBe(1);
    expect(virtualRowTarget('Home', 7, 10, 4)).toBe(0);
    expect(virtualRowTarget('End', 2, 10, 4)).toBe(9);
  });

  it('leaves other keys to the caller', () => {
    expect(virtualRowTarget('Enter', 3, 10, 4)).toBeNull();
    expect(virtualRowTarget('a', 3, 10, 4)).toBeNull();
  });
});
