/** Most runs whose project is remembered (the least recently noted are forgotten first). */
const MAX_REMEMBERED = 100_000;

/**
 * Each run's project as last seen, so every live event — run.progress, run.finished and run.deleted carry no project
 * — goes only to clients whose scope holds it. The change watcher notes every run row it reads, and the project a
 * deletion signal recorded (the row is gone by the time the deletion is read; whichever process deleted it). A run
 * never seen, whose deletion recorded no project (a signal of an older writer), has no known project: its events go
 * to clients of every project only.
 */
export class RunProjects {
  private readonly projects = new Map<string, string | null>();

  /** Remembers a run's project (null: a run without one). */
  note(runId: string, projectId: string | null): void {
    this.projects.delete(runId);
    this.projects.set(runId, projectId);
    if (this.projects.size > MAX_REMEMBERED) this.projects.delete(this.projects.keys().next().value!);
  }

  /** The run's project: a project id, null for none, undefined when not known. */
  get(runId: string): string | null | undefined {
    return this.projects.has(runId) ? this.projects.get(runId)! : undefined;
  }

  /** Forgets a run (after its deletion was published). */
  forget(runId: string): void {
    this.projects.delete(runId);
  }
}
