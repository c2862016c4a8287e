import { lineAndColumn, safeExcerpt } from './safe-excerpt';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * Where JSON.parse failed on `text` and why, found by our own scan: V8's SyntaxError message quotes the text
 * around the error, which may hold secrets, so it must never reach a message. Iterative, so deep nesting is fine.
 * @internal
 */
export function locateJsonSyntaxError(text: string): { offset: number; problem: string } {
  let i = 0;
  const stack: Array<'{' | '['> = [];
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const fail = (problem: string) => ({ offset: i, problem: i >= text.length ? 'unexpected end of input' : problem });
  // expect: what may come next. 'value' | 'key' | 'after' (a value ended: , or a closer) | 'colon'
  let expect: 'value' | 'key-or-close' | 'key' | 'value-or-close' | 'after' | 'colon' | 'end' = 'value';
  for (;;) {
    skip();
    if (expect === 'end') return i < text.length ? fail('unexpected text after the JSON value') : { offset: i, problem: 'invalid JSON' };
    const c = text[i];
    if (c === undefined) return fail('');
    if (expect === 'colon') {
      if (c !== ':') return fail(`expected ":" after a property name`);
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (c === ',' && top) {
        i++;
        expect = top === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        i++;
        stack.pop();
        expect = stack.length ? 'after' : 'end';
        continue;
      }
      return fail(top ? `expected "," or "${top === '{' ? '}' : ']'}"` : 'unexpected text after the JSON value');
    }
    if ((expect === 'key-or-close' && c === '}') || (expect === 'value-or-close' && c === ']')) {
      i++;
      stack.pop();
      expect = stack.length ? 'after' : 'end';
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (c !== '"') return fail('expected a property name in double quotes');
      const end = scanString();
      if (typeof end === 'string') return fail(end);
      i = end;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'key-or-close' : 'value-or-close';
      continue;
    }
    if (c === '"') {
      const end = scanString();
      if (typeof end === 'string') return fail(end);
      i = end;
    } else {
      const pattern = c === '-' || (c >= '0' && c <= '9') ? NUMBER : LITERAL;
      pattern.lastIndex = i;
      if (!pattern.test(text)) return fail('unexpected character');
      i = pattern.lastIndex;
    }
    expect = stack.length ? 'after' : 'end';
  }

  /** The offset after the string starting at i, or why it is invalid (with i moved to the problem). */
  function scanString(): number | string {
    let j = i + 1;
    while (j < text.length) {
      const code = text.charCodeAt(j);
      if (code === 0x22) return j + 1;
      if (code < 0x20) {
        i = j;
        return 'control character inside a string (escape it, e.g. \\n)';
      }
      if (code === 0x5c) {
        const next = text[j + 1];
        if (next === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)) : !next || !'"\\/bfnrt'.includes(next)) {
          i = j;
          return 'invalid escape in a string';
        }
        j += next === 'u' ? 6 : 2;
        continue;
      }
      j++;
    }
    i = text.length;
    return 'unterminated string';
  }
}

/**
 * "line 3, column 7: expected "," or "}" near "…"" for text JSON.parse rejected; the excerpt from `shown` (the file's
 * text, when `text` is it with some tokens masked at the same length). @internal
 */
export function describeJsonSyntaxError(text: string, shown = text): string {
  const { offset, problem } = locateJsonSyntaxError(text);
  const { line, column } = lineAndColumn(text, offset);
  return `line ${line}, column ${column}: ${problem}, near ${safeExcerpt(shown, offset)}`;
}
