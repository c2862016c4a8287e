import { useMemo, useState } from 'react';
import { prettyText } from './format';
import { ShownText, visibleText } from './UserText';
import './JsonOrText.css';

/** Text longer than this is cut (with a button to show it all): a 5 MB output would freeze the page as one <pre>. */
export const LONG_TEXT = 20_000;

/**
 * Text as shown to a reader: JSON pretty-printed, NUL and other control characters (except tab and newline) made
 * visible as their Unicode control pictures (␀, ␛ …) and direction controls as their names (⟨RLO⟩), so they neither
 * vanish, break the layout nor reorder the text (visibleText).
 */
export function displayText(value: unknown): string {
  return visibleText(prettyText(value));
}

/** Whether a value is (or is text holding) a JSON object or array. */
export function isJsonLike(value: unknown): boolean {
  if (value !== null && typeof value === 'object') return true;
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  if (!((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']')))) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/**
 * A long text or JSON value as a block: JSON pretty-printed, control characters visible, very long text cut with a
 * "Show all" button. Empty values (null, undefined) show `empty` in muted words instead of an empty box.
 */
export function JsonOrText({
  value,
  label,
  empty = 'none',
  limit = LONG_TEXT,
}: {
  value: unknown;
  /** Accessible name of the block (e.g. "Input"). */
  label?: string;
  empty?: string;
  limit?: number;
}) {
  const [showAll, setShowAll] = useState(false);
  // The text as stored, pretty-printed; its control characters are shown as marked tokens (ShownText).
  const text = useMemo(() => (value === null || value === undefined ? null : prettyText(value)), [value]);
  if (text === null) return <p className="muted json-or-text-empty">{empty}</p>;
  const cut = !showAll && text.length > limit;
  return (
    <div className="json-or-text">
      <pre className={isJsonLike(value) ? 'json-or-text-block json' : 'json-or-text-block'} aria-label={label} tabIndex={0}>
        <ShownText text={cut ? text.slice(0, limit) : text} />
        {text === '' && <span className="muted">(empty text)</span>}
      </pre>
      {cut && (
        <button type="button" className="json-or-text-more" onClick={() => setShowAll(true)}>
          Show all ({text.length.toLocaleString('en-US')} characters)
        </button>
      )}
    </div>
  );
}
