import { getMetadataArgsStorage } from 'typeorm';
import { ALL_ENTITIES } from './index';

const args = getMetadataArgsStorage();
const ours = (target: unknown) => (ALL_ENTITIES as readonly unknown[]).includes(target);

describe('the schema', () => {
  it('gives every column an explicit type, so esbuild/tsup builds (no decorator metadata) still work', () => {
    const untyped = args.columns
      .filter((c) => ours(c.target) && !c.options.type)
      .map((c) => `${(c.target as { name: string }).name}.${c.propertyName}`);
    expect(untyped).toEqual([]);
  });

  it('names every index and declares at least 15 of them', () => {
    const indices = args.indices.filter((i) => ours(i.target));
    expect(indices.every((i) => typeof i.name === 'string' && i.name.length > 0)).toBe(true);
    expect(new Set(indices.map((i) => i.name)).size).toBeGreaterThanOrEqual(15);
  });

  it('constrains statuses, rates and counts at the database level', () => {
    const checks = args.checks.filter((c) => ours(c.target)).map((c) => c.name);
    expect(checks).toEqual(
      expect.arrayContaining(['CHK_runs_status', 'CHK_runs_success_rate', 'CHK_runs_counts', 'CHK_items_status', 'CHK_comparisons_distinct_runs']),
    );
  });

  it('cascades deletes of a run to its items, metrics, tags and comparisons', () => {
    const cascading = args.relations
      .filter((r) => ours(r.target) && r.options.onDelete === 'CASCADE')
      .map((r) => `${(r.target as { name: string }).name}.${r.propertyName}`);
    expect(cascading.sort()).toEqual(
      ['EvaluationItem.run', 'RunComparison.run1', 'RunComparison.run2', 'RunMetric.run', 'RunTag.run'].sort(),
    );
  });
});
