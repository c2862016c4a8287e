import { quote } from './explain';
import { wordFieldRule } from './field-phrases';
import type { FilterNode } from './filter';
import { matchPhrase, type Match, type RuleContext } from './rule';
import { tagReading } from './stored-values';

const TAGGED: FilterNode = { kind: 'tagged' };

/** Words for a run without tags. */
const UNTAGGED_WORDS: ReadonlySet<string> = new Set(['untagged', 'tagless']);
/** Tag words that, with no value after them, mean "has a tag" ("runs with tags", "tagged runs"); negations compose. */
const ANY_TAG_PHRASES = ['tags', 'any tags', 'any tag', 'tagged'];

/**
 * "untagged", "without tags", "with no tags", "not tagged" (runs with no tag) and "with tags", "tagged runs" (runs with
 * at least one): a tag word followed by no tag value. "tagged nightly" and "tags nightly" are a tag (the field rule
 * reads them). A stored tag named "untagged" keeps its meaning, with a warning.
 */
export function tagPresenceRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'word') return null;
  if (UNTAGGED_WORDS.has(token.lower)) {
    const stored = tagReading(ctx, token.text);
    if (stored) {
      const warning = `${quote(token.text)} is a stored tag, so it means that tag; for runs without tags write "without tags"`;
      return { end: i + 1, node: stored.node, warnings: [warning] };
    }
    return { end: i + 1, node: { kind: 'not', child: TAGGED } };
  }
  const phrase = matchPhrase(ctx, i, ANY_TAG_PHRASES);
  // "tagged with nightly", "tags 'release candidate'": a tag the field rule reads.
  if (!phrase || wordFieldRule(ctx, i)) return null;
  return { end: phrase[1], node: TAGGED };
}
