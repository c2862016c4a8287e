import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { session } from '../api/session';
import { RunEventStream } from './useRunEvents';

const TOKEN = `lle_${'t'.repeat(43)}`;

/** A WebSocket that records how it was opened; the test opens, closes or refuses it. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  closed = false;
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    this.args = args;
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
  /** The server refused the upgrade (401): the browser reports a close, never an open. */
  refuse() {
    this.onclose?.();
  }
}

let stream: RunEventStream;

beforeEach(() => {
  session.reset();
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.useFakeTimers();
});

afterEach(() => {
  stream?.stop();
  vi.useRealTimers();
});

describe('RunEventStream and API tokens', () => {
  it('opens the WebSocket exactly as before (no subprotocols) without a token, once a request without one was answered', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    expect(FakeSocket.all).toHaveLength(0);
    session.accepted(null); // the runs page's first request was answered: the server needs no token
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.args).toEqual(['ws://host/api/v1/events']);
    FakeSocket.all[0]!.onopen?.();
    expect(stream.connected).toBe(true);
  });

  it('opens no connection on a first visit to an --auth server (its refusal was a console error), and connects right after the sign-in', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(0);
    session.refused('A valid API token is required.', null); // the first runs request was answered 401
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(0);
    expect(stream.parked).toBe(true);

    session.signIn(TOKEN);
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.args).toEqual(['ws://host/api/v1/events', ['llm-eval.v1', `llm-eval.bearer.${TOKEN}`]]);
    FakeSocket.all[0]!.onopen?.();
    expect(stream.connected).toBe(true);
  });

  it('an answer to a request sent with a token, or one sent before a sign-in, does not open a connection without a token', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    session.accepted(TOKEN);
    expect(FakeSocket.all).toHaveLength(0);
    expect(session.servedWithoutToken()).toBe(false);
  });

  it('offers the token as the llm-eval.bearer.<token> subprotocol next to llm-eval.v1, never in the URL', () => {
    session.signIn(TOKEN);
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    expect(FakeSocket.all[0]!.args).toEqual(['ws://host/api/v1/events', ['llm-eval.v1', `llm-eval.bearer.${TOKEN}`]]);
  });

  it('stops retrying a refused upgrade while signed out, and reconnects with the token after a sign-in', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    session.accepted(null); // served without a token, until the server is restarted with --auth
    stream.start();
    FakeSocket.all[0]!.refuse();
    // Not yet known to be an authentication refusal: retried with backoff.
    vi.advanceTimersByTime(600);
    expect(FakeSocket.all).toHaveLength(2);
    session.refused('A valid API token is required.', null); // a page's request was answered 401
    FakeSocket.all[1]!.refuse();
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(stream.parked).toBe(true);

    session.signIn(TOKEN);
    expect(FakeSocket.all).toHaveLength(3);
    expect(FakeSocket.all[2]!.args[1]).toEqual(['llm-eval.v1', `llm-eval.bearer.${TOKEN}`]);
    FakeSocket.all[2]!.onopen?.();
    expect(stream.connected).toBe(true);
  });

  it('a sign-out closes the token connection and does not reopen one the server would refuse', () => {
    session.signIn(TOKEN);
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    FakeSocket.all[0]!.onopen?.();
    stream.dispatch({ type: 'run.progress', runId: 'r1' } as never);
    expect(stream.progressOf('r1')).toBeDefined();
    session.signOut();
    expect(FakeSocket.all[0]!.closed).toBe(true);
    expect(stream.connected).toBe(false);
    expect(stream.progressOf('r1')).toBeUndefined();
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a token that cannot be a subprotocol (the constructor throws) waits for another token instead of looping', () => {
    class Strict extends FakeSocket {
      constructor(url: string, protocols?: string[]) {
        if (protocols?.some((p) => /[/=]/.test(p))) throw new SyntaxError('invalid subprotocol');
        super(url, protocols);
      }
    }
    vi.stubGlobal('WebSocket', Strict);
    session.signIn('abc/def==');
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(0);
    session.signIn(TOKEN);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('RunEventStream and run.updated', () => {
  it('refetches the run, the lists and the trends when a finished run’s final state is stored later', () => {
    const qc = new QueryClient();
    for (const key of [['runs'], ['run', 'r1'], ['trends'], ['run', 'other']]) qc.setQueryData(key, {});
    stream = new RunEventStream('ws://host/api/v1/events', qc);
    const seen: string[] = [];
    stream.subscribe((event) => seen.push(event.type));
    stream.dispatch({
      type: 'run.updated', runId: 'r1', runName: 'cancel-dur', status: 'cancelled', statusReason: null, totalItems: 700, successfulItems: 700,
      failedItems: 0, successRate: 1, avgResponseTime: 0.03, totalTokens: 0, totalCost: 0, completedAt: '2026-12-05T19:35:52.000Z',
      durationSeconds: 5.659, at: '2026-12-05T19:35:52.100Z',
    });
    expect(seen).toEqual(['run.updated']);
    const invalidated = (key: string[]) => qc.getQueryState(key)?.isInvalidated;
    expect([invalidated(['runs']), invalidated(['run', 'r1']), invalidated(['trends']), invalidated(['run', 'other'])]).toEqual([true, true, true, false]);
  });
});

describe('RunEventStream and live rates', () => {
  const progress = (itemsStored: number, itemsPerSecond: number | null = 0.5) =>
    stream.dispatch({
      type: 'run.progress', runId: 'r1', runName: 'slow', status: 'running', itemsStored, successfulItems: itemsStored, failedItems: 0,
      successRate: 1, itemsPerSecond, at: '2026-12-06T10:00:00.000Z',
    });

  it('keeps a rate for 3 of the gaps between the run’s events (at least 10 s), then drops it', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    progress(1);
    vi.advanceTimersByTime(20_000);
    progress(2);
    // Events 20 s apart: the rate stays 60 s after the last.
    vi.advanceTimersByTime(59_000);
    expect(stream.progressOf('r1')!.itemsPerSecond).toBe(0.5);
    vi.advanceTimersByTime(1_000);
    expect(stream.progressOf('r1')!.itemsPerSecond).toBeNull();
  });

  it('drops the progress of a run read as no longer running, and keeps it for one still running', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    progress(1);
    stream.settle('r1', 'running');
    expect(stream.progressOf('r1')!.itemsPerSecond).toBe(0.5);
    stream.settle('r1', 'abandoned');
    expect(stream.progressOf('r1')).toBeUndefined();
  });
});
