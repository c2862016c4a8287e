import { tokenState, type Database } from '@llm-eval/storage';
import type { Principal } from './principal';

/**
 * How often the tokens of open live streams are looked up again: the bound on how long a stream outlives a token
 * revoked (or deleted) by another process, such as `llm-eval tokens revoke`. A revocation through this server's
 * DELETE /api/v1/tokens/:id, and an expiry, end the token's streams at once.
 */
export const TOKEN_RECHECK_MS = 1_000;

/** The longest delay setTimeout takes (about 24.8 days); a later expiry re-arms the timer. */
const MAX_TIMER_MS = 2_147_483_647;

/** One open stream's view of its token. */
export interface StreamWatch {
  /** Whether the stream may send an event now; false once its token has expired (the stream has then been ended). */
  allows(): boolean;
  /** Stops watching (the stream ended). */
  stop(): void;
}

const UNWATCHED: StreamWatch = Object.freeze({ allows: () => true, stop: () => undefined });

/** A stream opened with an API token, and how to end it. */
interface Watched {
  end(reason: 'revoked' | 'expired' | 'deleted'): void;
}

/**
 * The live-event streams opened with API tokens, by token. A stream outlives the request that authenticated it, and
 * must not go on sending a revoked or expired token's holder the runs it may no longer see: a revocation through
 * this server ends the token's streams before the DELETE answers (revoked()); a token's expiry ends them at that
 * moment (a timer, and a check before each event); a revocation elsewhere is found by one lookup per distinct token
 * every TOKEN_RECHECK_MS while any such stream is open.
 */
export class TokenStreams {
  private readonly byToken = new Map<string, Set<Watched>>();
  private poll: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly db: Database,
    private readonly everyMs = TOKEN_RECHECK_MS,
  ) {}

  /**
   * Watches a stream of `principal`, calling `onInvalid` once, with the message to end it with, when its token is
   * revoked, deleted or expires (never from within this call: the stream may be set up after it). Principals without a token (local, a trusted proxy's user)
   * have nothing to watch.
   */
  watch(principal: Principal, onInvalid: (message: string) => void): StreamWatch {
    const tokenId = principal.tokenId;
    if (principal.via !== 'token' || !tokenId) return UNWATCHED;
    const expiresAt = principal.expiresAt ? principal.expiresAt.getTime() : null;
    let timer: NodeJS.Timeout | null = null;
    let ended = false;
    const stop = () => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      const set = this.byToken.get(tokenId);
      set?.delete(watched);
      if (set?.size === 0) this.byToken.delete(tokenId);
      if (this.byToken.size === 0) this.stopPolling();
    };
    const watched: Watched = {
      end: (reason) => {
        if (ended) return;
        stop();
        onInvalid(`The API token was ${reason}: this stream ends. Reconnect with a valid token.`);
      },
    };
    const expired = () => expiresAt !== null && Date.now() >= expiresAt;
    const arm = () => {
      if (expiresAt === null || ended) return;
      timer = setTimeout(() => (expired() ? watched.end('expired') : arm()), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
      timer.unref();
    };
    arm();
    const set = this.byToken.get(tokenId) ?? new Set<Watched>();
    set.add(watched);
    this.byToken.set(tokenId, set);
    this.startPolling();
    return {
      allows: () => {
        if (ended) return false;
        if (!expired()) return true;
        watched.end('expired');
        return false;
      },
      stop,
    };
  }

  /** Ends every open stream of the token now (it was just revoked through this server). */
  revoked(tokenId: string): void {
    for (const watched of [...(this.byToken.get(tokenId) ?? [])]) watched.end('revoked');
  }

  /** Stops the lookups (the server is closing; its streams are ended by the event hub). */
  close(): void {
    this.stopPolling();
  }

  private startPolling(): void {
    if (this.poll) return;
    this.poll = setInterval(() => void this.recheck(), this.everyMs);
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  /** One lookup per token with open streams; a lookup that fails is tried again on the next round. */
  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all(
        [...this.byToken.keys()].map(async (tokenId) => {
          const token = await this.db.tokens.get(tokenId).catch(() => undefined);
          if (token === undefined) return;
          const state = token ? tokenState(token) : 'deleted';
          const reason = state === 'active' ? null : state;
          if (reason) for (const watched of [...(this.byToken.get(tokenId) ?? [])]) watched.end(reason);
        }),
      );
    } finally {
      this.checking = false;
    }
  }
}
