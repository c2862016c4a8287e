import { assemble, type Grammar } from './assemble';
import { negationRule, orRule } from './connectives';
import { durationConditionRule, speedRule } from './duration-conditions';
import { emptyRangeWarnings } from './empty-ranges';
import { exactCountRule } from './exact-counts';
import { explainFilter, explainLine, explainRunSort } from './explain';
import { fieldIsValueRule } from './field-is-value';
import { fieldTokenRule, wordFieldRule } from './field-phrases';
import { fillerWarning, storedFillerConditions } from './filler-words';
import type { FilterNode, ParsedQuery, ParseOptions, RunSort } from './filter';
import { metricConditionRule, valueFirstConditionRule } from './metric-conditions';
import { metricsNamed, metricSpellingWarnings } from './metric-names';
import { listedValues, eitherOfValues } from './negated-lists';
import { havingFailuresRule } from './having-failures';
import { guarded, resolveOptions } from './options';
import { rateAbove100Warnings } from './rates-above-100';
import { mergeSingleValuedFields } from './single-valued-fields';
import { runSortRule } from './sort-and-limit';
import { RUN_STATUS_WORDS, statusRule } from './status-words';
import { punctuationRule, stopWordRule } from './stop-words';
import { tagPresenceRule } from './tag-presence';
import { timeRule } from './time-phrases';
import { tokenize } from './tokenize';
import { valueFirstBoundRule } from './value-first-bound';
import { valueFirstRangeRule } from './value-first-range';

function not(node: FilterNode): FilterNode {
  return node.kind === 'not' ? node.child : { kind: 'not', child: node };
}

/**
 * The run grammar. Order matters: a field and its operator first ("model is gpt-4", "model: gpt-4"; no other rule may
 * take the field word alone), a bounded count before the exact one ("5 failures or more" is at least 5), counts
 * before negations ("no failures" is failed items = 0) and before stop words ("with failures" is failed items > 0), a range before its measure before time phrases ("between 80
 * and 90 accuracy" is no date), time phrases before sorts ("last 3 days" is a time, "last 3 runs" a sort), metrics
 * before statuses ("success rate" is not "successful"), "untagged" before stored tags, meaningful prepositions ("on
 * qa-capitals") before stop words.
 */
const RUN_GRAMMAR: Grammar<FilterNode, RunSort> = {
  rules: [
    fieldIsValueRule,
    fieldTokenRule,
    valueFirstBoundRule,
    exactCountRule,
    havingFailuresRule,
    negationRule,
    orRule,
    valueFirstRangeRule,
    timeRule,
    metricConditionRule,
    durationConditionRule,
    valueFirstConditionRule,
    runSortRule,
    statusRule(RUN_STATUS_WORDS, (values) => ({ kind: 'status', values }), not),
    speedRule,
    tagPresenceRule,
    wordFieldRule,
    stopWordRule(),
    punctuationRule,
  ],
  text: (text) => ({ kind: 'text', text }),
  not,
  or: (children) => ({ kind: 'or', children }),
  and: (children) => ({ kind: 'and', children }),
  childrenOf: (node, kind) => (node.kind === kind ? (node as { children: FilterNode[] }).children : undefined),
  negatedOf: (node) => (node.kind === 'not' ? node.child : undefined),
  listed: listedValues,
  either: eitherOfValues,
};

/**
 * Understands a natural-language run query ("failed gpt-4o runs from last week with accuracy above
 * 90%") without calling a model. Throws only QuerySyntaxError, and only for real syntax problems.
 */
export function parseQuery(text: string, options?: ParseOptions): ParsedQuery {
  return guarded(text, () => {
    const warnings: string[] = [];
    const resolved = resolveOptions(options, warnings);
    const tokens = tokenize(text);
    const ctx = { text, tokens, options: resolved };
    const result = assemble(ctx, RUN_GRAMMAR);
    result.filter = mergeSingleValuedFields(result.filter);
    // Filler words alone ("eval", "show me the results") asked for something: what stored runs have, else every run.
    if (!result.filter && !result.sort && result.limit === undefined && result.fillers.length > 0) {
      const stored = storedFillerConditions(ctx, result.fillers);
      if (stored) {
        result.filter = stored.filter;
        result.freeText.push(...stored.freeText);
        result.warnings.push(...stored.warnings);
      } else if (result.warnings.length === 0) {
        // Said only when nothing else was: a query with an ignored part already says that it was not all understood.
        result.warnings.push(fillerWarning(result.fillers, 'run'));
      }
    }
    const explain = (node: FilterNode) => explainFilter(node, { timeZone: resolved.timeZone, labels: result.labels });
    const conditions = result.filter ? explain(result.filter) : 'all runs';
    return {
      filter: result.filter,
      ...(result.sort ? { sort: result.sort } : {}),
      ...(result.limit !== undefined ? { limit: result.limit } : {}),
      freeText: result.freeText,
      explanation: explainLine(conditions, result.sort && explainRunSort(result.sort), result.limit),
      warnings: [
        ...warnings,
        ...result.warnings,
        ...emptyRangeWarnings(result.filter, explain, 'run'),
        ...rateAbove100Warnings(result.filter, explain),
        ...metricSpellingWarnings(metricsNamed(result.filter, result.sort), resolved.metrics),
      ],
    };
  });
}
