import { redactedColumn, redactSecrets } from '../access/redact-secrets';
import { note, print } from './print';

/**
 * Prints how a query was understood, then its warnings: "ignored …" ones as `Ignored: …`, the rest as `Note: …`.
 * Always printed before results, so a misread query is noticed before its answer is trusted. Both repeat the query's
 * words: a token secret pasted into it is cut to its prefix, as the API cuts it.
 */
export function printUnderstood(explanation: string, warnings: readonly string[]): void {
  print(`Understood: ${redactSecrets(explanation) || 'everything'}`);
  for (const warning of warnings.map(redactSecrets)) {
    const ignored = /^ignored\s+/i.exec(warning);
    print(ignored ? `Ignored: ${warning.slice(ignored[0].length)}` : `Note: ${warning}`);
  }
}

/**
 * Runs `work`; when it throws a QuerySyntaxError, prints the query with a caret under the offending character to
 * stderr and rethrows (handle() then prints the message and exits 2).
 */
export async function withQueryCaret<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { name?: string; query?: unknown; position?: unknown };
    if (e?.name === 'QuerySyntaxError' && typeof e.query === 'string' && typeof e.position === 'number') {
      // Tabs and line breaks would shift the caret; show them as spaces. A token secret in the query is cut to its
      // prefix, the caret moved with the text.
      const spaced = e.query.replace(/[\t\r\n]/g, ' ');
      const query = redactSecrets(spaced);
      const column = Math.max(0, Math.min(redactedColumn(spaced, e.position), query.length));
      note(`  ${query}`);
      note(`  ${' '.repeat([...query.slice(0, column)].length)}^`);
    }
    throw error;
  }
}
