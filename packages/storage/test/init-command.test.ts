import { initCommandFor } from '../src/datasource/schema-presence';

// The `llm-eval db init` a message advises. A URL typed with --database-url is never repeated: a password-free
// `sqlite:///./empty.db` was, against the README's promise that advice ends with `--database-url <the same URL>`.
describe('initCommandFor', () => {
  it('says <the same URL> for a URL from --database-url, with or without a hidden part', () => {
    expect(initCommandFor('sqlite:///./empty.db', '--database-url')).toBe('llm-eval db init --database-url <the same URL>');
    expect(initCommandFor('postgresql://***@db.example/evals', '--database-url')).toBe('llm-eval db init --database-url <the same URL>');
  });

  it('needs no flag when the URL is the environment’s or the default', () => {
    expect(initCommandFor('sqlite:///./empty.db', 'LLM_EVAL_DATABASE_URL')).toBe('llm-eval db init');
    expect(initCommandFor('sqlite:///./llm_eval_runs.db', 'the default database URL')).toBe('llm-eval db init');
  });

  it('from another source, names the URL when it hides nothing (quoted for a shell) and where it came from otherwise', () => {
    expect(initCommandFor('sqlite:///./runs.db?busy_timeout=100', 'the url option')).toBe(`llm-eval db init --database-url 'sqlite:///./runs.db?busy_timeout=100'`);
    expect(initCommandFor('postgresql://ana:***@db.example/evals', 'the url option')).toBe('llm-eval db init --database-url <the URL of the url option>');
  });
});
