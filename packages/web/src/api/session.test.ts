import { beforeEach, describe, expect, it } from 'vitest';
import { session, TokenSession, TOKEN_STORAGE_KEY } from './session';

const TOKEN = `lle_${'A'.repeat(43)}`;
const OTHER = `lle_${'B'.repeat(43)}`;

beforeEach(() => {
  session.reset();
  sessionStorage.clear();
});

describe('TokenSession', () => {
  it('keeps a signed-in token in sessionStorage under llm-eval.token, and a new tab session reads it back', () => {
    session.signIn(TOKEN);
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(new TokenSession(sessionStorage).token()).toBe(TOKEN);
  });

  it('signing out forgets the token and asks for a sign-in', () => {
    session.signIn(TOKEN);
    session.signOut();
    expect(session.token()).toBeNull();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(session.snapshot()).toMatchObject({ signInNeeded: true, reason: 'signed-out' });
  });

  it('a 401 without a token asks for a sign-in; a 401 to the held token forgets it, with the server message', () => {
    session.refused('This server requires an API token.', null);
    expect(session.snapshot()).toMatchObject({ token: null, signInNeeded: true, reason: 'required', message: null });
    session.signIn(TOKEN);
    session.refused('The token was revoked.', TOKEN);
    expect(session.snapshot()).toMatchObject({ token: null, signInNeeded: true, reason: 'refused', message: 'The token was revoked.' });
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('a late 401 to a request sent before the current token was kept changes nothing', () => {
    session.signIn(TOKEN);
    session.refused('missing token', null);
    session.refused('wrong token', OTHER);
    expect(session.snapshot()).toMatchObject({ token: TOKEN, signInNeeded: false });
  });

  it('notifies subscribers with a new snapshot on each change', () => {
    const seen: unknown[] = [];
    const unsubscribe = session.subscribe(() => seen.push(session.snapshot()));
    const before = session.snapshot();
    session.signIn(TOKEN);
    session.signOut();
    unsubscribe();
    session.signIn(OTHER);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(before);
  });

  it('works without storage (denied): the token lives in memory only', () => {
    const denied = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const memoryOnly = new TokenSession(denied);
    expect(memoryOnly.token()).toBeNull();
    memoryOnly.signIn(TOKEN);
    expect(memoryOnly.token()).toBe(TOKEN);
  });
});
