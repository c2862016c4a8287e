/** SQL spelling of a comparison operator. @internal */
export function sqlOperator(op: '>' | '>=' | '<' | '<=' | '=' | '!='): string {
  return op === '!=' ? '<>' : op;
}
