// A worker thread that does nothing but SQLite's own inserts of given rows (bound values made beforehand, one prepared
// 500-row statement bound positionally, transactions of 2,000 rows: what storage's writer does at best). Told 'go', it
// inserts until told 'pause', then reports how many rows it inserted and over how long. evaluator.bench.mjs runs it
// beside a storage-off evaluation to measure what two busy cores cost each other on this machine.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, runKeys, rows, columns } = workerData;
const PER_STATEMENT = 500;
const PER_TRANSACTION = 2_000;
const width = columns.length;
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
const tuple = `(${columns.map(() => '?').join(', ')})`;
const insert = db.prepare(`INSERT INTO "evaluation_items" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(PER_STATEMENT).fill(tuple).join(', ')}`);
// Each statement's bound values, made once; only the run key (the first value of every row) changes from run to run.
const statements = [];
for (let i = 0; i + PER_STATEMENT <= rows.length; i += PER_STATEMENT) statements.push(rows.slice(i, i + PER_STATEMENT).flatMap((row) => [null, ...row]));

let going = false;
let run = 0;
let next = 0; // the next statement of the current run
let inserted = 0;
let since = 0;

function setRunKey(params, runKey) {
  for (let p = 0; p < params.length; p += width) params[p] = runKey;
}

function step() {
  if (!going) {
    parentPort.postMessage({ rows: inserted, ms: performance.now() - since });
    return;
  }
  const runKey = runKeys[run % runKeys.length];
  db.exec('BEGIN IMMEDIATE');
  for (let k = 0; k < PER_TRANSACTION / PER_STATEMENT && next < statements.length; k++, next++) {
    const params = statements[next];
    setRunKey(params, runKey);
    insert.run(...params); // positional, as TypeORM binds: an array is read element by element through V8's slow path
    inserted += PER_STATEMENT;
  }
  db.exec('COMMIT');
  if (next >= statements.length) {
    next = 0;
    run++; // every run takes all rows once: item ids are unique per run
  }
  setImmediate(step); // yield between transactions, so 'pause' is seen
}

parentPort.on('message', (message) => {
  if (message === 'go' && !going) {
    going = true;
    inserted = 0;
    since = performance.now();
    step();
  } else if (message === 'pause') going = false;
  else if (message === 'close') {
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage('ready');
