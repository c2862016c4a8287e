import type { BindParameter } from './stored-text-contains';

/**
 * Binds the values of one hand-written SQL condition as TypeORM named parameters, each under a fresh name derived from
 * `prefix` (`prefix_0`, `prefix_1`, …), so conditions built apart never collide. A name handed out by `fresh` may be
 * the prefix of another binder: its names (`prefix_3_0`, …) cannot meet this one's. Run the SQL with `values` (a query
 * builder's `where(sql, values)`, or the driver's escapeQueryWithParameters). @internal
 */
export class ParameterBinder {
  private n = 0;
  /** The values bound so far, by name. */
  readonly values: Record<string, unknown> = {};

  constructor(private readonly prefix: string) {}

  /** Binds `value` under a fresh name and returns `:name` for the SQL (a bound function: storage's helpers take it). */
  readonly bind: BindParameter = (value) => {
    const name = this.fresh();
    this.values[name] = value;
    return `:${name}`;
  };

  /** Binds a list for `IN (...)` and returns `(:...name)`. */
  bindList(values: readonly unknown[]): string {
    const name = this.fresh();
    this.values[name] = values;
    return `(:...${name})`;
  }

  /** A fresh name without a value (for helpers that bind their own, under it or as the prefix of their own binder). */
  fresh(): string {
    return `${this.prefix}_${this.n++}`;
  }
}
