/** A JSON number token (the text is valid JSON, so no need to reject anything). */
const NUMBER = /-?\d+(\.\d+)?([eE][-+]?\d+)?/y;
/** Integers of up to 15 digits are exact as doubles; longer ones may not be (2^53 has 16). */
const MAX_EXACT_DIGITS = 15;
const LONG_DIGIT_RUN = new RegExp(`\\d{${MAX_EXACT_DIGITS + 1}}`);

/**
 * Whether `text` may hold an integer literal that a double cannot represent exactly: a quick test (a run of more
 * than 15 digits, maybe in a string or a float) that lets nearly every document take plain `JSON.parse` alone.
 * @internal
 */
export function mayHoldLongInteger(text: string): boolean {
  return LONG_DIGIT_RUN.test(text);
}

type Container = unknown[] | Record<string, unknown>;

/**
 * `JSON.parse(text)` for a text already known to be valid JSON, except that an integer literal of more than 15
 * digits becomes a bigint, so that it compares exactly, as Python's `json.loads` reads it as an int
 * (9007199254740993 is not 9007199254740992). Floats (`1.0`, `1e16`) stay numbers as in Python. Objects are built
 * as `JSON.parse` builds them: `"__proto__"` is an own key, a repeated key keeps its first position and last value.
 * Iterative, so any nesting `JSON.parse` accepts is read without overflowing the stack.
 * @internal
 */
export function parseJsonExact(text: string): unknown {
  const containers: Container[] = [];
  const keys: string[] = [];
  let root: unknown;
  let i = skipSpace(text, 0);

  const place = (value: unknown): void => {
    const top = containers.at(-1);
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else Object.defineProperty(top, keys[containers.length - 1] as string, { value, enumerable: true, writable: true, configurable: true });
  };
  const readKey = (): void => {
    const end = stringEnd(text, i);
    keys[containers.length - 1] = JSON.parse(text.slice(i, end)) as string;
    i = skipSpace(text, skipSpace(text, end) + 1); // past the ':'
  };

  for (;;) {
    // A value starts at i.
    const c = text[i];
    if (c === '{' || c === '[') {
      const container: Container = c === '{' ? {} : [];
      place(container);
      i = skipSpace(text, i + 1);
      if (text[i] !== (c === '{' ? '}' : ']')) {
        containers.push(container);
        if (c === '{') readKey();
        continue;
      }
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      place(JSON.parse(text.slice(i, end)));
      i = end;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      place(c === 't' ? true : c === 'f' ? false : null);
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text) as RegExpExecArray;
      const token = match[0];
      const integer = match[1] === undefined && match[2] === undefined;
      place(integer && token.replace('-', '').length > MAX_EXACT_DIGITS ? BigInt(token) : Number(token));
      i += token.length;
    }
    // After a value: close finished containers, then stop at the end or move to the next value.
    for (;;) {
      i = skipSpace(text, i);
      if (containers.length === 0) return root;
      const separator = text[i++];
      if (separator === ',') {
        i = skipSpace(text, i);
        if (!Array.isArray(containers.at(-1))) readKey();
        break;
      }
      containers.pop();
    }
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  return i;
}

/** The index after the closing quote of the string literal opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}
