import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PG_ADMIN_URL } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// What the CLI says when the server or the database refuses names what a CLI user can change (a flag, an environment
// variable, a command to run), never a library option (createServer's dashboard, auth or trustedProxy).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-wording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sqliteUrl = `sqlite:///${path.join(dir, 'runs.db')}`;

describe('llm-eval serve', () => {
  it('names LLM_EVAL_DASHBOARD_DIR when the directory it names holds no built dashboard', async () => {
    const empty = path.join(dir, 'not-built');
    mkdirSync(empty);
    const r = await runCli(['serve', '--port', '0', '--database-url', sqliteUrl], { env: { LLM_EVAL_DASHBOARD_DIR: empty } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llm-eval: LLM_EVAL_DASHBOARD_DIR names ${empty}, which has no index.html: build the dashboard there ` +
        '(pnpm --filter @llm-eval/web build), point LLM_EVAL_DASHBOARD_DIR at a built one, unset it to serve the installed ' +
        'dashboard, or pass --no-dashboard to serve the API only.\n',
    );
  });

  it('names --auth and --trusted-proxy (not createServer options) when a public --host has no authentication', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--database-url', sqliteUrl], { env: { LLM_EVAL_AUTH: 'off' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^llm-eval: Refusing to listen on 0\.0\.0\.0: without authentication anyone who can reach/);
    expect(r.stderr).toContain('pass --auth (API tokens) or --trusted-proxy <addresses> (single sign-on behind a proxy)');
    expect(r.stderr).not.toMatch(/createServer|trustedProxy|auth: 'tokens'/);
  });
});

describe('a PostgreSQL database that cannot be opened', () => {
  const admin = new URL(PG_ADMIN_URL);
  const at = (database: string, port = admin.port || '5432') => {
    const url = new URL(PG_ADMIN_URL);
    url.password = 's3cret-pw';
    url.port = port;
    url.pathname = `/${database}`;
    return url.toString();
  };

  it('that does not exist: says how to create it (createdb, then llm-eval db init)', async () => {
    const r = await runCli(['runs', 'list', '--database-url', at('no_such_db_xyz')]);
    expect(r.code).toBe(1);
    const user = decodeURIComponent(admin.username || 'postgres');
    expect(r.stderr).toContain('database "no_such_db_xyz" does not exist');
    expect(r.stderr).toContain(`create it with \`createdb -h ${admin.hostname} -p ${admin.port || '5432'} -U ${user} no_such_db_xyz\`, then run \`llm-eval db init --database-url`);
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
  });

  it('whose server refuses the connection: names host:port and asks whether PostgreSQL runs', async () => {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as net.AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const url = at('llm_eval', String(port)).replace(admin.hostname, '127.0.0.1');
    const r = await runCli(['runs', 'list', '--database-url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the server at 127.0.0.1:${port} refused the connection (is PostgreSQL running there?)`);
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
  });
});
