/**
 * The line after a page that has more: how to get the next one. Not a command to paste (`llm-eval runs list …
 * --cursor X` was taken literally: "Unknown argument: …"), and the command cannot be printed whole, since a
 * --database-url is never repeated: the user repeats their own command with the cursor. A cursor belongs to its
 * query, so the rest of the command must stay as it was.
 */
export function moreHint(nextCursor: string, givenCursor: unknown): string {
  const instead = givenCursor === undefined ? '' : ' in place of the --cursor it has';
  return `More: repeat the same command with --cursor ${nextCursor}${instead}`;
}
