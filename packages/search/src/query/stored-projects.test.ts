import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const project = (value: string) => ({ kind: 'field', field: 'project', value });

describe('words naming stored projects and creators', () => {
  it('without the stored projects and creators, reads words as before', () => {
    expect(parseQuery('demo project', { now: NOW }).filter).toEqual(project('demo'));
    expect(parseQuery('summarize', { now: NOW }).filter).toEqual({ kind: 'text', text: 'summarize' });
    expect(parseQuery('user@example.com', { now: NOW }).filter).toEqual({ kind: 'text', text: 'user@example.com' });
  });

  it.each([
    ['demo project', ['demo-project'], project('demo-project')],
    ['Demo_Project', ['demo-project'], project('demo-project')],
    ['project demo', ['demo', 'demo-project'], project('demo')],
    ['in demo', ['demo', 'demo-project'], project('demo')],
    // Two stored spellings of one name: either.
    ['team a', ['team-a', 'Team_A'], { kind: 'or', children: [project('team-a'), project('Team_A')] }],
  ])('%s with projects %j', (query, projects, filter) => {
    const parsed = parseQuery(query, { now: NOW, projects });
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads "demo project" as demo-project when demo is stored too, and says how to ask for demo', () => {
    // The longest stored name written in words wins; the shorter one the words could name ("X project") is named.
    const parsed = parseQuery('failed demo project runs', { now: NOW, projects: ['demo', 'demo-project'] });
    expect(parsed.filter).toEqual({ kind: 'and', children: [{ kind: 'status', values: ['failed'] }, project('demo-project')] });
    expect(parsed.warnings).toEqual(['"demo project" is read as the stored project named so; write "project demo" for project demo']);
    expect(parseQuery('demo project', { now: NOW, projects: ['demo-project'] }).warnings).toEqual([]);
  });

  it('reads a model-like word that is a stored project, and no stored model, as the project', () => {
    expect(parseQuery('gpt-4o-eval', { now: NOW, models: ['gpt-4o'], projects: ['gpt-4o-eval'] }).filter).toEqual(project('gpt-4o-eval'));
    // A longer project name beats the model it starts with.
    expect(parseQuery('gpt 4o eval', { now: NOW, models: ['gpt-4o'], projects: ['gpt-4o-eval'] }).filter).toEqual(project('gpt-4o-eval'));
    expect(parseQuery('gpt 4o', { now: NOW, models: ['gpt-4o'], projects: ['gpt-4o-eval'] }).filter).toEqual({ kind: 'field', field: 'model', value: 'gpt-4o' });
  });

  it('reads a word naming a tag, a project and a creator as the tag, and names the others', () => {
    const parsed = parseQuery('ops', { now: NOW, tags: ['ops'], projects: ['ops'], creators: ['OPS'] });
    expect(parsed.filter).toEqual({ kind: 'field', field: 'tag', value: 'ops' });
    expect(parsed.warnings).toEqual(['"ops" is also a stored project and a creator; read as the tag (write "project ops" for the project; write "by ops" for the creator)']);
  });

  it('reads a stored creator ignoring case, spelled as stored', () => {
    expect(parseQuery('USER@example.com', { now: NOW, creators: ['user@example.com'] }).filter).toEqual({ kind: 'field', field: 'createdBy', value: 'user@example.com' });
  });
});
