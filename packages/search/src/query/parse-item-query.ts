import { assemble, type Grammar } from './assemble';
import { negationRule, orRule } from './connectives';
import { emptyRangeWarnings } from './empty-ranges';
import { explainLine } from './explain';
import { explainItemFilter, explainItemSort } from './explain-item';
import { fillerWarning } from './filler-words';
import type { ItemFilterNode, ParsedItemQuery, ParseOptions } from './filter';
import { itemFieldTokenRule, itemResponseTimeRule, itemScoreRule } from './item-conditions';
import { itemTextRule } from './item-text-conditions';
import { itemSortRule, type ItemSort } from './item-sort';
import { listedValues, eitherOfValues } from './negated-lists';
import { metricsNamed, metricSpellingWarnings } from './metric-names';
import { guarded, resolveOptions } from './options';
import { ITEM_STATUS_WORDS, statusRule } from './status-words';
import { ITEM_STOP_WORDS, punctuationRule, stopWordRule } from './stop-words';
import { tokenize } from './tokenize';
import { wrongAnswerHints } from './wrong-answer-hint';

function not(node: ItemFilterNode): ItemFilterNode {
  return node.kind === 'not' ? node.child : { kind: 'not', child: node };
}

/** The item grammar; text conditions come before statuses so "errors like timeout" is not "failed". */
const ITEM_GRAMMAR: Grammar<ItemFilterNode, ItemSort> = {
  rules: [
    itemFieldTokenRule,
    negationRule,
    orRule,
    itemTextRule,
    itemScoreRule,
    itemResponseTimeRule,
    itemSortRule,
    statusRule(ITEM_STATUS_WORDS, (values) => ({ kind: 'status', values }), not),
    stopWordRule(ITEM_STOP_WORDS),
    punctuationRule,
  ],
  text: (text) => ({ kind: 'text', in: 'any', text }),
  not,
  or: (children) => ({ kind: 'or', children }),
  and: (children) => ({ kind: 'and', children }),
  childrenOf: (node, kind) => (node.kind === kind ? (node as { children: ItemFilterNode[] }).children : undefined),
  negatedOf: (node) => (node.kind === 'not' ? node.child : undefined),
  listed: listedValues,
  either: eitherOfValues,
};

/**
 * Understands a query over the items of one run ("failed items", "exact_match < 0.5",
 * "errors like timeout", "slowest 20"). Throws only QuerySyntaxError.
 */
export function parseItemQuery(text: string, options?: ParseOptions): ParsedItemQuery {
  return guarded(text, () => {
    const warnings: string[] = [];
    const resolved = resolveOptions(options, warnings);
    const tokens = tokenize(text);
    const result = assemble({ text, tokens, options: resolved }, ITEM_GRAMMAR);
    // Filler words alone ("show all items"): every item, said unless another part of the query was ignored already.
    const onlyFillers = !result.filter && !result.sort && result.limit === undefined && result.fillers.length > 0;
    if (onlyFillers && result.warnings.length === 0) result.warnings.push(fillerWarning(result.fillers, 'item'));
    const conditions = result.filter ? explainItemFilter(result.filter) : 'all items';
    return {
      filter: result.filter,
      ...(result.sort ? { sort: result.sort } : {}),
      ...(result.limit !== undefined ? { limit: result.limit } : {}),
      explanation: explainLine(conditions, result.sort && explainItemSort(result.sort), result.limit),
      warnings: [
        ...warnings,
        ...result.warnings,
        ...wrongAnswerHints(tokens, result.freeText, resolved.metrics),
        ...emptyRangeWarnings(result.filter, explainItemFilter, 'item'),
        ...metricSpellingWarnings(metricsNamed(result.filter, result.sort), resolved.metrics),
      ],
    };
  });
}
