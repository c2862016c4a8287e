// Creates the configured database (LLM_EVAL_DATABASE_URL, default ./llm_eval_runs.db), applies migrations and
// prints its health. The `llm-eval db init` / `db health` commands replace this once the CLI lands.
import { checkHealth, initializeDatabase } from '../packages/storage/dist/index.js';

const db = await initializeDatabase();
const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
await db.close();
console.log(JSON.stringify(health, null, 2));
process.exitCode = health.ok ? 0 : 1;
