import { stripCodeFence } from './strip-code-fence';

describe('stripCodeFence', () => {
  it('returns the content of a ```json fence, with or without a language tag', () => {
    expect(stripCodeFence('```json\n{"a": 1}\n```')).toBe('{"a": 1}');
    expect(stripCodeFence('  ```\n[1, 2]\n```\n')).toBe('[1, 2]');
    expect(stripCodeFence('```JSON {"a": 1}```')).toBe('{"a": 1}');
  });

  it('reads ```true``` as content, not as a language tag', () => {
    expect(stripCodeFence('```true```')).toBe('true');
  });

  it('leaves unfenced text, text around a fence and unclosed fences as they are (trimmed)', () => {
    expect(stripCodeFence(' {"a": 1} ')).toBe('{"a": 1}');
    expect(stripCodeFence('Here:\n```json\n{}\n```')).toBe('Here:\n```json\n{}\n```');
    expect(stripCodeFence('```json\n{}')).toBe('```json\n{}');
    expect(stripCodeFence('')).toBe('');
  });
});
