import { createHash } from 'node:crypto';

const objectOr = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** JSON with object keys sorted, so equal data hashes equally whatever order a file lists keys in. */
function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      objectOr(v) && !(v instanceof Date) ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
    ) ?? 'null'
  );
}

/**
 * The SHA-256 of an import's canonical JSON, `{"items":[…],"run":{…}}` with every object's keys sorted: how an
 * import knows a file the database already holds. Hashed piece by piece, with the same bytes as one
 * JSON.stringify of the whole: a run holding more than about 512 MB of text is more than one string can hold, and
 * importing its export failed with "Invalid string length". @internal
 */
export function importContentHash(run: unknown, items: readonly unknown[]): string {
  const hash = createHash('sha256');
  hash.update('{"items":[');
  items.forEach((item, i) => hash.update(i === 0 ? canonicalJson(item) : `,${canonicalJson(item)}`));
  hash.update('],"run":');
  hash.update(canonicalJson(run));
  hash.update('}');
  return hash.digest('hex');
}
