import { parseItemQuery } from './parse-item-query';

// "wrong answers" searched the text "wrong" with no more said: a wrong answer is a low score on some metric, which the
// query does not name, and a failed item is one whose call errored, so the reader is told how to ask for either.
describe('"wrong answers" over items', () => {
  it.each<[string, string[] | undefined, string]>([
    ['wrong answers', ['exact_match', 'f1'], 'exact_match < 0.5'],
    ['incorrect items', ['accuracy'], 'accuracy < 0.5'],
    ['answered incorrectly', undefined, 'exact_match < 0.5'],
  ])('%s', (query, metrics, example) => {
    const parsed = parseItemQuery(query, metrics ? { metrics } : {});
    const word = query.split(' ').find((w) => /^(wrong|incorrect|incorrectly)$/.test(w))!;
    expect(parsed.warnings).toContain(
      `"${word}" has no one meaning over items: for answers that scored low, write a score condition such as "${example}"; for items whose call errored, "failed items"`,
    );
  });

  it('says nothing more of other text', () => {
    expect(parseItemQuery('contains Paris').warnings).toEqual([]);
    expect(parseItemQuery('Paris').warnings).toEqual(['searching for "Paris" as text']);
    // Quoted, "wrong" is text on purpose.
    expect(parseItemQuery('contains "wrong"').warnings).toEqual([]);
    expect(parseItemQuery('"wrong"').warnings).toEqual([]);
  });
});
