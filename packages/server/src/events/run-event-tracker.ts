import { knownDurationSeconds, type RunChange, type RunSnapshot } from '@llm-eval/storage';
import type { RunCreatedEvent, RunDeletedEvent, RunEvent, RunFinishedEvent, RunProgressEvent, RunUpdatedEvent } from './run-events';

/** Options of RunEventTracker. */
export interface RunEventTrackerOptions {
  /** Least time between two progress messages of one run (default 250 ms): a run storing 1,000 batches a second
   * still gives a few messages a second, each with the rate since the previous one. */
  progressIntervalMs?: number;
  /** Most running runs followed at once (least recently changed ones are forgotten first; default 10,000). */
  maxTracked?: number;
  /**
   * Most finished or deleted run ids remembered (default 10,000), so a later rename is not taken for a new finish, and
   * a finished run's summary as last sent, so a later change of it (a cancel finalised later) gives run.updated.
   */
  maxReported?: number;
  /** When the watcher started (ms): a run first seen already finished counts as just finished if it ended after. */
  startedAt?: number;
}

/** A run read finished: its summary as last read, whether its run.finished went out, and its name as last read. */
interface ReportedRun {
  summary: string;
  finishedSent: boolean;
  name: string;
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
 * How long a followed run whose row vanished waits for its deletion's signal (committed with the delete, so it comes
 * with the next read or so) before run.deleted is sent with the last name seen: a row removed without one (an older
 * writer) still ends.
 */
const VANISHED_GRACE_MS = 2_000;

/**
 * Turns run change signals into the live-event messages, keeping only what it needs per running run (its last
 * snapshot and progress timing). It is told which runs changed and is given their rows as read after the change,
 * and compares them with what it sent before:
 * - `run.created` once per run, when the change says the run was created;
 * - `run.progress` when a running run's stored items moved, at most one per run per progressIntervalMs (the latest
 *   totals are sent when the interval has passed: flush()), with the rate since the previous progress message;
 * - `run.finished` when a running run's status became final — or a run first seen already final was created in the
 *   same read (an import) or ended after the watcher started (a run the server only saw finish);
 * - `run.updated` when a finished run's summary (status, reason, totals, completedAt, duration) changed since it was
 *   last read: a run cancelled while its writer or workers were busy is finalised later (completedAt, its measured
 *   duration, final totals), and clients learn the state it ends in. A write that leaves the summary as it was (a
 *   rename, a description) sends nothing;
 * - `run.deleted` with the name the deletion recorded (or the last name seen, if the row vanished and no deletion
 *   signal followed). A run deleted before its row was read (another process created, finished and deleted it within
 *   one poll) gets, before it, the run.created and run.finished not sent yet, from the run as the deletion recorded it.
 * `abandoned` is not an event: storage derives it when readers look (the writer's heartbeat stopped); the run stays
 * running here until something settles it (recovery gives run.finished with status failed).
 */
export class RunEventTracker {
  private readonly tracked = new Map<string, TrackedRun>();
  /**
   * Runs read finished, with their summary as last read and whether their run.finished went out (a run that had ended
   * before this server started did not), and runs whose deletion was reported: never reported twice.
   */
  private readonly reported: BoundedMap<ReportedRun>;
  private readonly deleted: BoundedSet;
  private readonly progressIntervalMs: number;
  private readonly maxTracked: number;
  private readonly maxReported: number;
  private readonly startedAt: number;
  /** Runs whose creation was read after their row was gone: run.created is still owed, from the deletion's snapshot. */
  private readonly createdUnseen: BoundedSet;
  /** Followed runs whose row vanished before their deletion signal was read, and since when (ms). */
  private readonly vanished = new Map<string, number>();

  constructor(options: RunEventTrackerOptions = {}) {
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.maxReported = options.maxReported ?? 10_000;
    this.reported = new BoundedMap<ReportedRun>(this.maxReported);
    this.deleted = new BoundedSet(this.maxReported);
    this.createdUnseen = new BoundedSet(this.maxReported);
    this.startedAt = options.startedAt ?? Date.now();
  }

  /** Ids of the running runs followed now. */
  trackedIds(): string[] {
    return [...this.tracked.keys()];
  }

  /** Whether the run was read before: followed as running, or read finished (its run.finished sent or not). */
  knows(id: string): boolean {
    return this.tracked.has(id) || this.reported.has(id);
  }

  /** Ids of the runs read finished and not reported deleted (a resynchronisation reads them again: gone or changed). */
  finishedIds(): string[] {
    return this.reported.keys().filter((id) => !this.deleted.has(id));
  }

  /** The events of one read: the changes (in commit order) and the rows of the runs they name, read after them. */
  apply(changes: readonly RunChange[], snapshots: ReadonlyMap<string, RunSnapshot>, now = Date.now()): RunEvent[] {
    const runs = new Map<string, { created: boolean; deletedName?: string; gone?: RunSnapshot }>();
    for (const change of changes) {
      let entry = runs.get(change.runId);
      if (!entry) runs.set(change.runId, (entry = { created: false }));
      if (change.kind === 'created') entry.created = true;
      if (change.kind === 'deleted') {
        entry.deletedName = change.runName ?? '';
        entry.gone = change.snapshot;
      }
    }
    const events: RunEvent[] = [];
    const at = new Date(now).toISOString();
    for (const [id, entry] of runs) {
      const snapshot = snapshots.get(id);
      const tracked = this.tracked.get(id);
      if (!snapshot) {
        // Gone. Its deletion names it, and tells what it was when deleted: what was not sent of it yet goes first.
        if (this.deleted.has(id)) continue;
        if (entry.deletedName === undefined) {
          // The row vanished before its deletion was read; the deletion (committed with it) comes in a later read.
          if (entry.created && !tracked) this.createdUnseen.add(id);
          // A run read finished whose row vanished too: after lost notifications its deletion signal never comes.
          if ((tracked || this.reported.has(id)) && !this.vanished.has(id)) this.vanished.set(id, now);
          continue;
        }
        if (entry.gone) events.push(...this.unseen(id, entry.created || this.createdUnseen.has(id), entry.gone, tracked, at));
        events.push(deletedEvent(id, entry.deletedName || tracked?.latest.name || '', at));
        this.forgetRun(id);
        this.deleted.add(id);
        continue;
      }
      // A row read again (a run deleted and stored again under its id) is what it is now.
      this.vanished.delete(id);
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
      const summary = summaryKey(snapshot);
      const last = this.reported.get(id);
      let finishedSent = last?.finishedSent ?? false;
      if (tracked || entry.created || (last === undefined && endedAfterStart)) {
        events.push(finishedEvent(snapshot, at));
        finishedSent = true;
      } else if (last !== undefined && last.summary !== summary) {
        // A run first read finished but not announced (ended before this server started, or cancelled and not yet
        // finalised) whose summary changes now gets its run.finished; one announced gets run.updated.
        events.push(last.finishedSent ? updatedEvent(snapshot, at) : finishedEvent(snapshot, at));
        finishedSent = true;
      }
      this.forgetRun(id);
      this.reported.set(id, { summary, finishedSent, name: snapshot.name });
    }
    return events;
  }

  /**
   * The run.created and run.finished of a deleted run not sent yet, from the run as its deletion recorded it: created
   * when its creation was read but never sent (the row was already gone), finished when it had ended and that was not
   * reported (by the rule of a run read finished, as in apply).
   */
  private unseen(id: string, createdUnsent: boolean, gone: RunSnapshot, tracked: TrackedRun | undefined, at: string): RunEvent[] {
    const events: RunEvent[] = [];
    if (this.reported.has(id)) return events;
    if (createdUnsent && !tracked) events.push(createdEvent(gone, at));
    const endedAfterStart = (gone.completedAt?.getTime() ?? 0) >= this.startedAt - START_SLACK_MS;
    if (gone.status !== 'running' && (tracked || createdUnsent || endedAfterStart)) events.push(finishedEvent(gone, at));
    return events;
  }

  private forgetRun(id: string): void {
    this.tracked.delete(id);
    this.vanished.delete(id);
  }

  /**
   * Progress messages held back by the interval whose time has come, and run.deleted of followed runs whose row
   * vanished and whose deletion signal did not come within VANISHED_GRACE_MS (call it every poll).
   */
  flush(now = Date.now()): RunEvent[] {
    const events: RunEvent[] = [];
    const at = new Date(now).toISOString();
    for (const [id, since] of this.vanished) {
      if (now - since < VANISHED_GRACE_MS) continue;
      const name = this.tracked.get(id)?.latest.name ?? this.reported.get(id)?.name;
      this.forgetRun(id);
      if (this.deleted.has(id) || name === undefined) continue;
      events.push(deletedEvent(id, name, at));
      this.deleted.add(id);
    }
    for (const [id, run] of this.tracked) {
      if (this.vanished.has(id)) continue;
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
    if (this.tracked.size > this.maxTracked) this.forgetRun(this.tracked.keys().next().value!);
  }

}

/** A map that forgets its least recently set keys past a bound. */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): V | undefined {
    return this.entries.get(id);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  set(id: string, value: V): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
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

/** What run.finished and run.updated say of a finished run, but its name and the time the server saw it. */
function summaryOf(s: RunSnapshot) {
  return {
    status: s.status,
    statusReason: s.statusReason,
    totalItems: s.totalItems,
    successfulItems: s.successfulItems,
    failedItems: s.failedItems,
    successRate: s.successRate,
    avgResponseTime: s.avgResponseTime,
    totalTokens: s.totalTokens,
    totalCost: s.totalCost,
    completedAt: s.completedAt?.toISOString() ?? null,
    // A cancel its writer never finalised, or a run stored without a start time or a duration: not 0 s, not known.
    durationSeconds: knownDurationSeconds(s),
  };
}

/** A finished run's summary as a comparable string: a change of it (not of its name) gives run.updated. */
function summaryKey(s: RunSnapshot): string {
  return JSON.stringify(summaryOf(s));
}

function finishedEvent(s: RunSnapshot, at: string): RunFinishedEvent {
  return { type: 'run.finished', runId: s.id, runName: s.name, ...summaryOf(s), at };
}

function updatedEvent(s: RunSnapshot, at: string): RunUpdatedEvent {
  return { type: 'run.updated', runId: s.id, runName: s.name, ...summaryOf(s), at };
}

function deletedEvent(runId: string, runName: string, at: string): RunDeletedEvent {
  return { type: 'run.deleted', runId, runName, at };
}
