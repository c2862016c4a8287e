import { MAX_RECORDED_DEPTH } from './safe-value';
import { ValueCuts, type ValueCutWarning } from './value-cuts';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('ValueCuts', () => {
  it('says a value cut for its depth is nested too deep, without suggesting --max-value-chars', () => {
    const warnings: ValueCutWarning[] = [];
    const cuts = new ValueCuts(1_000_000_000, (warning) => warnings.push(warning));
    // About 3 KB of JSON, 600 levels deep: far below the length limit.
    cuts.value(nested(600), 'deep', 'input');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.reason).toBe('depth');
    expect(warnings[0]!.message).toContain(`item "deep": its input is nested deeper than ${MAX_RECORDED_DEPTH} levels (kept to that depth)`);
    expect(warnings[0]!.message).not.toMatch(/longer than|max-value-chars|maxValueChars/);
    expect(cuts.count).toBe(1);
    expect(cuts.deepCount).toBe(1);
  });

  it('still words a value cut for its length as a length cut, and counts the two kinds apart', () => {
    const warnings: ValueCutWarning[] = [];
    const cuts = new ValueCuts(1_000, (warning) => warnings.push(warning));
    cuts.value('x'.repeat(5_000), 'long', 'input');
    cuts.value(nested(600), 'deep', 'expected');
    cuts.value('short', 'plain', 'input');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.reason).toBe('length');
    expect(warnings[0]!.message).toMatch(/item "long": its input is longer than 1,000 characters \(maxValueChars\).*--max-value-chars/);
    expect(cuts.count).toBe(2);
    expect(cuts.deepCount).toBe(1);
  });

  it('nesting() cuts only past the depth limit, keeping a long value whole', () => {
    const warnings: ValueCutWarning[] = [];
    const cuts = new ValueCuts(1_000, (warning) => warnings.push(warning));
    const long = 'x'.repeat(5_000);
    expect(cuts.nesting(long, 'long', 'input')).toBe(long);
    const deep = cuts.nesting(nested(5_000), 'deep', 'input');
    expect(JSON.stringify(deep)).toContain(`[Truncated: nested deeper than ${MAX_RECORDED_DEPTH} levels]`);
    expect(cuts.count).toBe(1);
    expect(warnings[0]!.reason).toBe('depth');
  });
});
