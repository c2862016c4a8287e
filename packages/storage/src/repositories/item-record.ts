import type { EvaluationItem } from '@llm-eval/models';
import type { ItemRecord } from './records';

/**
 * An item entity as the record callers get: the run named by its id (the entity has its run_key), in the same place,
 * so JSON keeps its key order. `runId` is the run the item was read for. @internal
 */
export function itemRecordOf(item: EvaluationItem, runId: string): ItemRecord {
  const { run: _run, runKey: _runKey, id, ...plain } = item;
  return { id, runId, ...plain } as ItemRecord;
}
