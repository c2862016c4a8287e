import { parseExportText } from './migrate-from-result';

// A dataset handed to the import (db migrate data.jsonl, an upload) failed with 'unknown line type "undefined"': it
// now says what the file looks like and what can be imported.
describe('parseExportText on a dataset', () => {
  it('JSONL lines without "type": names the line and says it looks like a dataset', () => {
    expect(() => parseExportText('{"input":"a","expected":"a"}\n', { format: 'jsonl', name: 'data.jsonl' })).toThrow(
      'data.jsonl:1: this looks like a dataset, not an llm-eval export (no "type" field; an export\'s lines are "run" and "item" lines); ' +
        'only runs exported with llm-eval runs export (or result.save()) and Python LLM-Eval results can be imported',
    );
  });

  it('a JSON list of items, or { items: [...] }, says the same', () => {
    for (const text of ['[{"input":"a"}]', '{"items":[{"input":"a"}]}']) {
      expect(() => parseExportText(text, { format: 'json', name: 'data.json' })).toThrow(/^data\.json: this looks like a dataset \(a list of items\), not an LLM-Eval export/);
    }
  });

  it('keeps naming an unknown line type that is given', () => {
    expect(() => parseExportText('{"type":"metric"}\n', { format: 'jsonl', name: 'x.jsonl' })).toThrow('x.jsonl:1: unknown line type "metric" (expected "run" or "item")');
  });
});

describe('parseExportText with a byte-order mark', () => {
  it('reads a JSON or JSONL export that starts with one, as datasets are read', () => {
    const json = JSON.stringify({ results: { m: { items: [] } }, config: { name: 'bom' } });
    expect(parseExportText(`\uFEFF${json}`, { format: 'json' })).toMatchObject({ config: { name: 'bom' } });
    const jsonl = `\uFEFF${JSON.stringify({ type: 'run', name: 'bom', metrics: ['m'] })}\n`;
    expect(parseExportText(jsonl, { format: 'jsonl' })).toEqual(parseExportText(jsonl.slice(1), { format: 'jsonl' }));
    expect(parseExportText(jsonl, { format: 'jsonl' })).toMatchObject({ name: 'bom' });
  });
});
