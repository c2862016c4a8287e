import { normalizeText } from './normalize-text';

const plain = { ignoreCase: false, trim: false };

describe('normalizeText', () => {
  it('composes to NFC so both spellings of é are equal', () => {
    expect(normalizeText('e\u0301', plain)).toBe('\u00e9');
    expect(normalizeText('Cafe\u0301', plain)).toBe(normalizeText('Café', plain));
  });

  it('trims Unicode whitespace and lowercases when asked', () => {
    expect(normalizeText('\u00a0 Ünïcode \n', { ignoreCase: true, trim: true })).toBe('ünïcode');
    expect(normalizeText(' A ', plain)).toBe(' A ');
  });

  it('leaves CJK and emoji alone and reads null as empty', () => {
    expect(normalizeText('漢字😀', { ignoreCase: true, trim: true })).toBe('漢字😀');
    expect(normalizeText(null, plain)).toBe('');
    expect(normalizeText(3.5, plain)).toBe('3.5');
  });
});
