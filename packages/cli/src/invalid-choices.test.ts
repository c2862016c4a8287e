import { closestChoice, explainInvalidChoices } from './invalid-choices';

describe('explainInvalidChoices', () => {
  it('rewrites yargs\'s refusal, reading values that hold quotes, commas and the word Choices', () => {
    const message = 'Invalid values:\n  Argument: format, Given: "a\\", Choices: \\"b", "x,y", Choices: "json", "jsonl", "csv"';
    expect(explainInvalidChoices(message)).toBe('--format "a\\", Choices: \\"b" and "x,y" are not valid values. Valid values: json, jsonl, csv.');
  });

  it('names a kebab-case option once', () => {
    const message = 'Invalid values:\n  Argument: proxy-role, Given: "viewr", Choices: "viewer", "editor", "admin"\n  Argument: proxyRole, Given: "viewr", Choices: "viewer", "editor", "admin"';
    expect(explainInvalidChoices(message)).toBe('--proxy-role "viewr" is not a valid value; did you mean viewer? Valid values: viewer, editor, admin.');
  });

  it('leaves other messages alone', () => {
    expect(explainInvalidChoices('Unknown argument: x')).toBeUndefined();
    expect(explainInvalidChoices('Invalid values:\n  something else')).toBeUndefined();
  });
});

describe('closestChoice', () => {
  it.each([
    ['runing', 'running'],
    ['RUNNING', 'running'],
    ['cancel', 'cancelled'],
    ['x', undefined],
    ['', undefined],
  ])('%j → %j', (typed, meant) => {
    expect(closestChoice(typed, ['running', 'abandoned', 'completed', 'failed', 'cancelled'])).toBe(meant);
  });
});
