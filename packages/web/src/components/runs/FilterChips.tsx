import type { FilterChip } from './runFilters';
import { UserText } from '../UserText';

/** The active filters as removable chips, and a button that clears them all. */
export function FilterChips({ chips, onRemove, onClear }: { chips: FilterChip[]; onRemove: (chip: FilterChip) => void; onClear: () => void }) {
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label="Filters">
      {chips.map((chip) => (
        <li key={`${chip.key}=${chip.value}`} className="chip">
          <span>
            {chip.label}:{' '}
            <strong>
              <UserText text={chip.value} truncate />
            </strong>
          </span>
          <button type="button" aria-label={`Remove filter ${chip.label} ${chip.value}`} title="Remove this filter" onClick={() => onRemove(chip)}>
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button type="button" className="link-button" onClick={onClear}>
            Clear all
          </button>
        </li>
      )}
    </ul>
  );
}
