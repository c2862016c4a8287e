import { Writable } from 'node:stream';
import { ApiToken } from '@llm-eval/models';
import type { Database, ItemInput } from '@llm-eval/storage';

/** A run the tests name: its id and its (unique, searchable) name. */
export interface NamedRun {
  id: string;
  name: string;
}

/** The tokens of the isolation tests, by what they stand for, each with its secret. */
export interface WorldTokens {
  /** Viewer of project alpha. */
  viewer: string;
  /** Editor of project beta only: "a token of another project" for alpha's runs. */
  other: string;
  /** Editor of project alpha. */
  editor: string;
  /** Admin of every project. */
  admin: string;
  /** An alpha editor token, revoked. */
  revoked: string;
  /** An alpha editor token whose expiry has passed. */
  expired: string;
}

/** Runs and tokens seeded for the isolation tests. */
export interface World {
  tokens: WorldTokens;
  /** Alpha's completed runs (a pair over the same items, for compare). */
  alpha: NamedRun;
  alpha2: NamedRun;
  /** Beta's completed run. */
  beta: NamedRun;
  /** A run without a project: seen only by '*' principals. */
  loose: NamedRun;
  /** Every secret the world created: none may appear in a log, an error or any body but the one that created it. */
  secrets: string[];
  /** Text that must never reach a principal outside alpha: alpha's run ids and names. */
  alphaMarks(): string[];
  /** A new running alpha run (for routes that finish, cancel or delete the run they name). */
  freshAlphaRun(label: string): Promise<NamedRun>;
}

const items = (prefix: string, n: number): ItemInput[] =>
  Array.from({ length: n }, (_, i) => ({
    itemId: `${prefix}-${i}`,
    sequenceNumber: i,
    input: `question ${i}`,
    actualOutput: `answer ${i}`,
    status: 'completed' as const,
    responseTime: 0.25 + i / 100,
    scores: { exact_match: i % 3 !== 0, f1: (i % 10) / 10 },
  }));

/** Seeds projects alpha and beta, a run without a project, and one token per kind of caller. */
export async function seedWorld(db: Database, tag: string): Promise<World> {
  const seed = async (name: string, projectId: string | null) => {
    const run = await db.runs.importRun(
      { name, projectId, status: 'completed', metricsUsed: ['exact_match', 'f1'], modelName: `model-of-${name}`, datasetName: `data-of-${name}`, tags: [`tag-of-${name}`] },
      items('q', 12),
    );
    return { id: run.id, name: run.name };
  };
  const alpha = await seed(`alpha-secret-run-${tag}`, 'alpha');
  const alpha2 = await seed(`alpha-second-run-${tag}`, 'alpha');
  const beta = await seed(`beta-run-${tag}`, 'beta');
  const loose = await seed(`loose-run-${tag}`, null);
  const freshRuns: NamedRun[] = [];

  const create = async (name: string, role: 'viewer' | 'editor' | 'admin', projects: '*' | string[]) =>
    db.tokens.create({ name: `${name}-${tag}`, role, projects, createdBy: 'test' });
  const viewer = await create('viewer', 'viewer', ['alpha']);
  const other = await create('other', 'editor', ['beta']);
  const editor = await create('editor', 'editor', ['alpha']);
  const admin = await create('admin', 'admin', '*');
  const revoked = await create('revoked', 'editor', ['alpha']);
  await db.tokens.revoke(revoked.token.id);
  const expired = await create('expired', 'editor', ['alpha']);
  await db.dataSource.getRepository(ApiToken).update({ id: expired.token.id }, { expiresAt: new Date(Date.now() - 60_000) });

  const tokens: WorldTokens = {
    viewer: viewer.secret,
    other: other.secret,
    editor: editor.secret,
    admin: admin.secret,
    revoked: revoked.secret,
    expired: expired.secret,
  };
  return {
    tokens,
    alpha,
    alpha2,
    beta,
    loose,
    secrets: Object.values(tokens),
    alphaMarks: () => [alpha.id, alpha.name, alpha2.id, alpha2.name, ...freshRuns.flatMap((r) => [r.id, r.name])],
    async freshAlphaRun(label) {
      const now = new Date();
      const run = await db.runs.createRun({
        name: `alpha-fresh-${label}-${freshRuns.length}-${tag}`,
        projectId: 'alpha',
        status: 'running',
        startedAt: now,
        heartbeatAt: now,
        metricsUsed: ['exact_match'],
      });
      const named = { id: run.id, name: run.name };
      freshRuns.push(named);
      return named;
    },
  };
}

/** A pino destination that keeps every line, to search the logs for secrets. */
export function logCapture(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
