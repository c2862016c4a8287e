import { initializeDatabase } from '@llm-eval/storage';

/**
 * SQL making the database fail every batch that would take a run past `from` items, and undoing it. The trigger is on
 * the run's running totals, which each batch updates in its transaction: the whole batch fails (a trigger refusing
 * item rows would make SQLite refuse the items one by one, ItemsNotStoredError, instead).
 */
const TRIGGER = {
  sqlite: (from: number) => [
    `CREATE TRIGGER reject_late_items BEFORE UPDATE ON evaluation_runs WHEN NEW.total_items > OLD.total_items AND NEW.total_items > ${from}
     BEGIN SELECT RAISE(ABORT, 'simulated storage failure: disk full'); END`,
  ],
  postgres: (from: number) => [
    `CREATE FUNCTION reject_late_items() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW.total_items > OLD.total_items AND NEW.total_items > ${from} THEN RAISE EXCEPTION 'simulated storage failure: disk full'; END IF;
     RETURN NEW; END $$`,
    `CREATE TRIGGER reject_late_items BEFORE UPDATE ON evaluation_runs FOR EACH ROW EXECUTE FUNCTION reject_late_items()`,
  ],
};
const UNDO = {
  sqlite: ['DROP TRIGGER reject_late_items'],
  postgres: ['DROP TRIGGER reject_late_items ON evaluation_runs', 'DROP FUNCTION reject_late_items()'],
};

/**
 * Runs `work` while the database fails every batch that would take a run past `from` items: a storage failure in the
 * middle of a run that, unlike a deleted run, does not stop the evaluation.
 */
export async function whileLateItemsFail<T>(kind: 'sqlite' | 'postgres', url: string, from: number, work: () => Promise<T>): Promise<T> {
  const db = await initializeDatabase({ url });
  try {
    for (const sql of TRIGGER[kind](from)) await db.dataSource.query(sql);
    try {
      return await work();
    } finally {
      for (const sql of UNDO[kind]) await db.dataSource.query(sql);
    }
  } finally {
    await db.close();
  }
}
