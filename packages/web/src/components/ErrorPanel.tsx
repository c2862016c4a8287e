import { ApiRequestError } from '../api/client';
import { ShownText } from './UserText';

/** An API error in words, with what the API said (its control characters shown, not obeyed: it may quote stored text), and a retry button. */
export function ErrorPanel({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiRequestError && error.status ? ` (HTTP ${error.status})` : '';
  return (
    <div className="error-panel" role="alert">
      <strong>{title}</strong>
      <p>
        <ShownText text={message} />
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
