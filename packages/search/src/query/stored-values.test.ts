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

  describe('model names written with dots or spaces instead of dashes', () => {
    const models = ['claude-3-5-sonnet', 'Claude-3-Opus', 'gpt-4o', 'gpt-4o-mini', 'llama-3.1-70b', 'llama-3.1-8b', 'gemini-1.5-pro'];
    const parse = (text: string) => parseQuery(text, { now: NOW, models });
    const model = (value: string) => ({ kind: 'field', field: 'model', value });
    const family = (value: string) => ({ kind: 'field', field: 'model', value, match: 'family' });

    it.each([
      ['claude 3.5 sonnet', model('claude-3-5-sonnet'), 'model is claude-3-5-sonnet'],
      ['claude-3.5-sonnet runs', model('claude-3-5-sonnet'), 'model is claude-3-5-sonnet'],
      ['model:claude-3.5-sonnet', model('claude-3-5-sonnet'), 'model is claude-3-5-sonnet'],
      ['model claude 3.5 sonnet', model('claude-3-5-sonnet'), 'model is claude-3-5-sonnet'],
      ['Claude 3 Opus runs', model('Claude-3-Opus'), 'model is Claude-3-Opus'],
      ['runs on claude 3 opus', model('Claude-3-Opus'), 'model is Claude-3-Opus'],
      ['gpt 4o', model('gpt-4o'), 'model is gpt-4o'],
      ['llama-3-1-70b', model('llama-3.1-70b'), 'model is llama-3.1-70b'],
      ['gemini 1.5 pro', model('gemini-1.5-pro'), 'model is gemini-1.5-pro'],
      // A family is a stored prefix that continues after a '-' (or a '.', when it ends in a version number), however the
      // query spells it.
      ['claude 3.5', family('claude-3-5'), 'model is claude-3-5-* or claude-3-5.* (model family)'],
      ['llama 3.1', family('llama-3.1'), 'model is llama-3.1-* or llama-3.1.* (model family)'],
      ['llama 3', family('llama-3'), 'model is llama-3-* or llama-3.* (model family)'],
      ['claude', family('claude'), 'model is claude-* (model family)'],
    ])('%s', (query, filter, explanation) => {
      const parsed = parse(query);
      expect(parsed.filter).toEqual(filter);
      expect(parsed.explanation).toBe(explanation);
      expect(parsed.warnings).toEqual([]);
    });

    it('takes the following words only while they name a stored model, and never an amount of time', () => {
      expect(parse('gpt 4o mini failed runs').filter).toEqual({ kind: 'and', children: [model('gpt-4o-mini'), { kind: 'status', values: ['failed'] }] });
      expect(parse('claude 3 days ago').filter).toEqual({
        kind: 'and',
        children: [family('claude'), { kind: 'time', from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') }],
      });
      expect(parse('gpt-4o vs claude 3.5 sonnet').filter).toEqual({ kind: 'or', children: [model('gpt-4o'), model('claude-3-5-sonnet')] });
      // A version's point releases are in its family: "llama-3" names llama-3.1-70b and llama-3.1-8b.
      expect(parse('llama-3 runs').filter).toEqual(family('llama-3'));
      // "llama 3" ends at a version number, so "llama-30b" is no point release of it.
      expect(parseQuery('llama 3', { now: NOW, models: ['llama-30b'] }).filter).not.toEqual(family('llama-3'));
    });
  });
});
