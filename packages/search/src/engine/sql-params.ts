/** Hands out unique bound-parameter names for one query, so compiled conditions never collide. @internal */
export class ParamNames {
  private n = 0;
  readonly values: Record<string, unknown> = {};

  /** Binds `value` under a fresh name and returns `:name` for the SQL (a bound function: storage's helpers take it). */
  readonly bind = (value: unknown): string => {
    const name = `q${this.n++}`;
    this.values[name] = value;
    return `:${name}`;
  };

  /** Binds a list for `IN (...)` and returns `(:...name)`. */
  bindList(values: unknown[]): string {
    const name = `q${this.n++}`;
    this.values[name] = values;
    return `(:...${name})`;
  }

  /** A fresh name without a value (for helpers that bind their own). */
  fresh(): string {
    return `q${this.n++}`;
  }
}

/** SQL spelling of a comparison operator. @internal */
export function sqlOperator(op: '>' | '>=' | '<' | '<=' | '=' | '!='): string {
  return op === '!=' ? '<>' : op;
}
