import { JsonTextPaths } from './json-text-paths';

/** Each stop of a walk over `text`: the text from it to the next delimiter, the path there, and the depth. */
function stops(text: string): Array<{ at: string; path: string[]; depth: number }> {
  const walk = new JsonTextPaths(text);
  const found: Array<{ at: string; path: string[]; depth: number }> = [];
  for (let i = walk.next(0); i !== -1; i = walk.next(i + 1)) {
    const c = text[i]!;
    // A bracket is one character; a number or word reads to the next delimiter (as a caller reads its literal).
    const word = c === '{' || c === '[' ? c : /^[^\s,:{}[\]"]+/.exec(text.slice(i))![0];
    found.push({ at: word, path: walk.path(), depth: walk.depth });
    i += word.length - 1;
  }
  return found;
}

/** The numbers and words of a walk, each with its path as `a.b.0`. */
function scalars(text: string): string[] {
  return stops(text)
    .filter((stop) => stop.at !== '{' && stop.at !== '[')
    .map((stop) => `${stop.path.join('.')}=${stop.at}`);
}

describe('JsonTextPaths: the path of each value of a JSON text', () => {
  it('follows keys and indexes through nested objects and arrays', () => {
    const text = '{"a": {"b": [10, {"c": true}, [null, -2.5e3]], "d": 4}, "e": [[], {}, 7]}';
    expect(scalars(text)).toEqual(['a.b.0=10', 'a.b.1.c=true', 'a.b.2.0=null', 'a.b.2.1=-2.5e3', 'a.d=4', 'e.2=7']);
    // Each bracket is a stop, already entered: its path ends with its own first key or index.
    expect(stops(text).filter((stop) => stop.at === '{' || stop.at === '[').map((stop) => stop.depth)).toEqual([1, 2, 3, 4, 4, 2, 3, 3]);
  });

  it('tells objects from arrays, and gives the key or index at each level', () => {
    const text = '{"list": [1, 2, {"x": 3}]}';
    const walk = new JsonTextPaths(text);
    let i = walk.next(0);
    while (text[i] !== '3') i = walk.next(i + 1);
    expect(walk.depth).toBe(3);
    expect([walk.isObject(0), walk.isObject(1), walk.isObject(2)]).toEqual([true, false, true]);
    expect([walk.key(0), walk.key(1), walk.key(2)]).toEqual(['list', '2', 'x']);
    expect(walk.path(2)).toEqual(['list', '2']);
    expect(walk.next(i + 1)).toBe(-1);
  });

  it('decodes escaped keys', () => {
    expect(scalars('{"a\\"b": 1, "\\u0063\\\\": {"\\n": 2}}')).toEqual(['a"b=1', 'c\\.\n=2']);
  });

  it('steps over strings holding brackets, commas, colons, quotes and backslashes', () => {
    const text = '{"k": "[{,:\\"}]", "l": ["]", "\\\\", "\\"[", 5], "m": "x\\\\\\"]", "n": 6}';
    expect(scalars(text)).toEqual(['l.3=5', 'n=6']);
    // String values are not keys: the key stays the one before them.
    expect(scalars('{"k": "v", "n": 1}')).toEqual(['n=1']);
  });

  it('gives a number or word at the top level an empty path', () => {
    expect(stops(' -12.5e-3 ')).toEqual([{ at: '-12.5e-3', path: [], depth: 0 }]);
    expect(scalars('true')).toEqual(['=true']);
    expect(scalars('"text [1]"')).toEqual([]);
  });

  it('walks a text that is not JSON: bad escapes as written, stray closers and commas ignored, ends at an unclosed string', () => {
    expect(scalars('{"\\x": NaN}')).toEqual(['\\x=NaN']);
    expect(scalars('], 1, {"a": 2}}} 3')).toEqual(['=1', 'a=2', '=3']);
    // An object whose key is not read yet names its value '0'.
    expect(scalars('{NaN}')).toEqual(['0=NaN']);
    expect(scalars('[1, "open, 2]')).toEqual(['0=1']);
  });

  it('reuses the frames of closed containers without keeping their keys or indexes', () => {
    expect(scalars('[{"a": [1, 2]}, {"b": 3}, [4]]')).toEqual(['0.a.0=1', '0.a.1=2', '1.b=3', '2.0=4']);
    expect(scalars('[{"a": [1, 2, 3]}, {}, [4, 5]]')).toEqual(['0.a.0=1', '0.a.1=2', '0.a.2=3', '2.0=4', '2.1=5']);
  });
});
