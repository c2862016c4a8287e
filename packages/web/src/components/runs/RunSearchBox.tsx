import { useEffect, useRef, useState } from 'react';
import type { ApiRequestError } from '../../api/client';
import { useDebounced } from '../../hooks/useDebounced';
import { ShownText } from '../UserText';

export const EXAMPLES = ['completed runs of gpt-4o this week', 'failed runs in project alpha', 'success rate above 0.9 top 5'];

interface Props {
  /** The query in the URL (what the list shows). */
  value: string;
  /** Called with the text once typing paused (~250 ms). */
  onSearch: (q: string) => void;
  /** How the API understood the current query, and the words it did not use. */
  explanation?: string;
  warnings?: string[];
  /** Whether the explanation belongs to an earlier query (the next answer is loading). */
  stale?: boolean;
  /** A query the API could not parse (422 invalid_query), shown in words with the place of the problem. */
  error?: ApiRequestError | null;
  /** Show the explanation even without q (filters alone are explained too). */
  showExplanation?: boolean;
}

/**
 * The natural-language search of runs: searches as you type (debounced) and says how the query was understood, which
 * words were ignored, or where it could not be parsed.
 */
export function RunSearchBox({ value, onSearch, explanation, warnings = [], stale, error, showExplanation }: Props) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 250);
  const sent = useRef(value);
  // Typing reaches the URL (and the API) once it pauses.
  useEffect(() => {
    if (debounced === sent.current) return;
    sent.current = debounced;
    onSearch(debounced);
  }, [debounced, onSearch]);
  // The URL changed under us (back button, a cleared filter set): the box follows it.
  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(value);
  }, [value]);

  const position = typeof error?.details.position === 'number' ? error.details.position : null;
  const typing = text !== value;
  return (
    <div className="run-search">
      <input
        type="search"
        aria-label="Search runs"
        placeholder={`Search runs, e.g. “${EXAMPLES[0]}”`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter searches at once, without waiting for the pause.
          if (e.key === 'Enter' && text !== sent.current) {
            sent.current = text;
            onSearch(text);
          }
        }}
        aria-describedby="run-search-help"
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        autoComplete="off"
      />
      <div id="run-search-help" className="run-search-help" aria-live="polite">
        {error ? (
          <p className="run-search-error" role="alert">
            <strong>Could not understand the query:</strong> <ShownText text={error.message} />
            {position !== null && value && (
              <code className="run-search-at">
                <ShownText text={value.slice(0, position)} />
                <mark>
                  <ShownText text={value.slice(position, position + 1) || ' '} />
                </mark>
                <ShownText text={value.slice(position + 1)} />
              </code>
            )}
          </p>
        ) : (value || showExplanation) && explanation ? (
          <>
            <p className={stale || typing ? 'understood stale' : 'understood'} data-testid="understood">
              Understood: <ShownText text={explanation} />
            </p>
            {warnings.length > 0 && (
              <p className="understood warning" data-testid="ignored">
                <span aria-hidden="true">⚠ </span>
                <ShownText text={warnings.join('; ')} />
              </p>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
