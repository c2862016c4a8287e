import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');

describe('model words and the stored models', () => {
  it('without the stored models, a model word matches exactly as written (parseQuery alone cannot know families)', () => {
    expect(parseQuery('mistral', { now: NOW }).filter).toEqual({ kind: 'field', field: 'model', value: 'mistral' });
    expect(parseQuery('nightly runs', { now: NOW }).filter).toEqual({ kind: 'text', text: 'nightly' });
  });

  it('with them: exact name ignoring case, else family, else text for guessed words and a warning for written ones', () => {
    const models = ['mistral-7b', 'gpt-4o', 'gpt-4o-mini'];
    expect(parseQuery('GPT-4o runs', { now: NOW, models }).filter).toEqual({ kind: 'field', field: 'model', value: 'gpt-4o' });
    expect(parseQuery('mistral', { now: NOW, models }).filter).toEqual({ kind: 'field', field: 'model', value: 'mistral', match: 'family' });
    expect(parseQuery('gpt', { now: NOW, models }).filter).toEqual({ kind: 'field', field: 'model', value: 'gpt', match: 'family' });
    const claude = parseQuery('claude runs', { now: NOW, models });
    expect(claude.filter).toEqual({ kind: 'text', text: 'claude' });
    expect(claude.warnings).toEqual(['"claude" names no stored model or model family; searching for it as text']);
    const written = parseQuery('model claude', { now: NOW, models });
    expect(written.filter).toEqual({ kind: 'field', field: 'model', value: 'claude' });
    expect(written.warnings).toEqual(['no stored model is named "claude" or starts with "claude-"']);
  });

  it('recognises a stored model name no pattern knows, and stored tags', () => {
    expect(parseQuery('acme-bot runs', { now: NOW, models: ['acme-bot'] }).filter).toEqual({ kind: 'field', field: 'model', value: 'acme-bot' });
    expect(parseQuery('Nightly failed', { now: NOW, tags: ['nightly'] }).filter).toEqual({
      kind: 'and',
      children: [{ kind: 'field', field: 'tag', value: 'nightly' }, { kind: 'status', values: ['failed'] }],
    });
  });
});
