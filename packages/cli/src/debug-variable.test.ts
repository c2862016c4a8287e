import { checkDebugVariable } from './debug-variable';

describe('checkDebugVariable', () => {
  it.each(['1', 'true', 'yes', 'on', 'Yes', ' TRUE '])('%j becomes 1, the value storage reads', (value) => {
    const env: NodeJS.ProcessEnv = { LLM_EVAL_DEBUG: value };
    checkDebugVariable(env);
    expect(env.LLM_EVAL_DEBUG).toBe('1');
  });

  it.each(['0', 'false', 'no', 'off', 'No', ''])('%j is removed (off)', (value) => {
    const env: NodeJS.ProcessEnv = { LLM_EVAL_DEBUG: value };
    checkDebugVariable(env);
    expect('LLM_EVAL_DEBUG' in env).toBe(false);
  });

  it('leaves an unset variable unset', () => {
    const env: NodeJS.ProcessEnv = {};
    checkDebugVariable(env);
    expect(env).toEqual({});
  });

  it.each(['2', 'maybe', 'y', 'enable'])('refuses %j as a usage error (exit 2) naming the variable', (value) => {
    expect(() => checkDebugVariable({ LLM_EVAL_DEBUG: value })).toThrow(expect.objectContaining({ name: 'CliError', exitCode: 2, message: expect.stringContaining(`LLM_EVAL_DEBUG must be 1, true, yes or on`) }));
  });
});
