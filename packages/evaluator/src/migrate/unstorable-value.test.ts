import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';
import { STORED_JSON_DEPTH } from './unstorable-value';

/** JSON text of an object nested `depth` levels ({"b":{"b":…1…}}), itself counted: any depth, no recursion. */
const nested = (depth: number) => `${'{"b":'.repeat(depth - 1)}{"b":1}${'}'.repeat(depth - 1)}`;

/** A JSON export of one successful item "q1" and one failed item "f1", with `@X@` replaced by raw JSON text. */
function exportText(fields: { run?: string; ok?: string; failed?: string }): string {
  return (
    `{"run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"],` +
    `"results":{"q1":{"output":"o","success":true,"scores":{"m":1}${fields.ok ? `,${fields.ok}` : ''}}},` +
    `"errors":{"f1":"Error: boom"},` +
    `"llm_eval":{"format":"llm-eval.export","version":1,"status":"completed","item_order":["q1","f1"],` +
    `"failures":{"f1":{"input":"x"${fields.failed ? `,${fields.failed}` : ''}}}${fields.run ? `,${fields.run}` : ''}}}`
  );
}

const RUN_LINE = '{"type":"run","run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"]}';

function errorOf(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('reading an export: numbers out of range', () => {
  // JSON.parse reads 1e400 as Infinity, which storage keeps as null: `db migrate` stored it so without a word, while
  // the API refused the same file.
  it.each([
    ['metadata', '"metadata":{"x":1e400}', 'results.q1.metadata.x', '1e400'],
    ['input', '"input":[1,-2.5E+999]', 'results.q1.input.1', '-2.5E+999'],
    ['time', '"time":1e309', 'results.q1.time', '1e309'],
  ])('refuses an item whose %s holds one, naming the item, the field and the number as written', (_what, field, path, literal) => {
    const error = errorOf(() => parseExportText(exportText({ ok: field }), { format: 'json', name: 'run.json' }));
    expect(error).toMatchObject({ name: 'UnstorableValueError', problem: 'out_of_range', itemId: 'q1', path });
    expect(error.message).toContain(`run.json: item "q1", field "${path.split('.')[2]}"`);
    expect(error.message).toContain(`the number ${literal} is out of range`);
    expect(error.message).toMatch(/write a smaller number, or the value as a string, and import the file again$/);
  });

  it('refuses one in a failed item, in a score, in the run config, and on a JSONL item line (with its line)', () => {
    const failed = errorOf(() => parseExportText(exportText({ failed: '"metadata":{"n":[1e500]}' }), { format: 'json' }));
    expect(failed).toMatchObject({ itemId: 'f1', field: 'metadata', path: 'llm_eval.failures.f1.metadata.n.0' });
    const score = errorOf(() => parseExportText(exportText({}).replace('"m":1}', '"m":1e400}'), { format: 'json' }));
    expect(score).toMatchObject({ itemId: 'q1', field: 'scores', path: 'results.q1.scores.m' });
    const config = errorOf(() => parseExportText(exportText({ run: '"config":{"temperature":1e400}' }), { format: 'json' }));
    expect(config).toMatchObject({ itemId: undefined, field: 'llm_eval.config', path: 'llm_eval.config.temperature' });
    expect(config.message).toContain('field "llm_eval.config" (at llm_eval.config.temperature): the number 1e400 is out of range');

    const jsonl = `${RUN_LINE}\n{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":1},"metadata":{"x":1e400}}\n`;
    const line = errorOf(() => parseExportText(jsonl, { format: 'jsonl', name: 'run.jsonl' }));
    // `path` is where the value is in the export the lines make up (what the API names); the message names the line.
    expect(line).toMatchObject({ name: 'UnstorableValueError', line: 2, itemId: 'q1', path: 'results.q1.metadata.x' });
    expect(line.message).toMatch(/^run\.jsonl:2: item "q1", field "metadata" \(at metadata\.x\): the number 1e400 is out of range/);
  });

  it('quotes a long number shortened, and keeps numbers in range, the largest double included', () => {
    const long = `1${'0'.repeat(400)}`;
    const error = errorOf(() => parseExportText(exportText({ ok: `"metadata":{"x":${long}}` }), { format: 'json' }));
    expect(error.message).toContain(`the number 1000000000000000…00000000 (401 characters) is out of range`);
    const data = parseExportText(exportText({ ok: '"metadata":{"max":1.7976931348623157e308,"tiny":-5e-324,"text":"1e400"}' }), { format: 'json' });
    expect(data.results.q1!.metadata).toEqual({ max: Number.MAX_VALUE, tiny: -5e-324, text: '1e400' });
  });
});

describe('reading an export: nesting', () => {
  // The deepest value storage keeps sits 3 (a failed item's 4) levels down in an export: the file nests deeper than it.
  it('reads fields that nest as deep as storage keeps, in JSON and JSONL, and normalizes them', () => {
    const deep = nested(STORED_JSON_DEPTH);
    const text = exportText({
      ok: `"metadata":${deep},"input":${deep},"reasons":{"m":${nested(STORED_JSON_DEPTH - 2)}}`,
      failed: `"metadata":${deep}`,
      run: `"config":${deep}`,
    });
    const normalized = normalizeExport(parseExportText(text, { format: 'json' }));
    expect(normalized.items.map((item) => item.itemId)).toEqual(['q1', 'f1']);
    const jsonl = `${RUN_LINE.replace('}', `,"llm_eval":{"config":${deep}}}`)}\n{"type":"item","id":"q1","success":true,"output":"o","metadata":${deep}}\n`;
    expect(Object.keys(parseExportText(jsonl, { format: 'jsonl' }).results)).toEqual(['q1']);
  });

  it("reads an item's output and expected value nested deeper: they are stored as text", () => {
    const text = exportText({ ok: `"expected":${nested(STORED_JSON_DEPTH + 100)}` }).replace('"output":"o"', `"output":${nested(STORED_JSON_DEPTH + 100)}`);
    const [item] = normalizeExport(parseExportText(text, { format: 'json' })).items;
    expect(item!.actualOutput).toBe(nested(STORED_JSON_DEPTH + 100));
    expect(item!.expectedOutput).toBe(nested(STORED_JSON_DEPTH + 100));
  });

  it.each([
    ['an item metadata', { ok: `"metadata":${nested(STORED_JSON_DEPTH + 1)}` }, 'q1', 'metadata', /^results\.q1\.metadata\.b\./, STORED_JSON_DEPTH],
    ['a failed item metadata', { failed: `"metadata":${nested(STORED_JSON_DEPTH + 1)}` }, 'f1', 'metadata', /^llm_eval\.failures\.f1\.metadata\.b\./, STORED_JSON_DEPTH],
    // Reasons are stored inside the metadata (metric_reasons): one level less.
    ['metric reasons', { ok: `"reasons":{"m":${nested(STORED_JSON_DEPTH - 1)}}` }, 'q1', 'reasons', /^results\.q1\.reasons\.m\./, STORED_JSON_DEPTH - 1],
    ['the run config', { run: `"config":${nested(STORED_JSON_DEPTH + 1)}` }, undefined, 'llm_eval.config', /^llm_eval\.config\.b\./, STORED_JSON_DEPTH],
  ])('refuses %s one level deeper than storage keeps, naming it', (_what, fields, itemId, field, path, limit) => {
    const error = errorOf(() => parseExportText(exportText(fields), { format: 'json', name: 'run.json' }));
    expect(error).toMatchObject({ name: 'UnstorableValueError', problem: 'too_deep', itemId, field, path: expect.stringMatching(path) });
    expect(error.message).toMatch(new RegExp(`^run\\.json: ${itemId ? `item "${itemId}", ` : ''}field "${field}" \\(at .*\\): nests arrays or objects more than ${limit} levels deep`));
    expect(error.message).toMatch(/flatten it, or store it as a JSON string, and import the file again$/);
  });

  // JSON.parse reads any depth, but what came after it recursed: "Maximum call stack size exceeded", naming nothing.
  it('refuses a file nested 100,000 levels deep with the depth limit, in JSON and JSONL, whatever the field', () => {
    const deep = nested(100_000);
    for (const [text, format] of [
      [exportText({ ok: `"metadata":${deep}` }), 'json'],
      [exportText({ ok: `"unknown":${deep}` }), 'json'],
      [`{"run_name":"r","start_time":"2026-04-01T08:00:00Z","results":{},"errors":{},"metric_stats":${deep}}`, 'json'],
      [`${RUN_LINE}\n{"type":"item","id":"q1","success":true,"input":${deep}}\n`, 'jsonl'],
      [`${RUN_LINE.replace('}', `,"config":${deep}}`)}\n`, 'jsonl'],
    ] as const) {
      const error = errorOf(() => normalizeExport(parseExportText(text, { format })));
      expect({ name: error.name, message: error.message }).toEqual({ name: 'UnstorableValueError', message: expect.stringMatching(/more than 500 levels deep/) });
    }
  });
});
