import { QuerySyntaxError } from '../errors';
import { parseQuery } from './parse-query';
import { MAX_QUERY_LENGTH } from './tokenize';

// A 10,000-character query was refused, and the CLI echoed all of it (the error's `query`) with a caret below.
describe('a query over the length limit', () => {
  const text = `${'a'.repeat(1990)}0123456789XYZ${'b'.repeat(8000)}`;
  const refused = (): QuerySyntaxError => {
    try {
      parseQuery(text);
    } catch (error) {
      if (error instanceof QuerySyntaxError) return error;
      throw error;
    }
    throw new Error('not refused');
  };

  it('carries a short excerpt around the limit, with the position in it', () => {
    const error = refused();
    expect(error.query.length).toBeLessThanOrEqual(80);
    expect(error.query.startsWith('\u2026')).toBe(true);
    expect(error.query.endsWith('\u2026')).toBe(true);
    expect(error.query[error.position]).toBe(text[MAX_QUERY_LENGTH]);
    expect(error.query.slice(error.position - 10, error.position)).toBe('0123456789');
  });

  it('says where, in the whole query, and how long it is', () => {
    expect(refused().message).toBe(
      `query too long (${text.length} characters; at most ${MAX_QUERY_LENGTH}) (at character ${MAX_QUERY_LENGTH + 1}: "0123456789XYZbbbbbbb")`,
    );
  });
});
