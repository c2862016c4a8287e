import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

type Changes = Record<string, string | number | boolean | null | undefined | string[]>;

/**
 * A page's state kept in its URL's query string, so the view can be shared and reloaded: `get(key)` reads a value,
 * `set({ key: value })` changes some (null or '' removes them) and replaces the history entry unless `push` is set.
 *
 * Two `set` calls before React re-renders (two pickers changed in one tick) both apply: react-router hands a
 * functional update the query string of the last render, not of the last update, so the second call would undo the
 * first. The hook builds on its own pending query string until the new one has rendered.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const pending = useRef<URLSearchParams | undefined>(undefined);
  useEffect(() => {
    pending.current = undefined;
  }, [params]);
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const getAll = useCallback((key: string) => params.getAll(key), [params]);
  const set = useCallback(
    (changes: Changes, options: { push?: boolean } = {}) => {
      setParams(
        (previous) => {
          const next = applyChanges(pending.current ?? previous, changes);
          pending.current = next;
          return next;
        },
        { replace: !options.push },
      );
    },
    [setParams],
  );
  return { params, get, getAll, set };
}

function applyChanges(base: URLSearchParams, changes: Changes): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (Array.isArray(value)) for (const v of value) next.append(key, v);
    else if (value !== null && value !== undefined && value !== '' && value !== false) next.set(key, String(value));
  }
  return next;
}
