/** Parses a natural-language run query into a filter tree, sort, limit, explanation and warnings. */
export { parseQuery } from './parse-query';
/** Parses a natural-language query over the items of one run. */
export { parseItemQuery } from './parse-item-query';
