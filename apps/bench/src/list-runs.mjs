// listRuns latency on a seeded database: first page, a deep keyset page, a filtered count and text searches.
import { timeRepeated } from './measure.mjs';

function summary(timing, extra = {}) {
  const { last: _last, ...rest } = timing;
  return { ...rest, ...extra };
}

/** Follows nextCursor `depth` pages deep and returns the cursor of the page after that. */
async function deepCursor(runs, depth, limit) {
  let cursor;
  for (let i = 0; i < depth; i++) {
    const page = await runs.listRuns({ limit, ...(cursor ? { cursor } : {}) });
    if (!page.nextCursor) throw new Error(`only ${i + 1} pages exist; cannot go ${depth} deep`);
    cursor = page.nextCursor;
  }
  return cursor;
}

/** Times every listRuns case `pageRepetitions` (pages) or `otherRepetitions` (counts, text search) times. */
export async function benchListRuns(runs, { pageRepetitions, otherRepetitions, depth, rareTerm, log }) {
  const results = {};
  const time = async (key, label, fn, repetitions, describe) => {
    const timing = await timeRepeated(fn, { repetitions, warmup: 5 });
    results[key] = summary(timing, { label, ...describe(timing.last) });
    log?.(`  ${label}: p50 ${timing.p50} ms, p95 ${timing.p95} ms`);
  };
  const pageInfo = (page) => ({ rows: page.runs.length, total: page.total });

  await time('firstPage', 'listRuns first page (limit 50)', () => runs.listRuns({ limit: 50 }), pageRepetitions, pageInfo);

  const cursor = await deepCursor(runs, depth, 50);
  await time(
    'deepPage',
    `listRuns keyset page ${depth + 1} (cursor)`,
    () => runs.listRuns({ limit: 50, cursor }),
    pageRepetitions,
    (page) => ({ ...pageInfo(page), depthPages: depth, offsetRows: depth * 50 }),
  );

  await time(
    'filteredCount',
    "filtered count (status 'failed', project-3)",
    () => runs.listRuns({ status: 'failed', projectId: 'project-3', limit: 1 }),
    otherRepetitions,
    pageInfo,
  );

  await time('textCommon', "text search 'capitals' (limit 50)", () => runs.listRuns({ text: 'capitals', limit: 50 }), otherRepetitions, pageInfo);
  await time('textRare', `text search '${rareTerm}' (limit 50)`, () => runs.listRuns({ text: rareTerm, limit: 50 }), otherRepetitions, pageInfo);
  return results;
}
