import { useId, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { listRuns } from '../../api/endpoints';
import { useDebounced } from '../../hooks/useDebounced';
import { formatTime } from '../format';
import { StatusBadge } from '../StatusBadge';
import { ShownText, UserText } from '../UserText';

/**
 * Picks a run: type part of a name (the runs whose name, description or dataset hold it are listed, newest first)
 * and choose one, or type any run reference (id, prefix, latest, latest~1, a name) and press Enter.
 */
export function RunPicker({ label, value, onPick }: { label: string; value?: string; onPick: (run: string) => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useDebounced(text.trim(), 250);
  const listId = useId();
  const inputId = useId();
  const runs = useQuery({
    queryKey: ['runs', 'picker', search],
    queryFn: ({ signal }) => listRuns({ text: search || undefined, limit: 20, sort: 'createdAt:desc' }, signal),
    enabled: open,
  });
  const options = runs.data?.runs ?? [];
  // A name shared by several runs is not a unique reference, so those are picked by id.
  const pick = (index: number) => {
    const run = options[index];
    if (!run) return;
    const shared = options.filter((r) => r.name === run.name).length > 1;
    onPick(shared ? run.id : run.name);
    setText('');
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(options.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (open && active >= 0 && options[active]) pick(active);
      else if (text.trim()) {
        onPick(text.trim());
        setText('');
        setOpen(false);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };
  return (
    <div className="run-picker">
      <label htmlFor={inputId} className="run-picker-label">
        {label}
        {value && (
          <>
            : <strong className="mono"><UserText text={value} /></strong>
          </>
        )}
      </label>
      <input
        id={inputId}
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={value ? 'Change: search runs…' : 'Search runs by name, or a reference'}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label={`${label} runs`} className="run-picker-list">
          {runs.isPending && <li className="muted">Searching…</li>}
          {runs.isError && (
            <li className="bad">
              <ShownText text={runs.error.message} />
            </li>
          )}
          {runs.data && options.length === 0 && <li className="muted">No run matches “<UserText text={search} />”.</li>}
          {options.map((run, i) => (
            <li
              key={run.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(i)}
            >
              <span className="run-picker-name">
                <UserText text={run.name} />
              </span>{' '}
              <StatusBadge status={run.status} />{' '}
              <span className="muted">
                {run.projectId ? <UserText text={run.projectId} /> : '—'} · {run.datasetName ? <UserText text={run.datasetName} /> : '—'} ·{' '}
                {formatTime(run.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
