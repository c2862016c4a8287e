import { useMemo } from 'react';
import { displayText } from '../JsonOrText';
import { computeTextDiff } from './textDiff';

/**
 * Output A and output B side by side: on the left what B removed (<del>), on the right what B added (<ins>), word
 * by word for short texts and line by line for long ones. Texts over 200,000 characters are diffed in their first
 * 200,000 characters, and a diff that takes too long is dropped for the plain texts.
 */
export function TextDiff({ a, b, labelA = 'Output A', labelB = 'Output B' }: { a: unknown; b: unknown; labelA?: string; labelB?: string }) {
  const textA = a === null || a === undefined ? '' : displayText(a);
  const textB = b === null || b === undefined ? '' : displayText(b);
  const result = useMemo(() => computeTextDiff(textA, textB), [textA, textB]);
  const same = textA === textB;
  return (
    <div className="text-diff" data-testid="text-diff" data-mode={result.mode}>
      <p className="muted text-diff-note">
        {same
          ? 'The two outputs are identical.'
          : result.changes === null
            ? 'The outputs differ too much to highlight the changes quickly; shown as they are.'
            : `${result.mode === 'words' ? 'Word' : 'Line'} diff: removed in B struck out on the left, added in B highlighted on the right.`}
        {result.truncated && ' Only the first 200,000 characters of each output are compared.'}
      </p>
      <div className="text-diff-panes">
        <div className="text-diff-pane">
          <div className="text-diff-label">{labelA}</div>
          <pre aria-label={labelA} tabIndex={0}>
            {a === null || a === undefined ? <span className="muted">no output</span> : result.changes === null ? result.a : result.changes.map((c, i) => (c.added ? null : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>))}
          </pre>
        </div>
        <div className="text-diff-pane">
          <div className="text-diff-label">{labelB}</div>
          <pre aria-label={labelB} tabIndex={0}>
            {b === null || b === undefined ? <span className="muted">no output</span> : result.changes === null ? result.b : result.changes.map((c, i) => (c.removed ? null : c.added ? <ins key={i}>{c.value}</ins> : <span key={i}>{c.value}</span>))}
          </pre>
        </div>
      </div>
    </div>
  );
}
