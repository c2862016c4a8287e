import { ApiRequestError } from '../api/client';

/** An API error in words, with what the API said, and a retry button. */
export function ErrorPanel({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiRequestError && error.status ? ` (HTTP ${error.status})` : '';
  return (
    <div className="error-panel" role="alert">
      <strong>{title}</strong>
      <p>
        {message}
        {status}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
