import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { checkToken, cleanToken } from '../../api/checkToken';
import { session } from '../../api/session';
import { useSession } from '../../hooks/useSession';
import './SignIn.css';
import { ShownText } from '../UserText';

/** The command that creates a token for one person, read-only, on every project. */
export const CREATE_TOKEN_COMMAND = "llm-eval tokens create --name me --project '*' --role viewer";

function Why() {
  const { reason, message } = useSession();
  if (reason === 'refused') {
    return (
      <div className="error-panel" role="alert">
        <strong>Your token is no longer accepted</strong>
        <p>
          <ShownText text={message ?? ''} />
        </p>
      </div>
    );
  }
  if (reason === 'signed-out') return <p role="status">You are signed out.</p>;
  return null;
}

/**
 * Shown instead of the page when the server answered 401: what the server needs, how to get a token, and a form
 * that checks the token with one request before the tab keeps it. The token is never shown, logged or put in a URL.
 */
export function SignInPanel() {
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  useEffect(() => inputRef.current?.focus(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || busy) return;
    const token = cleanToken(input.value);
    setBusy(true);
    setError(null);
    const answer = await checkToken(token).catch(() => ({ ok: false as const, message: 'The token could not be checked.' }));
    setBusy(false);
    if (!answer.ok) {
      setError(answer.message);
      input.focus();
      input.select();
      return;
    }
    input.value = '';
    session.signIn(token);
    // Everything cached so far was refused or belongs to no one: ask again, with the token.
    void queryClient.resetQueries();
  }

  return (
    <section className="page sign-in" aria-labelledby={`${inputId}-title`}>
      <h1 id={`${inputId}-title`}>Sign in</h1>
      <Why />
      <p>This llm-eval server requires an API token: every request of the dashboard is sent with it.</p>
      <p id={helpId} className="muted">
        Ask an admin of the server for one, or create one on the server&apos;s machine (it is printed once):
      </p>
      <pre className="sign-in-command">
        <code>{CREATE_TOKEN_COMMAND}</code>
      </pre>
      <form className="sign-in-form" method="post" noValidate onSubmit={(e) => void onSubmit(e)} aria-busy={busy}>
        <label htmlFor={inputId}>API token</label>
        <div className="sign-in-row">
          <input
            ref={inputRef}
            id={inputId}
            name="token"
            type="password"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="lle_…"
            aria-describedby={error ? `${errorId} ${helpId}` : helpId}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        {error && (
          <p id={errorId} className="error-panel sign-in-error" role="alert">
            <ShownText text={error} />
          </p>
        )}
      </form>
      <p className="muted sign-in-note">The token is kept in this browser tab only, until you sign out or close the tab.</p>
    </section>
  );
}
