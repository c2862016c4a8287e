import { stripCodeFence } from './strip-code-fence';

/** The regex stripCodeFence used before it was rewritten: the reference for normal-sized inputs. */
const OLD_FENCE = /^```(?:[\w+.-]+(?=\s))?\s*([\s\S]*?)\s*```$/;
function oldStripCodeFence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  return OLD_FENCE.exec(trimmed)?.[1] ?? trimmed;
}

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

  it.each([
    '```',
    '````',
    '`````',
    '``````',
    '```````',
    '```json```',
    '```json ```',
    '```json\n```',
    '```json\n\n```',
    '``` json\n{}\n```',
    '```c++ x```',
    '```objective-c\nint x;\n```',
    '```a.b_c+d-e\tbody\t```',
    '```a b```',
    '```true false```',
    '```\u00a0{"a":1}\u2028```',
    '```é {"a":1}```',
    '```json\r\n{"a": 1}\r\n```',
    '```json\n{"s": "```"}\n```',
    '```json\n{"a": 1}\n```\n```',
    '```json\n{"a": 1}\n``` trailing',
    '\n\t```python\n  print(1)  \n```\n\n',
    '```\n  indented\n    more\n  ```',
    '```json{"a":1}```',
    '```-\n1\n```',
    '`` `x` ``',
    'text ```json\n{}\n```',
  ])('gives the same result as the former regex for %j', (text) => {
    expect(stripCodeFence(text)).toBe(oldStripCodeFence(text));
  });

  it('finishes on an opening fence followed by a huge run of whitespace (the former regex took cubic time)', () => {
    const spaces = ' '.repeat(200_000);
    const newlines = '\n'.repeat(200_000);
    expect(stripCodeFence(`\`\`\`${spaces}x`)).toBe(`\`\`\`${spaces}x`);
    expect(stripCodeFence(`\`\`\`${newlines}x`)).toBe(`\`\`\`${newlines}x`);
    expect(stripCodeFence(`\`\`\`json\n{"a":1}${' '.repeat(1_000_000)}\``)).toBe(`\`\`\`json\n{"a":1}${' '.repeat(1_000_000)}\``);
    expect(stripCodeFence(`\`\`\`json${spaces}{"a":1}${spaces}\`\`\``)).toBe('{"a":1}');
    expect(stripCodeFence(`\`\`\`${' '.repeat(1_000_000)}\`\`\``)).toBe('');
  });
});
