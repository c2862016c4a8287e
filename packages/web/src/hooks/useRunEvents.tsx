import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RunEvent, RunProgressEvent, StreamMessage } from '../api/types';
import { session } from '../api/session';
import { LIVE_RATE_EXPIRY_MS } from './liveTiming';

type Listener = (event: RunEvent) => void;

/** The subprotocol the dashboard speaks; the server selects it when it accepts the connection. */
export const EVENTS_PROTOCOL = 'llm-eval.v1';
/** Browsers cannot set headers on a WebSocket: the token travels as the subprotocol `llm-eval.bearer.<token>`. */
export const BEARER_PROTOCOL_PREFIX = 'llm-eval.bearer.';

/** What the live-event connection needs to know about signing in (the tab's session by default). */
export interface EventStreamAuth {
  token(): string | null;
  signInNeeded(): boolean;
  /** Whether a request without a token was answered: only then is a connection without one opened. */
  servedWithoutToken(): boolean;
  subscribe(listener: () => void): () => void;
}

/** The one live-event connection of the app: listeners, the latest progress of each running run, and its state. */
export class RunEventStream {
  private readonly listeners = new Set<Listener>();
  private readonly progress = new Map<string, RunProgressEvent>();
  /** Per run with a rate shown: the timer that drops the rate when no further progress comes (rateExpiryMs). */
  private readonly rateExpiry = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per run: when its last progress arrived, and the gap before it (the server sends one per item count change). */
  private readonly arrivals = new Map<string, { at: number; gap: number }>();
  private readonly stateListeners = new Set<() => void>();
  private socket: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;
  private unsubscribeAuth: (() => void) | null = null;
  private token: string | null = null;
  /**
   * Waiting, with no token held: for a sign-in (the server refused us, so retrying could only be refused again), or,
   * on a first visit, for a request's answer to tell whether the server needs a token at all.
   */
  parked = false;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly queryClient: QueryClient | null,
    private readonly auth: EventStreamAuth = session,
  ) {}

  start(): void {
    this.stopped = false;
    this.token = this.auth.token();
    this.unsubscribeAuth?.();
    // A sign-in or sign-out changes who the server streams events for: reconnect with the new token at once.
    this.unsubscribeAuth = this.auth.subscribe(() => {
      const token = this.auth.token();
      if (token === this.token && !(this.parked && !this.auth.signInNeeded())) return;
      this.token = token;
      this.reconnect();
    });
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeAuth?.();
    this.unsubscribeAuth = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.clearRateExpiry();
    this.socket?.close();
    this.socket = null;
  }

  /** Drops the connection (and what it said about runs' progress) and opens a new one with the current token. */
  reconnect(): void {
    if (this.stopped) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.onclose = null;
      old.onmessage = null;
      old.close();
    }
    this.attempts = 0;
    this.connected = false;
    this.progress.clear();
    this.arrivals.clear();
    this.clearRateExpiry();
    this.notify();
    this.open();
  }

  /** Calls `listener` with every run event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** For useSyncExternalStore: notified when the connection state or any run's progress changes. */
  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /**
   * The latest progress message of a run still running, if one arrived; its itemsPerSecond is null once no progress
   * has come for rateExpiryMs (a writer that was killed sends no event, and its last rate must not stay).
   */
  progressOf(runId: string): RunProgressEvent | undefined {
    return this.progress.get(runId);
  }

  /** Delivers a message as if it came from the server (used by tests and by the socket). */
  dispatch(message: StreamMessage): void {
    if (message.type === 'subscribed' || message.type === 'error') return;
    if (message.type === 'run.progress') {
      this.noteArrival(message.runId);
      // A progress of a run no longer running (cancelling, say) has no rate to show.
      this.progress.set(message.runId, message.status === 'running' ? message : { ...message, itemsPerSecond: null });
      this.expireRate(this.progress.get(message.runId)!);
    } else if (message.type === 'run.finished' || message.type === 'run.deleted') {
      this.forget(message.runId);
    }
    this.invalidate(message);
    for (const listener of this.listeners) listener(message);
    this.notify();
  }

  /**
   * A read of the run said its status: once it is not running (abandoned: its writer died and sends nothing more),
   * its live progress and rate go at once rather than when the rate would expire.
   */
  settle(runId: string, status: string): void {
    if (status === 'running' || !this.progress.has(runId)) return;
    this.forget(runId);
    this.notify();
  }

  /**
   * How long a run's rate stays without a further progress: 3 of its last gap between events (before a second event,
   * the time one item takes at that rate), and never under LIVE_RATE_EXPIRY_MS.
   */
  rateExpiryMs(runId: string): number {
    const gap = this.arrivals.get(runId)?.gap || 0;
    const rate = this.progress.get(runId)?.itemsPerSecond;
    const expected = gap > 0 ? gap : rate ? 1000 / rate : 0;
    return Math.max(LIVE_RATE_EXPIRY_MS, 3 * expected);
  }

  private noteArrival(runId: string): void {
    const now = Date.now();
    const last = this.arrivals.get(runId);
    this.arrivals.set(runId, { at: now, gap: last ? now - last.at : 0 });
  }

  private forget(runId: string): void {
    this.progress.delete(runId);
    this.arrivals.delete(runId);
    this.expireRate(null, runId);
  }

  private invalidate(event: RunEvent): void {
    const qc = this.queryClient;
    if (!qc) return;
    // Progress changes counts shown in lists; lists refetch at most per event burst because React Query dedupes.
    if (event.type === 'run.progress') return;
    void qc.invalidateQueries({ queryKey: ['runs'] });
    void qc.invalidateQueries({ queryKey: ['run', event.runId] });
    void qc.invalidateQueries({ queryKey: ['projects'] });
    // run.updated: a finished run's final totals and duration were stored later (a cancel finalised by its workers).
    if (event.type === 'run.finished' || event.type === 'run.updated') void qc.invalidateQueries({ queryKey: ['trends'] });
  }

  /** (Re)starts the timer that drops `latest`'s rate unless a newer progress of its run comes first; null: stops it. */
  private expireRate(latest: RunProgressEvent | null, runId = latest?.runId): void {
    if (!runId) return;
    const pending = this.rateExpiry.get(runId);
    if (pending) clearTimeout(pending);
    this.rateExpiry.delete(runId);
    if (!latest || latest.itemsPerSecond === null) return;
    const timer = setTimeout(() => {
      this.rateExpiry.delete(runId);
      if (this.progress.get(runId) !== latest) return;
      this.progress.set(runId, { ...latest, itemsPerSecond: null });
      this.notify();
    }, this.rateExpiryMs(runId));
    this.rateExpiry.set(runId, timer);
  }

  private clearRateExpiry(): void {
    for (const timer of this.rateExpiry.values()) clearTimeout(timer);
    this.rateExpiry.clear();
  }

  private notify(): void {
    for (const listener of this.stateListeners) listener();
  }

  private open(): void {
    this.parked = false;
    if (this.stopped || typeof WebSocket === 'undefined') return;
    const token = this.auth.token();
    // A browser cannot tell a refused upgrade from a network failure; a 401 on any request can, so after one, and
    // until a sign-in, no further attempt is made. Without a token, not even a first one until a request without a
    // token was answered: on an --auth server it would be refused, an error in the console on every first visit.
    // The session's change (the answer, or a sign-in) reconnects.
    if (!token && (this.auth.signInNeeded() || !this.auth.servedWithoutToken())) {
      this.parked = true;
      return;
    }
    let socket: WebSocket;
    try {
      // Without a token, exactly the connection of a server without authentication: no subprotocols.
      socket = token ? new WebSocket(this.url, [EVENTS_PROTOCOL, BEARER_PROTOCOL_PREFIX + token]) : new WebSocket(this.url);
    } catch {
      // A token that cannot be a subprotocol (SyntaxError): the same every time, so wait for another token.
      this.parked = true;
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.connected = true;
      this.notify();
    };
    socket.onmessage = (message) => {
      try {
        this.dispatch(JSON.parse(String(message.data)) as StreamMessage);
      } catch {
        // A message that is not JSON is ignored; the stream goes on.
      }
    };
    socket.onclose = () => {
      this.connected = false;
      this.notify();
      if (this.stopped) return;
      if (!this.auth.token() && this.auth.signInNeeded()) {
        this.parked = true; // until a sign-in reconnects
        return;
      }
      // Reconnect with backoff (0.5 s … 10 s); lists are refetched on reconnect, since events may have been missed.
      const delay = Math.min(10_000, 500 * 2 ** this.attempts++);
      this.retry = setTimeout(() => {
        void this.queryClient?.invalidateQueries({ queryKey: ['runs'] });
        this.open();
      }, delay);
    };
  }
}

const RunEventsContext = createContext<RunEventStream | null>(null);

/** The WebSocket URL of the live events, on the server that served the page. */
export function eventsUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/events`;
}

/** Opens the app's live-event connection (or uses `stream`, for tests) for everything below it. */
export function RunEventsProvider({ children, stream }: { children: ReactNode; stream?: RunEventStream }) {
  const queryClient = useQueryClient();
  const owned = useMemo(() => stream ?? new RunEventStream(eventsUrl(), queryClient), [stream, queryClient]);
  useEffect(() => {
    if (stream) return;
    owned.start();
    return () => owned.stop();
  }, [owned, stream]);
  return <RunEventsContext.Provider value={owned}>{children}</RunEventsContext.Provider>;
}

function useStream(): RunEventStream | null {
  return useContext(RunEventsContext);
}

/** The app's live-event connection (null outside a RunEventsProvider). */
export function useRunEventStream(): RunEventStream | null {
  return useStream();
}

/** Calls `listener` with every live run event while the component is mounted. */
export function useRunEventListener(listener: Listener): void {
  const stream = useStream();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => stream?.subscribe((event) => ref.current(event)), [stream]);
}

/** The latest live progress of a running run (undefined before the first progress message or after it finished). */
export function useRunProgress(runId: string | undefined): RunProgressEvent | undefined {
  const stream = useStream();
  return useSyncExternalStore(
    stream?.subscribeState ?? noopSubscribe,
    () => (runId && stream ? stream.progressOf(runId) : undefined),
  );
}

/** Whether the live-event connection is open. */
export function useLiveConnected(): boolean {
  const stream = useStream();
  return useSyncExternalStore(stream?.subscribeState ?? noopSubscribe, () => stream?.connected ?? false);
}

const noopSubscribe = () => () => {};
