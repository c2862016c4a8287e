/** A progress bar; without a total it shows an indeterminate bar with the count. */
export function ProgressBar({ value, total, label }: { value: number; total?: number | null; label?: string }) {
  const pct = total ? Math.min(100, (value / total) * 100) : null;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label ?? 'progress'}
      aria-valuenow={value}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
    >
      <div className={pct === null ? 'progress-fill indeterminate' : 'progress-fill'} style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
