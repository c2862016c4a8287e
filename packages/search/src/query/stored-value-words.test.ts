import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');

// A stored project or creator named like a word with a meaning of its own ("today", "failed", "last", "me"): after
// "project" / "created by" it is that project or creator. "project today" read as text "project" AND created today.
describe('stored projects and creators named like query words', () => {
  const options = { now: NOW, projects: ['today', 'failed', 'last', 'demo'], creators: ['me', 'alice'] };

  it.each(['today', 'failed', 'last'])('"project %s" is the project', (name) => {
    const parsed = parseQuery(`project ${name}`, options);
    expect(parsed.filter).toEqual({ kind: 'field', field: 'project', value: name });
  });

  it('"created by me" and "by me" are the creator', () => {
    expect(parseQuery('created by me', options).filter).toEqual({ kind: 'field', field: 'createdBy', value: 'me' });
    expect(parseQuery('failed runs by me', options).filter).toEqual({
      kind: 'and',
      children: [{ kind: 'status', values: ['failed'] }, { kind: 'field', field: 'createdBy', value: 'me' }],
    });
  });

  it('leaves the words their meaning when no stored value has that name', () => {
    const parsed = parseQuery('project today', { now: NOW, projects: ['demo'] });
    expect(JSON.stringify(parsed.filter)).not.toContain('"field":"project"');
    expect(parseQuery('failed runs', options).filter).toEqual({ kind: 'status', values: ['failed'] });
  });
});
