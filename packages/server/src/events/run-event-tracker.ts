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

/**
 * A run read finished: its summary as last read, whether its run.finished went out, its name and project as last read,
 * and when it was created (ms): which run stored under the id this is.
 */
interface ReportedRun {
  summary: string;
  finishedSent: boolean;
  name: string;
  projectId: string | null;
  createdAt: number;
}

/**
 * What one read says of one run stored under an id: whether its creation was read, and its deletion. A read may tell of
 * two runs under one id (one deleted, then another stored under its id): a creation after a deletion starts the next.
 */
interface Incarnation {
  created: boolean;
  deletion?: RunChange;
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
 * A run deleted and stored again under its id is another run: the old one's run.deleted, then the new one's run.created
 * (and what follows), whether one read holds both changes or they come in different reads. A row read whose creation
 * time is not that of the run known under its id is the next run's, read before its signals: it waits for them.
 * Each event's run project (projectOf) scopes it: the old and the new run under one id may be in different projects.
 * `abandoned` is not an event: storage derives it when readers look (the writer's heartbeat stopped); the run stays
 * running here until something settles it (recovery gives run.finished with status failed).
 */
export class RunEventTracker {
  private readonly tracked = new Map<string, TrackedRun>();
  /**
   * Runs read finished, with their summary as last read and whether their run.finished went out (a run that had ended
   * before this server started did not).
   */
  private readonly reported: BoundedMap<ReportedRun>;
  /** Runs whose deletion was reported, never reported twice — until another run is stored under the id. */
  private readonly deleted: BoundedSet;
  private readonly progressIntervalMs: number;
  private readonly maxTracked: number;
  private readonly maxReported: number;
  private readonly startedAt: number;
  /** Runs whose creation was read after their row was gone: run.created is still owed, from the deletion's snapshot. */
  private readonly createdUnseen: BoundedSet;
  /** Followed runs whose row vanished before their deletion signal was read, and since when (ms). */
  private readonly vanished = new Map<string, number>();
  /** The project of the run each event tells of (null: none); an event not in it: not known (the hub then sends it to '*' only). */
  private readonly projects = new WeakMap<RunEvent, string | null>();

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

  /**
   * The project of the run an event tells of, as this tracker read it (null: a run without one; undefined: not known).
   * By event, not by run id: one read may tell of a deleted run and of another stored under its id since.
   */
  projectOf(event: RunEvent): string | null | undefined {
    return this.projects.get(event);
  }

  /** The events of one read: the changes (in commit order) and the rows of the runs they name, read after them. */
  apply(changes: readonly RunChange[], snapshots: ReadonlyMap<string, RunSnapshot>, now = Date.now()): RunEvent[] {
    const runs = new Map<string, Incarnation[]>();
    for (const change of changes) {
      let incarnations = runs.get(change.runId);
      if (!incarnations) runs.set(change.runId, (incarnations = [{ created: false }]));
      let current = incarnations[incarnations.length - 1]!;
      // An id is stored again only after its run was deleted: what follows is the new run's.
      if (change.kind === 'created' && current.deletion) incarnations.push((current = { created: false }));
      if (change.kind === 'created') current.created = true;
      if (change.kind === 'deleted') current.deletion = change;
    }
    const events: RunEvent[] = [];
    const at = new Date(now).toISOString();
    for (const [id, incarnations] of runs) {
      const snapshot = snapshots.get(id);
      incarnations.forEach((run, i) => {
        const last = i === incarnations.length - 1;
        // The row read belongs to the last run read of the id, unless that one was deleted too (then to a later one).
        const row = last && !run.deletion ? snapshot : undefined;
        if (run.created) this.stored(id, run.deletion?.snapshot ?? row, events, at);
        if (run.deletion) this.deletedRun(id, run.created, run.deletion, events, at);
        else if (!row) this.vanishedRow(id, run.created, now);
        else this.read(id, run.created, row, events, now, at);
      });
    }
    return events;
  }

  /**
   * A run's creation was read. If the run known under its id is not reported deleted and the new one was created at
   * another time (the old run's deletion signal was lost, or its writer sent none), the old one's run.deleted goes
   * first. The same creation time (or no row to tell by): the creation of the run known already, read again (a
   * resynchronisation and its notification).
   */
  private stored(id: string, row: RunSnapshot | undefined, events: RunEvent[], at: string): void {
    if (this.deleted.has(id)) {
      this.deleted.delete(id);
      return;
    }
    const known = this.knownRun(id);
    if (!known || !row || known.createdAt === row.createdAt.getTime()) return;
    events.push(this.scoped(deletedEvent(id, known.name, at), known.projectId));
    this.forgetRun(id);
    this.reported.delete(id);
  }

  /** A run's deletion was read: what was not sent of it yet, then its run.deleted (once). */
  private deletedRun(id: string, created: boolean, deletion: RunChange, events: RunEvent[], at: string): void {
    if (this.deleted.has(id)) return;
    const tracked = this.tracked.get(id);
    const known = this.knownRun(id);
    if (deletion.snapshot) events.push(...this.unseen(id, created || this.createdUnseen.has(id), deletion.snapshot, tracked, at));
    // The project the deletion recorded (what the run was in when deleted), else the one last read.
    const project = deletion.projectId !== undefined ? deletion.projectId : known?.projectId;
    events.push(this.scoped(deletedEvent(id, deletion.runName || known?.name || '', at), project));
    this.markDeleted(id);
  }

  /** No row read for a run that was not deleted in this read: its deletion (committed with it) comes in a later read. */
  private vanishedRow(id: string, created: boolean, now: number): void {
    if (this.deleted.has(id)) return;
    const tracked = this.tracked.get(id);
    if (created && !tracked) this.createdUnseen.add(id);
    // A run read finished whose row vanished too: after lost notifications its deletion signal never comes.
    if ((tracked || this.reported.has(id)) && !this.vanished.has(id)) this.vanished.set(id, now);
  }

  /** A run's row as read after its changes: what changed since it was last read. */
  private read(id: string, created: boolean, snapshot: RunSnapshot, events: RunEvent[], now: number, at: string): void {
    const known = this.knownRun(id);
    if (!created && known && known.createdAt !== snapshot.createdAt.getTime()) {
      // Another run stored under the id since the one known was deleted, read before those changes' signals: they say
      // it (its deletion, then its creation) in a later read. Should they be lost, the old run ends after the grace.
      if (!this.vanished.has(id)) this.vanished.set(id, now);
      return;
    }
    if (!created && this.deleted.has(id)) {
      // A row under an id whose run was reported deleted is another run; its creation signal was lost (a
      // resynchronisation names it as changed): it is announced now.
      this.deleted.delete(id);
      created = true;
    }
    const tracked = this.tracked.get(id);
    this.vanished.delete(id);
    if (created && !tracked && !this.reported.has(id)) events.push(this.scoped(createdEvent(snapshot, at), snapshot.projectId));
    if (snapshot.status === 'running') {
      if (!tracked) {
        const run: TrackedRun = {
          latest: snapshot,
          rateBase: created ? { items: 0, at: now } : null,
          sentItems: created ? 0 : -1,
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
      return;
    }
    const endedAfterStart = (snapshot.completedAt?.getTime() ?? 0) >= this.startedAt - START_SLACK_MS;
    const summary = summaryKey(snapshot);
    const last = this.reported.get(id);
    let finishedSent = last?.finishedSent ?? false;
    if (tracked || created || (last === undefined && endedAfterStart)) {
      events.push(this.scoped(finishedEvent(snapshot, at), snapshot.projectId));
      finishedSent = true;
    } else if (last !== undefined && last.summary !== summary) {
      // A run first read finished but not announced (ended before this server started, or cancelled and not yet
      // finalised) whose summary changes now gets its run.finished; one announced gets run.updated.
      events.push(this.scoped(last.finishedSent ? updatedEvent(snapshot, at) : finishedEvent(snapshot, at), snapshot.projectId));
      finishedSent = true;
    }
    this.forgetRun(id);
    this.reported.set(id, { summary, finishedSent, name: snapshot.name, projectId: snapshot.projectId, createdAt: snapshot.createdAt.getTime() });
  }

  /** The run known under an id (followed, or read finished): its name, project and creation time as last read. */
  private knownRun(id: string): { name: string; projectId: string | null; createdAt: number } | undefined {
    const tracked = this.tracked.get(id);
    if (tracked) return { name: tracked.latest.name, projectId: tracked.latest.projectId, createdAt: tracked.latest.createdAt.getTime() };
    return this.reported.get(id);
  }

  /** Its run.deleted went out: nothing of the run is kept but that, so a run stored again under its id is a new one. */
  private markDeleted(id: string): void {
    this.forgetRun(id);
    this.reported.delete(id);
    this.createdUnseen.delete(id);
    this.deleted.add(id);
  }

  private scoped<E extends RunEvent>(event: E, projectId: string | null | undefined): E {
    if (projectId !== undefined) this.projects.set(event, projectId);
    return event;
  }

  /**
   * The run.created and run.finished of a deleted run not sent yet, from the run as its deletion recorded it: created
   * when its creation was read but never sent (the row was already gone), finished when it had ended and that was not
   * reported (by the rule of a run read finished, as in apply).
   */
  private unseen(id: string, createdUnsent: boolean, gone: RunSnapshot, tracked: TrackedRun | undefined, at: string): RunEvent[] {
    const events: RunEvent[] = [];
    if (this.reported.has(id)) return events;
    if (createdUnsent && !tracked) events.push(this.scoped(createdEvent(gone, at), gone.projectId));
    const endedAfterStart = (gone.completedAt?.getTime() ?? 0) >= this.startedAt - START_SLACK_MS;
    if (gone.status !== 'running' && (tracked || createdUnsent || endedAfterStart)) events.push(this.scoped(finishedEvent(gone, at), gone.projectId));
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
      const known = this.knownRun(id);
      this.forgetRun(id);
      if (this.deleted.has(id) || !known) continue;
      events.push(this.scoped(deletedEvent(id, known.name, at), known.projectId));
      this.markDeleted(id);
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
    return this.scoped<RunProgressEvent>({
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
    }, s.projectId);
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

  delete(id: string): void {
    this.entries.delete(id);
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

  delete(id: string): void {
    this.members.delete(id);
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
