import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  it('opens the WebSocket exactly as before (no subprotocols) without a token', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.args).toEqual(['ws://host/api/v1/events']);
  });

  it('offers the token as the llm-eval.bearer.<token> subprotocol next to llm-eval.v1, never in the URL', () => {
    session.signIn(TOKEN);
    stream = new RunEventStream('ws://host/api/v1/events', null);
    stream.start();
    expect(FakeSocket.all[0]!.args).toEqual(['ws://host/api/v1/events', ['llm-eval.v1', `llm-eval.bearer.${TOKEN}`]]);
  });

  it('stops retrying a refused upgrade while signed out, and reconnects with the token after a sign-in', () => {
    stream = new RunEventStream('ws://host/api/v1/events', null);
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
