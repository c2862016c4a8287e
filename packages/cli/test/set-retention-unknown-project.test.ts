import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `projects set-retention nope 90d` exited 0 for a project that does not exist (`projects show nope` says so): a typo
// in the project id silently protected nothing, and the policy waited for a project of that name. It is refused now.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-retention-unknown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database-url', url], { cwd: dir });

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    await db.runs.importRun({ name: 'first', projectId: 'alpha', status: 'completed', metricsUsed: [] }, []);
  } finally {
    await db.close();
  }
});

describe('projects set-retention', () => {
  it('refuses a project that does not exist (exit 1), naming it and how to list projects; nothing is set or audited', async () => {
    for (const json of [[], ['--json']]) {
      const r = await cli('projects', 'set-retention', 'alpah', '90d', ...json);
      expect(r.stderr).toBe('llm-eval: Project alpah does not exist, so no retention policy was set; see llm-eval projects list --database-url <the same URL>\n');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
    }
    expect(JSON.parse((await cli('projects', 'retention', '--json')).stdout).policies).toEqual([]);
    const audit = JSON.parse((await cli('audit', 'list', '--json')).stdout).entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).not.toContain('retention.set');
  });

  it('sets the policy of a project that exists', async () => {
    const r = await cli('projects', 'set-retention', 'alpha', '90d');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse((await cli('projects', 'retention', '--json')).stdout).policies).toEqual([expect.objectContaining({ projectId: 'alpha', maxAgeDays: 90 })]);
  });
});
