import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { BindParameter } from './stored-text-contains';

/** Binds values to `qb` as parameters named `prefix` and a number, returning each one's placeholder. @internal */
export function parameterBinder(qb: SelectQueryBuilder<ObjectLiteral>, prefix: string): BindParameter {
  let n = 0;
  return (value) => {
    const name = `${prefix}${n++}`;
    qb.setParameter(name, value);
    return `:${name}`;
  };
}
