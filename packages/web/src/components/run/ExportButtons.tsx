import { useState, type MouseEvent } from 'react';
import { exportUrl } from '../../api/endpoints';
import { downloadFile } from '../../api/download';
import { useSession } from '../../hooks/useSession';
import { ShownText } from '../UserText';

const FORMATS = [
  { format: 'json', label: 'JSON', title: 'The whole run, importable again (llm-eval runs import)' },
  { format: 'jsonl', label: 'JSONL', title: 'A run line, then one line per item' },
  { format: 'csv', label: 'CSV', title: 'One row per item, for a spreadsheet' },
] as const;

type Format = (typeof FORMATS)[number]['format'];

/**
 * Download links of the run's exports. Without a token they are plain links (streamed by the server, so any size
 * works); with one, a link cannot send the Authorization header, so the file is fetched with it and saved from memory.
 */
export function ExportButtons({ runId }: { runId: string }) {
  const { token } = useSession();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onClick = (format: Format) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!token) return;
    event.preventDefault();
    if (busy) return;
    setBusy(format);
    setError(null);
    downloadFile(exportUrl(runId, format), `${runId.slice(0, 8)}.${format}`)
      .catch((e: unknown) => setError(`The ${format.toUpperCase()} export failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setBusy(null));
  };

  return (
    <div className="run-export" role="group" aria-label="Export">
      <span className="muted">Export</span>
      {FORMATS.map(({ format, label, title }) => (
        <a
          key={format}
          className="run-export-link"
          href={exportUrl(runId, format)}
          download
          title={title}
          onClick={onClick(format)}
          aria-busy={busy === format || undefined}
        >
          {busy === format ? `${label}…` : label}
        </a>
      ))}
      {error && (
        <span className="run-export-error bad" role="alert">
          <ShownText text={error} />
        </span>
      )}
    </div>
  );
}
