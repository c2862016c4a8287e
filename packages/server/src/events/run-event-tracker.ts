import type { RunChange, RunSnapshot } from '@llm-eval/storage';
import type { RunCreatedEvent, RunDeletedEvent, RunEvent, RunFinishedEvent, RunProgressEvent } from './run-events';

/** Options of RunEventTracker. */
export interface RunEventTrackerOptions {
  /** Least time between two progress messages of one run (default 250 ms): a run storing 1,000 batches a second
   * still gives a few messages a second, each with the rate since the previous one. */
  progressIntervalMs?: number;
  /** Most running runs followed at once (least recently changed ones are forgotten first; default 10,000). */
  maxTracked?: number;
  /** Most finished or deleted run ids remembered, so a later rename is not taken for a new finish (default 10,000). */
  maxReported?: number;
  /** When the watcher started (ms): a run first seen already finished counts as just finished if it ended after. */
  startedAt?: number;
}

interface TrackedRun {
  latest: RunSnapshot;
  /** Items as of the last progress message (or of first sight), and when: the base of the next rate. */
  rateBase: { items: number; at: number } | null;
  /** Items the last progress message reported (-1: none sent yet). */
  sentItems: number;
  /** When the last progress message was sent (-Infinity: never). */
  lastProgressAt: number;
  /** A change is waiting for the coalescing interval to pass. */
  pending: boolean;
}

/** Grace for clocks: a run first seen finished counts as finishing after the watcher started if it ended after this. */
const START_SLACK_MS = 5_000;

/**
 * Turns run change signals into the live-event messages, keeping only what it needs per running run (its last
 * snapshot and progress timing). It is told which runs changed and is given their rows as read after the change,
 * and compares them with what it sent before:
 * - `run.created` once per run, when the change says the run was created;
 * - `run.progress` when a running run's stored items moved, at most one per run per progressIntervalMs (the latest
 *   totals are sent when the interval has passed: flush()), with the rate since the previous progress message;
 * - `run.finished` when a running run's status became final — or a run first seen already final was created in the
 *   same read (an import) or ended after the watcher started (a run the server only saw finish);
 * - `run.deleted` with the name the deletion recorded (or the last name seen, if the row vanished first).
 * `abandoned` is not an event: storage derives it when readers look (the writer's heartbeat stopped); the run stays
 * running here until something settles it (recovery gives run.finished with status failed).
 */
export class RunEventTracker {
  private readonly tracked = new Map<string, TrackedRun>();
  /** Runs whose finish was reported, and runs whose deletion was: never reported twice. */
  private readonly reported: BoundedSet;
  private readonly deleted: BoundedSet;
  private readonly progressIntervalMs: number;
  private readonly maxTracked: number;
  private readonly maxReported: number;
  private readonly startedAt: number;

  constructor(options: RunEventTrackerOptions = {}) {
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.maxReported = options.maxReported ?? 10_000;
    this.reported = new BoundedSet(this.maxReported);
    this.deleted = new BoundedSet(this.maxReported);
    this.startedAt = options.startedAt ?? Date.now();
  }

  /** Ids of the running runs followed now. */
  trackedIds(): string[] {
    return [...this.tracked.keys()];
  }

  /** The events of one read: the changes (in commit order) and the rows of the runs they name, read after them. */
  apply(changes: readonly RunChange[], snapshots: ReadonlyMap<string, RunSnapshot>, now = Date.now()): RunEvent[] {
    const runs = new Map<string, { created: boolean; deletedName?: string }>();
    for (const change of changes) {
      let entry = runs.get(change.runId);
      if (!entry) runs.set(change.runId, (entry = { created: false }));
      if (change.kind === 'created') entry.created = true;
      if (change.kind === 'deleted') entry.deletedName = change.runName ?? '';
    }
    const events: RunEvent[] = [];
    const at = new Date(now).toISOString();
    for (const [id, entry] of runs) {
      const snapshot = snapshots.get(id);
      const tracked = this.tracked.get(id);
      if (!snapshot) {
        // Gone. Its deletion names it; a row that vanished before its deletion was read takes the last name seen
        // (the deletion arrives later and is then skipped). An untracked run without a deletion yet: wait for it.
        if (this.deleted.has(id)) continue;
        const name = entry.deletedName || tracked?.latest.name || entry.deletedName;
        if (name === undefined) continue;
        events.push(deletedEvent(id, name, at));
        this.tracked.delete(id);
        this.deleted.add(id);
        continue;
      }
      if (entry.created && !tracked && !this.reported.has(id)) events.push(createdEvent(snapshot, at));
      if (snapshot.status === 'running') {
        if (!tracked) {
          const run: TrackedRun = {
            latest: snapshot,
            rateBase: entry.created ? { items: 0, at: now } : null,
            sentItems: entry.created ? 0 : -1,
            lastProgressAt: -Infinity,
            pending: false,
          };
          this.track(id, run);
          if (snapshot.totalItems > 0) events.push(this.progress(run, now, at));
          else if (!run.rateBase) run.rateBase = { items: 0, at: now };
        } else {
          this.track(id, tracked);
          tracked.latest = snapshot;
          if (snapshot.totalItems !== tracked.sentItems) {
            if (now - tracked.lastProgressAt >= this.progressIntervalMs) events.push(this.progress(tracked, now, at));
            else tracked.pending = true;
          }
        }
        continue;
      }
      const endedAfterStart = (snapshot.completedAt?.getTime() ?? 0) >= this.startedAt - START_SLACK_MS;
      if (tracked || entry.created || (!this.reported.has(id) && endedAfterStart)) events.push(finishedEvent(snapshot, at));
      this.tracked.delete(id);
      this.reported.add(id);
    }
    return events;
  }

  /** Progress messages held back by the interval whose time has come (call it every poll). */
  flush(now = Date.now()): RunEvent[] {
    const events: RunEvent[] = [];
    const at = new Date(now).toISOString();
    for (const run of this.tracked.values()) {
      if (run.pending && now - run.lastProgressAt >= this.progressIntervalMs) events.push(this.progress(run, now, at));
    }
    return events;
  }

  private progress(run: TrackedRun, now: number, at: string): RunProgressEvent {
    const s = run.latest;
    const seconds = run.rateBase ? (now - run.rateBase.at) / 1000 : 0;
    const itemsPerSecond = run.rateBase && seconds > 0 ? Math.max(0, (s.totalItems - run.rateBase.items) / seconds) : null;
    run.rateBase = { items: s.totalItems, at: now };
    run.sentItems = s.totalItems;
    run.lastProgressAt = now;
    run.pending = false;
    return {
      type: 'run.progress',
      runId: s.id,
      runName: s.name,
      status: s.status,
      itemsStored: s.totalItems,
      successfulItems: s.successfulItems,
      failedItems: s.failedItems,
      successRate: s.totalItems === 0 ? 0 : s.successfulItems / s.totalItems,
      itemsPerSecond: itemsPerSecond === null ? null : Math.round(itemsPerSecond * 100) / 100,
      at,
    };
  }

  /** Follows a running run as the most recently changed one; forgets the least recently changed past the bound. */
  private track(id: string, run: TrackedRun): void {
    this.tracked.delete(id);
    this.tracked.set(id, run);
    if (this.tracked.size > this.maxTracked) this.tracked.delete(this.tracked.keys().next().value!);
  }

}

/** A set that forgets its oldest members past a bound. */
class BoundedSet {
  private readonly members = new Set<string>();

  constructor(private readonly max: number) {}

  has(id: string): boolean {
    return this.members.has(id);
  }

  add(id: string): void {
    this.members.delete(id);
    this.members.add(id);
    if (this.members.size > this.max) this.members.delete(this.members.keys().next().value!);
  }
}

function createdEvent(s: RunSnapshot, at: string): RunCreatedEvent {
  return {
    type: 'run.created',
    runId: s.id,
    runName: s.name,
    status: s.status,
    projectId: s.projectId,
    modelName: s.modelName,
    datasetName: s.datasetName,
    createdAt: s.createdAt.toISOString(),
    at,
  };
}

function finishedEvent(s: RunSnapshot, at: string): RunFinishedEvent {
  return {
    type: 'run.finished',
    runId: s.id,
    runName: s.name,
    status: s.status,
    statusReason: s.statusReason,
    totalItems: s.totalItems,
    successfulItems: s.successfulItems,
    failedItems: s.failedItems,
    successRate: s.successRate,
    avgResponseTime: s.avgResponseTime,
    totalTokens: s.totalTokens,
    totalCost: s.totalCost,
    durationSeconds: s.durationSeconds,
    at,
  };
}

function deletedEvent(runId: string, runName: string, at: string): RunDeletedEvent {
  return { type: 'run.deleted', runId, runName, at };
}
