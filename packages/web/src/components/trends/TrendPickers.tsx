import { cloneElement, useId, type ReactElement } from 'react';
import type { Bucket, TrendFilters } from './trendData';
import type { TrendOptions } from './useTrendOptions';
import { visibleText } from '../UserText';

/** The ages offered for "since" (any other age or date in the URL is kept and shown too). */
export const SINCE_CHOICES: Array<{ value: string; label: string }> = [
  { value: '7d', label: 'last 7 days' },
  { value: '30d', label: 'last 30 days' },
  { value: '90d', label: 'last 90 days' },
  { value: '6mo', label: 'last 6 months' },
  { value: '1y', label: 'last year' },
];

/** `options` with `current` added when it is set and not among them (a shared URL may name anything). */
function withCurrent(options: string[], current: string | undefined): string[] {
  return current && !options.includes(current) ? [current, ...options] : options;
}

interface Props {
  filters: TrendFilters;
  options: TrendOptions;
  onChange: (changes: Partial<Record<keyof TrendFilters, string | null>>) => void;
}

/** Pickers of the trend: metric, project, dataset, model, since, bucket; each change goes to the URL. */
export function TrendPickers({ filters, options, onChange }: Props) {
  const metrics = withCurrent([...options.metrics, ...(options.metrics.includes('success_rate') ? [] : ['success_rate'])], filters.metric);
  const sinceChoices = SINCE_CHOICES.some((c) => c.value === filters.since)
    ? SINCE_CHOICES
    : [{ value: filters.since, label: `since ${filters.since}` }, ...SINCE_CHOICES];
  return (
    <div className="toolbar trend-pickers">
      <Picker label="Metric">
        <select value={filters.metric} onChange={(e) => onChange({ metric: e.target.value })}>
          {metrics.map((m) => (
            <option key={m} value={m}>
              {m === 'success_rate' ? 'success rate' : visibleText(m)}
            </option>
          ))}
        </select>
      </Picker>
      <Picker label="Project">
        {/* Datasets and models differ per project, so a new project starts without them. */}
        <select value={filters.project ?? ''} onChange={(e) => onChange({ project: e.target.value, dataset: null, model: null })}>
          <option value="">all projects</option>
          {withCurrent(options.projects, filters.project).map((p) => (
            <option key={p} value={p}>
              {visibleText(p)}
            </option>
          ))}
        </select>
      </Picker>
      <Picker label="Dataset">
        <select value={filters.dataset ?? ''} onChange={(e) => onChange({ dataset: e.target.value })}>
          <option value="">all datasets</option>
          {withCurrent(options.datasets, filters.dataset).map((d) => (
            <option key={d} value={d}>
              {visibleText(d)}
            </option>
          ))}
        </select>
      </Picker>
      <Picker label="Model">
        <select value={filters.model ?? ''} onChange={(e) => onChange({ model: e.target.value })}>
          <option value="">all models</option>
          {withCurrent(options.models, filters.model).map((m) => (
            <option key={m} value={m}>
              {visibleText(m)}
            </option>
          ))}
        </select>
      </Picker>
      <Picker label="Since">
        <select value={filters.since} onChange={(e) => onChange({ since: e.target.value })}>
          {sinceChoices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Picker>
      <Picker label="Bucket">
        <select value={filters.bucket} onChange={(e) => onChange({ bucket: e.target.value as Bucket })}>
          <option value="day">day</option>
          <option value="week">week</option>
        </select>
      </Picker>
    </div>
  );
}

/** A labelled picker: the label names the select alone (a wrapping label would add the options' text to its name). */
function Picker({ label, children }: { label: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="trend-picker">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
