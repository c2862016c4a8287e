/**
 * How an API token is named as an actor (audit rows, a run's createdBy): `token:<name>#<id>`. Token names are labels
 * that several tokens may share, so the name alone would let anyone who may create a token act under another's
 * name; the id, chosen by the server and unique, tells them apart. The id is always the last 36 characters.
 */

const ENDS_WITH_ID = /#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actor of an API token: `token:<name>#<id>`. */
export function tokenActor(token: { name: string; id: string }): string {
  return `token:${token.name}#${token.id}`;
}

/** Characters of a token id (a UUID) at the end of its actor. @internal */
export const TOKEN_ID_LENGTH = 36;

/**
 * What an actor filter also matches: a filter `token:<name>` (without `#<id>`) means every token of that name, so
 * it also matches actors of exactly `token:<name>#` followed by an id's length; this returns that `token:<name>#`.
 * A filter ending in `#<id>` names one token and matches only itself: null, as for every other filter. @internal
 */
export function tokenNamePrefix(filter: string): string | null {
  if (!filter.startsWith('token:') || ENDS_WITH_ID.test(filter)) return null;
  return `${filter}#`;
}
