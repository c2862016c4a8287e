import type { RunChange, RunSnapshot } from '@llm-eval/storage';
import { RunEventTracker } from '../src/events/run-event-tracker';
import type { RunEvent } from '../src/events/run-events';

// A run deleted and another stored under its id, in the orders the watcher's reads can give them (see
// events-reused-run-id.test.ts for the same over real sockets): the old run's run.deleted, then the new run's
// run.created, each of its own run's project.

const T0 = Date.UTC(2026, 11, 1);
const old = (over: Partial<RunSnapshot> = {}): RunSnapshot => ({
  id: 'r1', name: 'old', status: 'completed', statusReason: null, projectId: 'alpha', modelName: 'm', datasetName: 'd',
  totalItems: 2, successfulItems: 2, failedItems: 0, successRate: 1, avgResponseTime: 1, totalTokens: 30, totalCost: 0.75,
  durationSeconds: 1, createdAt: new Date(T0), startedAt: new Date(T0), completedAt: new Date(T0 + 1000), ...over,
});
const fresh = (over: Partial<RunSnapshot> = {}): RunSnapshot =>
  old({ name: 'new', projectId: 'beta', status: 'running', totalItems: 0, successfulItems: 0, successRate: 0, createdAt: new Date(T0 + 60_000), completedAt: null, ...over });
const change = (kind: RunChange['kind']): RunChange => ({ runId: 'r1', kind });
const deletion = (s: RunSnapshot): RunChange => ({ runId: 'r1', kind: 'deleted', runName: s.name, projectId: s.projectId, snapshot: s });
const row = (s: RunSnapshot) => new Map([['r1', s]]);
const none = new Map<string, RunSnapshot>();

/** Each event as `type name @project` (the project the tracker scopes it to). */
const said = (tracker: RunEventTracker, events: RunEvent[]) => events.map((e) => `${e.type} ${e.runName} @${tracker.projectOf(e)}`);

/** A tracker that announced the old run (created and finished). */
function announced(): RunEventTracker {
  const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
  expect(said(tracker, tracker.apply([change('created')], row(old()), T0 + 2000))).toEqual(['run.created old @alpha', 'run.finished old @alpha']);
  return tracker;
}

describe('the events of a run deleted and stored again under its id', () => {
  it('the deletion and the new creation in one read: run.deleted, then run.created, each of its own project', () => {
    const tracker = announced();
    const events = tracker.apply([deletion(old()), change('created')], row(fresh()), T0 + 70_000);
    expect(said(tracker, events)).toEqual(['run.deleted old @alpha', 'run.created new @beta']);
    // The new run is followed: its progress, finish and deletion are its own, in its project.
    expect(said(tracker, tracker.apply([change('items')], row(fresh({ totalItems: 3 })), T0 + 71_000))).toEqual(['run.progress new @beta']);
    expect(said(tracker, tracker.apply([change('updated')], row(fresh({ status: 'completed', completedAt: new Date(T0 + 72_000) })), T0 + 72_000)))
      .toEqual(['run.finished new @beta']);
    expect(said(tracker, tracker.apply([deletion(fresh({ status: 'completed' }))], none, T0 + 73_000))).toEqual(['run.deleted new @beta']);
  });

  it('the new creation read after the deletion was reported: run.created', () => {
    const tracker = announced();
    expect(said(tracker, tracker.apply([deletion(old())], none, T0 + 70_000))).toEqual(['run.deleted old @alpha']);
    expect(said(tracker, tracker.apply([change('created')], row(fresh()), T0 + 70_500))).toEqual(['run.created new @beta']);
  });

  it('the deletion read with the new row (its creation in the next read): run.deleted, then run.created next', () => {
    const tracker = announced();
    expect(said(tracker, tracker.apply([deletion(old())], row(fresh()), T0 + 70_000))).toEqual(['run.deleted old @alpha']);
    expect(said(tracker, tracker.apply([change('created')], row(fresh()), T0 + 70_100))).toEqual(['run.created new @beta']);
  });

  it('a change of the old run read with the new row: nothing until the deletion and creation are read', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    const running = old({ status: 'running', completedAt: null, totalItems: 0 });
    expect(said(tracker, tracker.apply([change('created')], row(running), T0 + 1000))).toEqual(['run.created old @alpha']);
    expect(tracker.apply([change('updated')], row(fresh()), T0 + 70_000)).toEqual([]);
    expect(tracker.flush(T0 + 70_100)).toEqual([]);
    expect(said(tracker, tracker.apply([deletion(running), change('created')], row(fresh()), T0 + 70_200)))
      .toEqual(['run.deleted old @alpha', 'run.created new @beta']);
    expect(tracker.flush(T0 + 80_000)).toEqual([]);
  });

  it('the old run reported deleted after the grace (its signal late): the signal adds nothing, the new run is created', () => {
    const tracker = announced();
    expect(tracker.apply([change('updated')], none, T0 + 70_000)).toEqual([]);
    expect(said(tracker, tracker.flush(T0 + 73_000))).toEqual(['run.deleted old @alpha']);
    expect(said(tracker, tracker.apply([deletion(old()), change('created')], row(fresh()), T0 + 73_100))).toEqual(['run.created new @beta']);
  });

  it('the old run deleted without a signal (an older writer): run.deleted with its last name before the new run.created', () => {
    const tracker = announced();
    expect(said(tracker, tracker.apply([change('created')], row(fresh()), T0 + 70_000))).toEqual(['run.deleted old @alpha', 'run.created new @beta']);
  });

  it('stored again with the same creation time (an export imported back): still run.deleted, then run.created', () => {
    const tracker = announced();
    const imported = old({ name: 'imported', projectId: 'beta' });
    expect(said(tracker, tracker.apply([deletion(old()), change('created')], row(imported), T0 + 70_000)))
      .toEqual(['run.deleted old @alpha', 'run.created imported @beta', 'run.finished imported @beta']);
  });

  it('the new run created and deleted within the same read: all of both runs, in order', () => {
    const tracker = announced();
    const gone = fresh({ status: 'failed', completedAt: new Date(T0 + 61_000) });
    expect(said(tracker, tracker.apply([deletion(old()), change('created'), change('updated'), deletion(gone)], none, T0 + 70_000)))
      .toEqual(['run.deleted old @alpha', 'run.created new @beta', 'run.finished new @beta', 'run.deleted new @beta']);
  });

  it('a new run under a deleted id whose creation signal was lost (a resynchronisation names it changed): run.created', () => {
    const tracker = announced();
    tracker.apply([deletion(old())], none, T0 + 70_000);
    expect(said(tracker, tracker.apply([change('updated')], row(fresh()), T0 + 80_000))).toEqual(['run.created new @beta']);
  });

  it('a creation read twice (a resynchronisation, then its notification): one run.created, nothing deleted', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    expect(said(tracker, tracker.apply([change('created')], row(fresh()), T0 + 70_000))).toEqual(['run.created new @beta']);
    expect(tracker.apply([change('created')], row(fresh()), T0 + 70_100)).toEqual([]);
  });
});
