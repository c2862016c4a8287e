import type { RunChange, RunSnapshot } from '@llm-eval/storage';
import { RunEventTracker } from '../src/events/run-event-tracker';

// The reads of the watcher, in the orders another process's quick create-finish-delete can give them (see
// events-deleted-elsewhere-soon.test.ts for the same over real processes): each ends with created, finished, deleted.

const T0 = Date.UTC(2026, 11, 1);
const snap = (status: string, over: Partial<RunSnapshot> = {}): RunSnapshot => ({
  id: 'r1', name: 'quick', status, statusReason: null, projectId: 'alpha', modelName: 'm', datasetName: 'd',
  totalItems: 2, successfulItems: 1, failedItems: 1, successRate: 0.5, avgResponseTime: 1, totalTokens: 30, totalCost: 0.75,
  durationSeconds: 1, createdAt: new Date(T0), startedAt: new Date(T0), completedAt: status === 'running' ? null : new Date(T0 + 1000), ...over,
});
const change = (kind: RunChange['kind'], extra: Partial<RunChange> = {}): RunChange => ({ runId: 'r1', kind, ...extra });
const deletion = (snapshot?: RunSnapshot) => change('deleted', { runName: 'quick', projectId: 'alpha', ...(snapshot ? { snapshot } : {}) });
const none = new Map<string, RunSnapshot>();
const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

describe('the events of a run deleted before the watcher read it', () => {
  it('created, finished and deleted in one read: all three, from the deletion snapshot', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    const events = tracker.apply([change('created'), change('items'), change('updated'), deletion(snap('completed'))], none, T0 + 2000);
    expect(types(events)).toEqual(['run.created', 'run.finished', 'run.deleted']);
    expect(events[0]).toMatchObject({ runName: 'quick', projectId: 'alpha', status: 'completed', modelName: 'm' });
    expect(events[1]).toMatchObject({ status: 'completed', totalItems: 2, successRate: 0.5, totalCost: 0.75 });
  });

  it('its creation read after the row was gone, its deletion in the next read: all three', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    expect(tracker.apply([change('created'), change('updated')], none, T0 + 2000)).toEqual([]);
    expect(types(tracker.apply([deletion(snap('failed'))], none, T0 + 2100))).toEqual(['run.created', 'run.finished', 'run.deleted']);
  });

  it('seen running, then its row vanished before its deletion was read: finished and deleted once the deletion comes', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    expect(types(tracker.apply([change('created')], new Map([['r1', snap('running', { totalItems: 0 })]]), T0 + 100))).toEqual(['run.created']);
    expect(tracker.apply([change('updated')], none, T0 + 200)).toEqual([]);
    expect(tracker.flush(T0 + 300)).toEqual([]);
    expect(types(tracker.apply([deletion(snap('completed'))], none, T0 + 400))).toEqual(['run.finished', 'run.deleted']);
    expect(tracker.flush(T0 + 10_000)).toEqual([]);
  });

  it('seen running, its row removed without a deletion signal: run.deleted with the last name after a grace', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    tracker.apply([change('created')], new Map([['r1', snap('running', { totalItems: 0 })]]), T0);
    expect(tracker.apply([change('updated')], none, T0 + 100)).toEqual([]);
    expect(tracker.flush(T0 + 1000)).toEqual([]);
    expect(tracker.flush(T0 + 2200)).toEqual([expect.objectContaining({ type: 'run.deleted', runName: 'quick' })]);
    expect(tracker.apply([deletion(snap('completed'))], none, T0 + 2300)).toEqual([]);
  });

  it('a deletion of an older writer (no snapshot) of a run never read: run.deleted alone, as before', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    expect(types(tracker.apply([change('created'), deletion()], none, T0))).toEqual(['run.deleted']);
  });

  it('a run already reported finished, or that ended before the watcher started, is not reported again', () => {
    const tracker = new RunEventTracker({ startedAt: T0 - 60_000 });
    tracker.apply([change('created')], new Map([['r1', snap('completed')]]), T0);
    expect(types(tracker.apply([deletion(snap('completed'))], none, T0 + 100))).toEqual(['run.deleted']);
    const later = new RunEventTracker({ startedAt: T0 + 3_600_000 });
    expect(types(later.apply([deletion(snap('completed'))], none, T0 + 3_600_100))).toEqual(['run.deleted']);
  });
});
