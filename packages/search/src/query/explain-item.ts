import { formatSeconds, notStatus, quote } from './explain';
import type { ItemFilterNode, ItemTextPlace } from './filter';
import type { ItemSort } from './item-sort';

const TEXT_PLACES: Readonly<Record<ItemTextPlace, string>> = {
  output: 'output',
  error: 'error',
  expected: 'expected output',
  id: 'id',
  input: 'input',
  any: 'text',
};

/** One line for an item filter tree: `status is failed AND exact_match < 0.5`. */
export function explainItemFilter(node: ItemFilterNode): string {
  switch (node.kind) {
    case 'and':
      return node.children.map(group).join(' AND ');
    case 'or':
      return node.children.map(group).join(' OR ');
    case 'not':
      if (node.child.kind === 'status') return notStatus(node.child.values);
      if (node.child.kind === 'text') return `${TEXT_PLACES[node.child.in]} does not contain ${quote(node.child.text)}`;
      return `NOT (${explainItemFilter(node.child)})`;
    case 'status':
      return `status is ${node.values.join(' or ')}`;
    case 'score':
      return `${node.metric} ${node.op} ${node.value}`;
    case 'responseTime':
      return `response time ${node.op} ${formatSeconds(node.value)}`;
    case 'text':
      return `${TEXT_PLACES[node.in]} contains ${quote(node.text)}`;
  }
}

function group(node: ItemFilterNode): string {
  const text = explainItemFilter(node);
  return node.kind === 'and' || node.kind === 'or' ? `(${text})` : text;
}

/** `sorted by response time, slowest first`. */
export function explainItemSort(sort: ItemSort): string {
  switch (sort.field) {
    case 'responseTime':
      return `sorted by response time, ${sort.direction === 'asc' ? 'fastest' : 'slowest'} first`;
    case 'sequenceNumber':
      return sort.direction === 'asc' ? 'sorted by position' : 'sorted by position, last first';
    case 'score':
      return `sorted by ${sort.metric ?? 'score'}, ${sort.direction === 'asc' ? 'lowest' : 'highest'} first`;
  }
}
