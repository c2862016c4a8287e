/** The sessionStorage key of the tab's API token. */
export const TOKEN_STORAGE_KEY = 'llm-eval.token';

/** What the tab knows about signing in to a server that requires API tokens. */
export interface SessionState {
  /** The API token sent with every request, or null. */
  readonly token: string | null;
  /** The server refused a request for want of a (valid) token: the sign-in panel is shown. */
  readonly signInNeeded: boolean;
  /** Why the sign-in panel is shown: `required` (no token was held), `refused` (the held one stopped working), `signed-out`. */
  readonly reason: 'required' | 'refused' | 'signed-out' | null;
  /** The server's words when it refused a held token (never the token). */
  readonly message: string | null;
}

/** Where the token is kept: sessionStorage, so it lives as long as the tab and is never sent anywhere by itself. */
type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function browserStorage(): TokenStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage can be denied (sandboxed frames, some privacy settings): the token then lives in memory only.
    return null;
  }
}

/**
 * The API token of this browser tab and whether the server asked for one. Subscribable, for useSyncExternalStore
 * and the live-event connection. The token is only ever written to sessionStorage and the Authorization header (or
 * the WebSocket subprotocol): never to the page, a URL or a log.
 */
export class TokenSession {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  /** A request sent without a token was answered: the server serves this tab without one. */
  private tokenless = false;

  constructor(private readonly storage: TokenStorage | null = browserStorage()) {
    this.state = { token: this.read(), signInNeeded: false, reason: null, message: null };
  }

  /** The current state (a new object after each change, as useSyncExternalStore needs). */
  snapshot = (): SessionState => this.state;

  /** The token to send, or null. */
  token(): string | null {
    return this.state.token;
  }

  /** Whether the server asked for a token the tab does not have. */
  signInNeeded(): boolean {
    return this.state.signInNeeded;
  }

  /**
   * Whether a request sent without a token was answered (not refused): the server needs none (no --auth, or a trusted
   * proxy names the user). Until then a tab without a token does not know, and the live-event connection waits: a
   * refused WebSocket upgrade is an error in the browser's console that no page code can catch.
   */
  servedWithoutToken(): boolean {
    return this.tokenless;
  }

  /** A request sent with `sentWith` was answered, not refused. One sent without a token says the server needs none. */
  accepted(sentWith: string | null): void {
    if (sentWith !== null || this.state.token !== null || this.tokenless) return;
    this.tokenless = true;
    this.notify();
  }

  /** Keeps a token the server accepted and sends it from now on. */
  signIn(token: string): void {
    this.write(token);
    this.set({ token, signInNeeded: false, reason: null, message: null });
  }

  /** Forgets the token; the server still requires one, so the sign-in panel is shown. */
  signOut(): void {
    this.write(null);
    this.set({ token: null, signInNeeded: true, reason: 'signed-out', message: null });
  }

  /**
   * A request sent with `sentWith` was answered 401. A held token that stopped working (revoked, expired) is
   * forgotten. An answer to a request sent before the current token was kept changes nothing.
   */
  refused(message: string, sentWith: string | null): void {
    if (sentWith !== this.state.token) return;
    if (sentWith === null) this.tokenless = false;
    if (sentWith !== null) {
      this.write(null);
      this.set({ token: null, signInNeeded: true, reason: 'refused', message });
    } else if (!this.state.signInNeeded) {
      this.set({ token: null, signInNeeded: true, reason: 'required', message: null });
    }
  }

  /** Calls `listener` after every change, until the returned function is called. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** @internal Back to the state of a fresh tab (tests). */
  reset(): void {
    this.tokenless = false;
    this.write(null);
    this.set({ token: null, signInNeeded: false, reason: null, message: null });
  }

  private set(state: SessionState): void {
    this.state = state;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(TOKEN_STORAGE_KEY) || null;
    } catch {
      return null;
    }
  }

  private write(token: string | null): void {
    try {
      if (token === null) this.storage?.removeItem(TOKEN_STORAGE_KEY);
      else this.storage?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // A full or denied storage: the token still works for this page, it is just not kept across reloads.
    }
  }
}

/** The tab's one session, used by every request of the dashboard. */
export const session = new TokenSession();
