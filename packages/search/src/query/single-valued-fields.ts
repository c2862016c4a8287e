import type { FilterNode, TextField } from './filter';

/** Fields a run has exactly one value of (tags are many; names are matched as substrings). */
const SINGLE_VALUED: ReadonlySet<TextField> = new Set<TextField>(['model', 'dataset', 'project', 'createdBy']);

/** The single-valued field a condition tests (`model is x`, or `model is x OR model is y`), or undefined. */
function singleField(node: FilterNode): TextField | undefined {
  if (node.kind === 'field') return SINGLE_VALUED.has(node.field) ? node.field : undefined;
  if (node.kind !== 'or' || node.children.length === 0) return undefined;
  const fields = new Set(node.children.map((c) => (c.kind === 'field' ? c.field : undefined)));
  const [field] = fields;
  return fields.size === 1 && field !== undefined && SINGLE_VALUED.has(field) ? field : undefined;
}

/**
 * A run has one model, one dataset, one project and one creator, so two conditions on the same one of these can only
 * mean either ("gpt-4o claude runs", "project:demo project:prod"): the top-level AND joins them with OR.
 */
export function mergeSingleValuedFields(filter: FilterNode | null): FilterNode | null {
  if (filter?.kind !== 'and') return filter;
  const groups = new Map<TextField, FilterNode[]>();
  for (const child of filter.children) {
    const field = singleField(child);
    if (field) groups.set(field, [...(groups.get(field) ?? []), child]);
  }
  if (![...groups.values()].some((g) => g.length > 1)) return filter;
  const children: FilterNode[] = [];
  for (const child of filter.children) {
    const field = singleField(child);
    const group = field ? groups.get(field)! : undefined;
    if (!group || group.length === 1) children.push(child);
    else if (group[0] === child) children.push({ kind: 'or', children: group.flatMap((g) => (g.kind === 'or' ? g.children : [g])) });
  }
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}
