/**
 * The words of a query command (`runs search`, `runs items`): its positionals, then whatever follows `--`. A query
 * word that starts with a dash (`-tag:wip`, the documented negation) reads as options to the argument parser; after
 * `--` it cannot, and yargs leaves those words in `argv._` after the command's own words (`runs search`).
 */
export function queryWords(argv: { query?: string[]; _: Array<string | number> }, commandWords: number): string[] {
  return [...(argv.query ?? []), ...argv._.slice(commandWords).map(String)];
}
