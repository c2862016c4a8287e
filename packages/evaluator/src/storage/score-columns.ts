import type { ItemInput } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';
import { hasKeys, storedScores } from './item-to-record';

type StoredScores = NonNullable<ItemInput['scores']>;

/**
 * A batch's stored scores as columns: each distinct list of metric names once, and per item which list and its values.
 * A batch's items nearly always share one list, so the structured clone to the storage worker copies flat arrays of
 * numbers and booleans instead of writing (and the worker reading) every metric name of every item's object: about
 * 0.23 µs less per item on the evaluation thread and 0.35 µs less on the worker for one metric.
 * @internal
 */
export interface ScoreColumns {
  /** Each distinct list of metric names of an item's stored scores, in their key order. */
  names: string[][];
  /** Per item: its list's position in `names`. */
  shape: number[];
  /** Every item's scores in its list's order, one item after another. */
  values: unknown[];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Collects items' stored scores (as storedScores makes them) as ScoreColumns. @internal */
export class ScoreColumnsBuilder {
  private columns: ScoreColumns = { names: [], shape: [], values: [] };
  private lastShape = -1;

  add(item: ItemResult): void {
    // Without metric errors the stored scores are a copy of the item's: read them where they are.
    const scores: StoredScores = hasKeys(item.metricErrors) ? storedScores(item) : item.scores;
    const keys = Object.keys(scores);
    const c = this.columns;
    let shape = this.lastShape;
    if (shape < 0 || !sameNames(c.names[shape]!, keys)) {
      shape = c.names.findIndex((names) => sameNames(names, keys));
      if (shape < 0) shape = c.names.push(keys) - 1;
      this.lastShape = shape;
    }
    c.shape.push(shape);
    for (const key of keys) c.values.push(scores[key]);
  }

  /** The scores so far, and an empty builder for the next ones. */
  take(): ScoreColumns {
    const taken = this.columns;
    this.columns = { names: [], shape: [], values: [] };
    this.lastShape = -1;
    return taken;
  }
}

/** Each item's stored scores again, as own properties in the original key order (as a structured clone makes them). @internal */
export function scoresFromColumns(c: ScoreColumns): StoredScores[] {
  const all: StoredScores[] = new Array(c.shape.length);
  let next = 0;
  for (let i = 0; i < all.length; i++) {
    const scores: StoredScores = {};
    for (const name of c.names[c.shape[i]!]!) {
      const value = c.values[next++] as StoredScores[string];
      // An own "__proto__" key stays a key: plain assignment would set the prototype instead.
      if (name === '__proto__') Object.defineProperty(scores, name, { value, enumerable: true, writable: true, configurable: true });
      else scores[name] = value;
    }
    all[i] = scores;
  }
  return all;
}
