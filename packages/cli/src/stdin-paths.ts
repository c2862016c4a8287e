/** What `-` (stdin) would stand for, by the file options that take only a path. */
const READ_FROM_STDIN: Readonly<Record<string, string>> = {
  '--dataset': 'a dataset',
  '--task': 'a module',
  '--metric-file': 'a module',
};

/** The options above, for which `-` is refused with stdinRefused. */
export const PATH_ONLY_OPTIONS: ReadonlySet<string> = new Set(Object.keys(READ_FROM_STDIN));

/**
 * Why `--dataset -` does not read stdin: a dataset's format comes from its file's extension and it is read twice
 * (checked, then streamed), a module is imported from its path. yargs took the `-` for a stray argument
 * ("Unknown argument: -").
 */
export function stdinRefused(flag: string): string {
  const what = READ_FROM_STDIN[flag] ?? 'it';
  const fix = flag === '--dataset' ? ': save it to a .jsonl, .json or .csv file and give its path' : '';
  return `${flag} needs a file path; reading ${what} from stdin ("-") is not supported${fix}.`;
}
