/** What can be done with the selected runs: compare exactly two, delete any. */
export function SelectionBar({ count, onCompare, onDelete, onClear }: { count: number; onCompare: () => void; onDelete: () => void; onClear: () => void }) {
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected runs">
      <span className={count === 0 ? 'muted hide-narrow' : 'muted'} aria-live="polite">
        {count === 0 ? 'Select runs to compare or delete' : `${count} selected`}
      </span>
      <button
        type="button"
        className="primary"
        disabled={count !== 2}
        onClick={onCompare}
        title={count === 2 ? 'Compare the two selected runs (the older is the baseline)' : 'Select exactly two runs to compare'}
      >
        Compare
      </button>
      <button type="button" disabled={count === 0} onClick={onDelete}>
        Delete
      </button>
      {count > 0 && (
        <button type="button" className="link-button" onClick={onClear}>
          Clear selection
        </button>
      )}
    </div>
  );
}
