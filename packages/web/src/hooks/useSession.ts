import { useSyncExternalStore } from 'react';
import { session, type SessionState } from '../api/session';

/** The tab's sign-in state (token held, sign-in needed and why); re-renders when it changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
