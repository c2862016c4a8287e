import { ItemsRejectedError, ValidationError, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// Text PostgreSQL cannot hold (U+0000), text neither database can hold (lone surrogates), the escape character the
// encoding uses (U+FDD0), and text that merely looks like an escape: each must come back exactly as written.
const HOSTILE = [
  'nul\u0000inside',
  '\u0000',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  'pair \uD83D\uDE00 kept',
  'escape char \uFDD0 and \uFDD00000 literally',
  'backslash-u text \\u0000 and \\\\u0000',
  'mixed \u0000\uFDD0\uD800\u0000',
];

describe.each(DATABASE_KINDS)('text and JSON stored faithfully on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  it('round-trips NUL, lone surrogates and the escape character in every item field, JSON key and value', async () => {
    const run = await handle.db.runs.createRun({ name: 'items with hostile text' });
    const items: ItemInput[] = HOSTILE.map((text, i) => ({
      itemId: `id-${i}-${text}`,
      input: { question: text, [`key ${text}`]: [text, { deep: text }], n: i },
      expectedOutput: text,
      actualOutput: `out ${text}`,
      errorMessage: `error ${text}`,
      errorType: `Type${text}`,
      traceId: `trace ${text}`,
      scores: { exact_match: i % 2 },
      metadata: { [text]: text, list: [text] },
    }));
    expect(await handle.db.runs.addItems(run.id, items)).toBe(HOSTILE.length);
    const page = await handle.db.runs.listItems(run.id, { limit: 100 });
    expect(page.items.map((item) => ({
      itemId: item.itemId,
      input: item.input,
      expectedOutput: item.expectedOutput,
      actualOutput: item.actualOutput,
      errorMessage: item.errorMessage,
      errorType: item.errorType,
      traceId: item.traceId,
      scores: item.scores,
      metadata: item.metadata,
    }))).toEqual(items);
  });

  it('round-trips hostile text in a run name, description, tags, dataset, creator and JSON fields, on create, update and import', async () => {
    const fields = {
      name: `run ${HOSTILE[0]}`,
      description: HOSTILE.join(' | '),
      datasetName: `data ${HOSTILE[2]}`,
      modelName: `model ${HOSTILE[5]}`,
      createdBy: `user ${HOSTILE[0]}`,
      tags: HOSTILE.map((t, i) => `tag${i} ${t}`),
      config: { [HOSTILE[0]!]: HOSTILE, nested: { value: HOSTILE[3] } },
      environment: { note: HOSTILE[7] },
      metricConfigs: { m: { pattern: HOSTILE[6] } },
      projectId: 'faithful',
    };
    const created = await handle.db.runs.createRun(fields);
    expect(await handle.db.runs.requireRun(created.id)).toMatchObject(fields);

    const patch = { description: `updated ${HOSTILE[1]}`, tags: [`new ${HOSTILE[2]}`] };
    await handle.db.runs.updateRun(created.id, patch);
    expect(await handle.db.runs.requireRun(created.id)).toMatchObject(patch);
    expect((await handle.db.runs.listRuns({ tags: [`new ${HOSTILE[2]}`] })).runs.map((r) => r.id)).toEqual([created.id]);

    const imported = await handle.db.runs.importRun({ ...fields, name: `imported ${HOSTILE[0]}`, status: 'completed' }, [
      { itemId: `imported ${HOSTILE[0]}`, actualOutput: HOSTILE[0], input: HOSTILE[2] },
    ]);
    expect(imported).toMatchObject({ ...fields, name: `imported ${HOSTILE[0]}` });
    const [item] = (await handle.db.runs.listItems(imported.id)).items;
    expect(item).toMatchObject({ itemId: `imported ${HOSTILE[0]}`, actualOutput: HOSTILE[0], input: HOSTILE[2] });
  });

  it('still finds ordinary text, also inside a value that holds NUL', async () => {
    const plain = await handle.db.runs.createRun({ name: 'ordinary capitals run', description: 'plain text' });
    const withNul = await handle.db.runs.createRun({ name: 'capitals\u0000with a NUL' });
    const found = await handle.db.runs.listRuns({ text: 'capitals' });
    expect(found.runs.map((r) => r.id).sort()).toEqual([plain.id, withNul.id].sort());
    expect(found.runs.find((r) => r.id === withNul.id)!.name).toBe('capitals\u0000with a NUL');
    await handle.db.runs.addItems(plain.id, [{ itemId: 'a', actualOutput: 'Paris\u0000 is the capital' }, { itemId: 'b', actualOutput: 'Lyon' }]);
    expect((await handle.db.runs.listItems(plain.id, { text: 'paris' })).items.map((i) => i.actualOutput)).toEqual(['Paris\u0000 is the capital']);
  });

  it('stores all 1,200 items of a batch in which one item holds NUL', async () => {
    const run = await handle.db.runs.createRun({ name: 'one NUL in 1,200' });
    const items: ItemInput[] = Array.from({ length: 1_200 }, (_, i) => ({ itemId: `i${i}`, input: { q: `question ${i}` }, actualOutput: `a${i}` }));
    items[700] = { itemId: 'i700', input: { q: 'bad\u0000input' }, actualOutput: 'out\u0000put', metadata: { 'k\u0000': 'v\u0000' } };
    expect(await handle.db.runs.addItems(run.id, items)).toBe(1_200);
    const stored = await handle.db.runs.listItems(run.id, { limit: 1, offset: 700 });
    expect(stored.total).toBe(1_200);
    expect(stored.items[0]).toMatchObject({ itemId: 'i700', input: { q: 'bad\u0000input' }, actualOutput: 'out\u0000put', metadata: { 'k\u0000': 'v\u0000' } });
    expect((await handle.db.runs.computeRunMetrics(run.id)).length).toBeGreaterThanOrEqual(0);
    expect(await handle.db.runs.requireRun(run.id)).toMatchObject({ totalItems: 1_200 });
  });

  it('rejects a value longer than its column as stored with a ValidationError naming the field, on both databases', async () => {
    const name = '\u0000'.repeat(100); // 100 characters, 500 as stored
    const error = await handle.db.runs.createRun({ name }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('name');
    const run = await handle.db.runs.createRun({ name: 'long values' });
    const rejected = await handle.db.runs.addItems(run.id, [{ itemId: 'ok' }, { itemId: 'long', traceId: 'x'.repeat(300) }]).catch((e) => e);
    expect(rejected).toBeInstanceOf(ItemsRejectedError);
    expect(rejected.rejected.map((r: { itemId: string; error: ValidationError }) => [r.itemId, r.error.field])).toEqual([['long', 'traceId']]);
    expect((await handle.db.runs.listItems(run.id)).items.map((i) => i.itemId)).toEqual(['ok']);
  });
});
