// Realistic evaluation items (small JSON input, output text, two scores) and their raw database rows.
import { pick, seededRandom } from './random.mjs';

const CAPITALS = [
  ['France', 'Paris'], ['Germany', 'Berlin'], ['Japan', 'Tokyo'], ['Brazil', 'Brasília'], ['Canada', 'Ottawa'],
  ['Kenya', 'Nairobi'], ['Australia', 'Canberra'], ['Peru', 'Lima'], ['Norway', 'Oslo'], ['Egypt', 'Cairo'],
  ['India', 'New Delhi'], ['Mexico', 'Mexico City'], ['Spain', 'Madrid'], ['Vietnam', 'Hanoi'], ['Chile', 'Santiago'],
];

/** Column order of evaluation_items inserts (the same 17 columns the repository writes). */
export const ITEM_COLUMNS = [
  'run_key', 'item_id', 'sequence_number', 'input', 'expected_output', 'actual_output', 'status', 'error_message',
  'error_type', 'started_at', 'completed_at', 'response_time', 'tokens_used', 'cost', 'scores', 'metadata', 'trace_id',
];

/** The `index`-th item, as `runs.addItems` takes it. Deterministic for a given index and seed. */
export function makeItem(index, random = seededRandom(index + 1)) {
  const [country, capital] = pick(random, CAPITALS);
  const correct = random() < 0.8;
  const failed = random() < 0.03;
  const tokens = 30 + Math.floor(random() * 400);
  return {
    itemId: `item-${index}`,
    input: { question: `What is the capital of ${country}?`, language: 'en', difficulty: Math.floor(random() * 3) },
    expectedOutput: capital,
    actualOutput: correct ? `The capital of ${country} is ${capital}.` : `I believe the capital of ${country} is unknown to me.`,
    status: failed ? 'failed' : 'completed',
    responseTime: Math.round((0.15 + random() * 2.5) * 1000) / 1000,
    tokensUsed: tokens,
    cost: tokens * 0.000002,
    scores: { accuracy: correct ? 1 : Math.round(random() * 50) / 100, exact_match: correct },
  };
}

/** `count` items numbered from 0. */
export function makeItems(count, seed = 42) {
  const random = seededRandom(seed);
  const items = new Array(count);
  for (let i = 0; i < count; i++) items[i] = makeItem(i, random);
  return items;
}

/** An item as bound parameters in ITEM_COLUMNS order (what a hand-written INSERT binds). */
export function itemRow(runKey, item, sequence) {
  return [
    runKey,
    item.itemId,
    sequence,
    item.input === undefined ? null : JSON.stringify(item.input),
    item.expectedOutput ?? null,
    item.actualOutput ?? null,
    item.status ?? 'completed',
    null,
    null,
    null,
    null,
    item.responseTime ?? null,
    item.tokensUsed ?? null,
    item.cost ?? null,
    JSON.stringify(item.scores ?? {}),
    item.metadata == null ? null : JSON.stringify(item.metadata),
    null,
  ];
}
