import { DatasetError } from '../errors';
import { jsonPathText } from './json-path-text';
import { JsonTextPaths } from './json-text-paths';
import { lineAndColumn } from './safe-excerpt';

/** A bare NaN, Infinity or -Infinity in value position of a JSON text: where it is, and the keys leading to it. */
interface Token {
  token: string;
  offset: number;
  path: string[];
}

const TOKENS = ['NaN', 'Infinity', '-Infinity'];
const WORD = /[A-Za-z0-9_$]/;

/**
 * Python's json.dump writes the floats NaN, Infinity and -Infinity as those bare words unless given allow_nan=False
 * (a one-item metric's "std" is NaN; a metric that returned nan gives a NaN score); JSON.parse refuses them. Finds each
 * one in value position, outside strings, and returns the text with each replaced by `0` and spaces (the same length,
 * so offsets in later messages still match the file), or null when there are none. The text need not be valid JSON.
 */
function maskTokens(text: string): { masked: string; tokens: Token[] } | null {
  const tokens: Token[] = [];
  const pieces: string[] = [];
  let copied = 0;
  const walk = new JsonTextPaths(text);
  for (let i = walk.next(0); i !== -1; i = walk.next(i + 1)) {
    const c = text[i]!;
    if (c !== 'N' && c !== 'I' && c !== '-') continue;
    const token = TOKENS.find((t) => text.startsWith(t, i) && !WORD.test(text[i + t.length] ?? ''));
    if (token === undefined || WORD.test(text[i - 1] ?? '')) continue;
    tokens.push({ token, offset: i, path: walk.path() });
    pieces.push(text.slice(copied, i), '0'.padEnd(token.length, ' '));
    copied = i + token.length;
    i += token.length - 1;
  }
  if (tokens.length === 0) return null;
  pieces.push(text.slice(copied));
  return { masked: pieces.join(''), tokens };
}

/** What a token at `path` becomes, or undefined where it cannot be read. `kind`: a JSON export, or a JSONL line's type. */
function readAs(path: string[], token: string, kind: 'json' | 'run' | 'item' | undefined): null | number | undefined {
  const statistic = (path.length === 3 && path[0] === 'metric_stats') || (path.length === 1 && path[0] === 'success_rate');
  // Statistics the import recomputes from the items: read as unknown.
  if (statistic && (kind === 'json' || kind === 'run')) return null;
  const score =
    kind === 'item'
      ? path.length === 2 && path[0] === 'scores'
      : kind === 'json' &&
        ((path.length === 4 && path[0] === 'results' && path[2] === 'scores') ||
          (path.length === 5 && path[0] === 'llm_eval' && path[1] === 'failures' && path[3] === 'scores'));
  // A score: kept as the number, which the import stores as the metric error "metric returned NaN" (ScoreReader).
  return score ? Number(token) : undefined;
}

const HOW_TO_FIX =
  "Python's json.dump writes NaN, Infinity and -Infinity for floats that are not finite unless given allow_nan=False. " +
  'They are read only in metric_stats (which the import recomputes) and as scores (stored as metric errors). Replace the ' +
  'others with null, e.g. in Python: replace the value with None and write the file with json.dump(..., allow_nan=False); ' +
  "or sed -E 's/: (NaN|-?Infinity)([,}])/: null\\2/g' on a file json.dump wrote (it changes scores and statistics too, " +
  'which is harmless). Then import the file again';

/**
 * Reads a JSON text that JSON.parse refused because it holds Python's NaN, Infinity or -Infinity: in metric_stats (and
 * success_rate) they are read as null, in scores as the numbers they are; anywhere else the file is refused
 * (DatasetError), naming the token, where it is and how to fix the file. Returns undefined when the text has none;
 * else the text with them masked (`0` and spaces: for the scans that read the text, and to locate another syntax
 * error, whose offset is the file's) and, when JSON.parse reads that, the value.
 * @internal
 */
export function parsePythonNonFinite(text: string, file: string, line?: number): { value?: unknown; text: string } | undefined {
  const found = maskTokens(text);
  if (!found) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(found.masked);
  } catch {
    return { text: found.masked };
  }
  const type = line === undefined ? 'json' : (value as { type?: unknown } | null)?.type;
  const kind = type === 'json' || type === 'run' || type === 'item' ? type : undefined;
  for (const { token, offset, path } of found.tokens) {
    const replacement = readAs(path, token, kind);
    if (replacement === undefined) {
      const { line: at, column } = lineAndColumn(text, offset);
      const where = line === undefined ? `line ${at}, column ${column}` : `column ${column}`;
      throw new DatasetError(`${token} at ${where} (${jsonPathText(path)}) is not JSON: ${HOW_TO_FIX}`, file, line);
    }
    let parent = value as Record<string, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    Object.defineProperty(parent, path[path.length - 1]!, { value: replacement, enumerable: true, writable: true, configurable: true });
  }
  return { value, text: found.masked };
}
