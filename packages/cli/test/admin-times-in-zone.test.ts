import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// The run commands print times in the --tz zone and name it; audit list, tokens list and create, db health, projects
// retention and audit prune still printed UTC without a word. They follow --tz now too; --json stays ISO UTC.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-admin-zone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const ZONE = 'Asia/Kathmandu'; // UTC+05:45: no UTC time reads the same there
const cli = (args: string[]) => runCli([...args, '--database-url', url], { cwd: dir, env: { TZ: 'UTC' } });

/** "2026-07-02 04:15" (and ":07" with seconds) on the clocks of ZONE. */
function inZone(iso: string, seconds = false): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds ? `:${parts.second}` : ''}`;
}
const inUtc = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    const at = new Date('2026-07-01T22:30:00Z');
    await db.runs.importRun({ name: 'late-run', projectId: 'alpha', status: 'completed', metricsUsed: [], createdAt: at, startedAt: at, completedAt: at }, []);
  } finally {
    await db.close();
  }
  expect((await cli(['projects', 'set-retention', 'alpha', '90d'])).code).toBe(0);
});

describe('admin commands print times in the --tz zone and name it', () => {
  it('tokens create and tokens list', async () => {
    const created = await runCli(['tokens', 'create', '--name', 'ci', '--project', 'alpha', '--role', 'viewer', '--expires', '30d', '--tz', ZONE, '--database-url', url], { cwd: dir });
    expect(created.stderr).not.toMatch(/Unknown option/);
    expect(created.code).toBe(0);
    const json = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as { tokens: Array<{ createdAt: string; expiresAt: string }> };
    const [token] = json.tokens;
    expect(token!.expiresAt).toMatch(/Z$/);
    expect(created.stdout).toContain(`expires ${inZone(token!.expiresAt)} ${ZONE}`);
    const listed = await cli(['tokens', 'list', '--tz', ZONE]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`created (${ZONE})`);
    expect(listed.stdout).toContain(inZone(token!.createdAt));
    expect(listed.stdout).toContain(inZone(token!.expiresAt));
    expect(listed.stdout).not.toContain(inUtc(token!.createdAt));
  });

  it('audit list', async () => {
    const json = JSON.parse((await cli(['audit', 'list', '--json'])).stdout) as { entries: Array<{ at: string }> };
    const listed = await cli(['audit', 'list', '--tz', ZONE]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`at (${ZONE})`);
    expect(listed.stdout).toContain(inZone(json.entries[0]!.at, true));
    expect(listed.stdout).not.toContain(inUtc(json.entries[0]!.at));
  });

  it('projects retention', async () => {
    const json = JSON.parse((await cli(['projects', 'retention', '--json'])).stdout) as { policies: Array<{ updatedAt: string }> };
    expect(json.policies[0]!.updatedAt).toMatch(/Z$/);
    const listed = await cli(['projects', 'retention', '--tz', ZONE]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`updated (${ZONE})`);
    expect(listed.stdout).toContain(inZone(json.policies[0]!.updatedAt));
  });

  it('db health', async () => {
    const health = await cli(['db', 'health', '--tz', ZONE]);
    expect(health.code).toBe(0);
    expect(health.stdout).toContain(`latest run: late-run (completed, 2026-07-02 04:15 ${ZONE})`);
  });

  it('audit prune', async () => {
    const refused = await cli(['audit', 'prune', '--before', '2026-01-01', '--tz', ZONE]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`created before 2026-01-01 00:00 ${ZONE}`);
    const pruned = await cli(['audit', 'prune', '--before', '2026-01-01', '--tz', ZONE, '--yes']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`created before 2026-01-01 00:00 ${ZONE}`);
    const json = JSON.parse((await cli(['audit', 'prune', '--before', '2026-01-01', '--tz', ZONE, '--yes', '--json'])).stdout) as { before: string };
    expect(json.before).toBe('2025-12-31T18:15:00.000Z');
  });
});
