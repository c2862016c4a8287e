import { CliError } from './errors';
import { checkRunDetailOptions } from './run-detail-options';

describe('checkRunDetailOptions', () => {
  it('refuses an empty or blank --created-by as a usage error', () => {
    for (const createdBy of ['', '   ']) {
      expect(() => checkRunDetailOptions({ createdBy })).toThrow(CliError);
      expect(() => checkRunDetailOptions({ createdBy })).toThrow(/--created-by must name who ran it/);
    }
  });

  it('refuses a comma inside one --tag, saying to repeat --tag', () => {
    expect(() => checkRunDetailOptions({ tag: ['ok', 'a,b'] })).toThrow('--tag "a,b" holds a comma: give one tag per --tag, repeated (--tag a --tag b).');
  });

  it('lets ordinary values through', () => {
    expect(() => checkRunDetailOptions({ createdBy: 'ada', tag: ['a', 'b'] })).not.toThrow();
    expect(() => checkRunDetailOptions({})).not.toThrow();
  });
});
