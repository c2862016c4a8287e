import { useState, type FormEvent } from 'react';
import { OPTION_KEYS, type CompareOptions } from './compareState';
import { visibleText } from '../UserText';

/**
 * The comparison's options (those of `llm-eval runs compare`): confidence, minimum effect, metrics, lower-is-better
 * metrics and the primary metric. Applied together, so the comparison is computed once per change.
 */
export function CompareOptionsForm({ options, metricNames, onApply }: { options: CompareOptions; metricNames: string[]; onApply: (options: CompareOptions) => void }) {
  const [draft, setDraft] = useState<CompareOptions>(options);
  const set = (key: keyof CompareOptions, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: CompareOptions = {};
    for (const key of OPTION_KEYS) if (draft[key]?.trim()) next[key] = draft[key]!.trim();
    onApply(next);
  };
  return (
    <details className="compare-options">
      <summary>Options</summary>
      <form onSubmit={submit} className="compare-options-form">
        <label>
          Confidence
          <select value={draft.confidence ?? ''} onChange={(e) => set('confidence', e.target.value)}>
            <option value="">0.95 (default)</option>
            <option value="0.9">0.9</option>
            <option value="0.99">0.99</option>
            <option value="0.999">0.999</option>
          </select>
        </label>
        <label>
          Minimum effect
          <input type="number" min={0} step="any" value={draft.minEffect ?? ''} placeholder="0" onChange={(e) => set('minEffect', e.target.value)} />
        </label>
        <label>
          Primary metric
          <select value={draft.primaryMetric ?? ''} onChange={(e) => set('primaryMetric', e.target.value)}>
            <option value="">the runs’ main metric</option>
            {[...new Set([...metricNames, ...(draft.primaryMetric ? [draft.primaryMetric] : [])])].map((m) => (
              <option key={m} value={m}>
                {visibleText(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Metrics
          <input type="text" value={draft.metrics ?? ''} placeholder={metricNames.join(',') || 'all'} onChange={(e) => set('metrics', e.target.value)} />
        </label>
        <label>
          Lower is better
          <input type="text" value={draft.lowerIsBetter ?? ''} placeholder="response_time,token_count,latency,cost" onChange={(e) => set('lowerIsBetter', e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
    </details>
  );
}
