import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { BIN, runCli, startCli, waitFor, type CliProcess, type CliProcessOptions } from './cli-process';

// `llm-eval serve` / `llm-eval view`: the BUILT binary as a subprocess (`npx tsup` in packages/server and
// packages/cli first), reached over real HTTP, stopped with real signals.

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx tsup\` in packages/server and packages/cli first.`);
});

const SERVING = /^llm-eval serving (\S+) at (http:\/\/\S+) {2}\((?:dashboard \/, )?API \/api\/v1, docs \/api\/docs; Ctrl-C to stop\)$/m;

/** A started `llm-eval serve`: the process, and what its start line said. */
interface Serving {
  cli: CliProcess;
  url: string;
  database: string;
}

/** Starts `llm-eval <args>` and waits for its start line (fails with the output if the process ends first). */
async function serve(args: string[], options: CliProcessOptions = {}): Promise<Serving> {
  const cli = startCli(args, { killAfterMs: 60_000, ...options });
  let ended = false;
  void cli.exited.then(() => (ended = true));
  await waitFor('the start line', async () => ended || SERVING.test(cli.output().stdout), 30_000);
  const match = SERVING.exec(cli.output().stdout);
  if (!match) throw new Error(`llm-eval ${args.join(' ')} did not start:\n${JSON.stringify(await cli.exited, null, 2)}`);
  return { cli, database: match[1]!, url: match[2]! };
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** Whether something accepts TCP connections at the http://host:port URL. */
function accepting(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.each(DATABASE_KINDS)('llm-eval serve on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('starts on a free port with --port 0, answers /healthz and /api/v1/health, and SIGTERM stops it with exit 0', async () => {
    const { cli, url, database: shown } = await serve(['serve', '--port', '0', '--database-url', database.url]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    if (kind === 'sqlite') expect(shown).toBe(`sqlite:///${database.url.slice('sqlite:///'.length)}`);
    // No password in it; its user name is hidden as a credential of the URL.
    else expect(shown).toBe(database.url.replace(/^(postgres(?:ql)?:\/\/)[^@/]+@/, '$1***@'));

    expect(await getJson(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    const health = await getJson(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, backend: kind, reachable: true, pendingMigrations: [] });

    cli.child.kill('SIGTERM');
    const outcome = await cli.exited;
    expect({ code: outcome.code, signal: outcome.signal, killedByTest: outcome.killedByTest }).toEqual({ code: 0, signal: null, killedByTest: false });
    expect(outcome.stderr).toContain('SIGTERM: stopping');
    expect(await accepting(url)).toBe(false);
  });

  it('`llm-eval view` is the same command, and Ctrl-C (SIGINT) stops it with exit 0', async () => {
    const { cli, url } = await serve(['view', '--port', '0', '--database-url', database.url]);
    expect(await getJson(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    cli.child.kill('SIGINT');
    const outcome = await cli.exited;
    expect({ code: outcome.code, killedByTest: outcome.killedByTest }).toEqual({ code: 0, killedByTest: false });
    expect(await accepting(url)).toBe(false);
  });

  it('SIGTERM ends a live event stream a client holds open, and still exits 0', async () => {
    const { cli, url } = await serve(['serve', '--port', '0', '--database-url', database.url]);
    const response = await fetch(`${url}/api/v1/events`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const streamEnded = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // a reset connection ends it too
      }
      return true;
    })();
    cli.child.kill('SIGTERM');
    const outcome = await cli.exited;
    expect({ code: outcome.code, killedByTest: outcome.killedByTest }).toEqual({ code: 0, killedByTest: false });
    expect(await streamEnded).toBe(true);
  });

  it('serves the built dashboard at / and at every page path, next to the API; --no-dashboard serves the API only', async () => {
    const { cli, url } = await serve(['serve', '--port', '0', '--database-url', database.url]);
    expect(cli.output().stdout).toContain('(dashboard /, API /api/v1');
    for (const page of ['/', '/runs/latest', '/compare?a=latest~1&b=latest']) {
      const response = await fetch(url + page);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<div id="root">');
      // Every script and stylesheet is served by this server: nothing from a CDN.
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((a) => !a.startsWith('data:'));
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        expect(asset).toMatch(/^\/assets\//);
        expect((await fetch(url + asset)).status).toBe(200);
      }
    }
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);

    const apiOnly = await serve(['serve', '--port', '0', '--no-dashboard', '--database-url', database.url]);
    expect(apiOnly.cli.output().stdout).toContain('(API /api/v1');
    expect((await fetch(`${apiOnly.url}/`)).status).toBe(404);
    apiOnly.cli.child.kill('SIGTERM');
    expect((await apiOnly.cli.exited).code).toBe(0);
  });

  it('--json prints the addresses as JSON', async () => {
    const cli = startCli(['serve', '--port', '0', '--json', '--database-url', database.url]);
    let info: Record<string, any> | undefined;
    await waitFor('the JSON start document', async () => {
      try {
        info = JSON.parse(cli.output().stdout);
        return true;
      } catch {
        return false;
      }
    }, 30_000);
    expect(Object.keys(info!).sort()).toEqual(['api', 'auth', 'createdDatabase', 'dashboard', 'database', 'docs', 'openapi', 'trustedProxies', 'url']);
    expect(info!.createdDatabase).toBe(false);
    expect(info!.auth).toBe('off');
    expect(info!.dashboard).toBe(`${info!.url}/`);
    expect(info!.api).toBe(`${info!.url}/api/v1`);
    const openapi = await getJson(info!.openapi!);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });
});

describe('llm-eval serve on a SQLite path where no file is', () => {
  // Every read command refuses such a path; serve may start a first, empty dashboard there, but a mistyped path must
  // not pass for an empty database: it says that it created one, and where.
  it('creates the database and says so; an existing file gets no such line', async () => {
    const file = path.join(dir, 'new-folder', 'nope.db');
    const { cli } = await serve(['serve', '--port', '0', '--database-url', `sqlite:///${file}`]);
    await waitFor('the created-database note', async () => cli.output().stderr.includes('Created a new database'), 10_000);
    expect(cli.output().stderr).toContain(
      `Created a new database at ${file} (no file was there; if you meant an existing one, check --database-url or LLM_EVAL_DATABASE_URL).`,
    );
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    expect(existsSync(file)).toBe(true);

    const again = startCli(['serve', '--port', '0', '--json', '--database-url', `sqlite:///${file}`]);
    let info: Record<string, any> | undefined;
    await waitFor('the JSON start document', async () => {
      try {
        info = JSON.parse(again.output().stdout);
        return true;
      } catch {
        return false;
      }
    }, 30_000);
    expect(info!.createdDatabase).toBe(false);
    again.child.kill('SIGTERM');
    const outcome = await again.exited;
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).not.toContain('Created a new database');
  });
});

describe('llm-eval serve with a PostgreSQL password in the URL', () => {
  const database = useEmptyDatabase('postgres');
  const withPassword = (url: string, dbName?: string) => {
    const parsed = new URL(url);
    parsed.password = 's3cret-pw'; // trust authentication accepts any password
    if (dbName) parsed.pathname = `/${dbName}`;
    return parsed.toString();
  };

  it('serves without printing the password', async () => {
    const { cli, url, database: shown } = await serve(['serve', '--port', '0', '--database-url', withPassword(database.url)]);
    expect(shown).toContain(':***@');
    expect((await getJson(`${url}/api/v1/health`)).body.url).not.toContain('s3cret-pw');
    cli.child.kill('SIGTERM');
    const outcome = await cli.exited;
    expect(outcome.code).toBe(0);
    expect(outcome.stdout + outcome.stderr).not.toContain('s3cret-pw');
  });

  it('a database that does not exist: exit 1, the message of every other command, no password', async () => {
    const url = withPassword(database.url, 'llm_eval_no_such_database');
    const served = await runCli(['serve', '--port', '0', '--database-url', url], { killAfterMs: 30_000 });
    const listed = await runCli(['runs', 'list', '--database-url', url], { killAfterMs: 30_000 });
    expect(served.code).toBe(1);
    expect(served.stdout).toBe('');
    expect(served.stderr).toContain('llm_eval_no_such_database');
    expect(served.stderr).toBe(listed.stderr);
    expect(served.stdout + served.stderr).not.toContain('s3cret-pw');
  });

  it('a malformed URL is a usage error (exit 2) that does not echo the password', async () => {
    const outcome = await runCli(['serve', '--port', '0', '--database-url', 'postgres://u:s3cret-pw@[bad/x'], { killAfterMs: 30_000 });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--database-url');
    expect(outcome.stdout + outcome.stderr).not.toContain('s3cret-pw');
  });
});

describe('llm-eval serve refuses what it cannot do safely', () => {
  const sqliteUrl = `sqlite:///${path.join(dir, 'refusals.db')}`;

  it.each(['0.0.0.0', '::', '192.0.2.10'])('--host %s without authentication: exit 2, naming authentication, nothing served', async (host) => {
    const outcome = await runCli(['serve', '--host', host, '--port', '0', '--database-url', sqliteUrl], { killAfterMs: 30_000 });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^llm-eval: Refusing to listen on .*authentication/);
    expect(outcome.stderr).toContain('127.0.0.1');
  });

  it('a port in use: exit 1 saying what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const outcome = await runCli(['serve', '--port', String(port), '--database-url', sqliteUrl], { killAfterMs: 30_000 });
      expect({ code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr }).toEqual({
        code: 1,
        stdout: '',
        stderr: `llm-eval: port ${port} is in use: pass --port <n> or stop the other server\n`,
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([['abc'], ['-1'], ['65536'], ['3100.5'], ['']])('--port %j: a usage error (exit 2) naming --port', async (port) => {
    const outcome = await runCli(['serve', '--port', port, '--database-url', sqliteUrl], { killAfterMs: 30_000 });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--port must be a whole number from 0 to 65,535');
  });

  it('an empty --host is a usage error', async () => {
    const outcome = await runCli(['serve', '--host', ' ', '--database-url', sqliteUrl], { killAfterMs: 30_000 });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--host must be an address');
  });
});

describe('llm-eval serve --open', () => {
  const sqliteUrl = `sqlite:///${path.join(dir, 'open.db')}`;

  it('opens the dashboard with the system opener (xdg-open here)', async () => {
    const bin = mkdtempSync(path.join(dir, 'bin-'));
    const record = path.join(bin, 'opened.txt');
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > '${record}'\n`);
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    const { cli, url } = await serve(['serve', '--port', '0', '--open', '--database-url', sqliteUrl], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    await waitFor('xdg-open to be called', async () => existsSync(record) && readFileSync(record, 'utf8').includes('\n'), 10_000);
    expect(readFileSync(record, 'utf8')).toBe(`${url}/\n`);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('a missing opener is a note, and the server keeps serving', async () => {
    const empty = mkdtempSync(path.join(dir, 'empty-path-'));
    const { cli, url } = await serve(['serve', '--port', '0', '--open', '--database-url', sqliteUrl], { env: { PATH: empty } });
    await waitFor('the note', async () => cli.output().stderr.includes('could not open a browser'), 10_000);
    expect(cli.output().stderr).toContain(`open ${url}/ yourself`);
    expect(await getJson(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });
});

describe('Fastify loads only for llm-eval serve', () => {
  // A preloaded script lists, as the process exits, the server package and Fastify files it loaded (both are
  // CommonJS, so every load, from require or import, is in the module cache).
  const tracer = path.join(dir, 'trace-loads.cjs');
  beforeAll(() =>
    writeFileSync(
      tracer,
      `process.on('exit', () => require('fs').writeFileSync(process.env.TRACE_OUT, JSON.stringify(Object.keys(require.cache).filter((f) => /[\\\\/](fastify|@fastify|server[\\\\/]dist)[\\\\/]/.test(f)))));\n`,
    ),
  );
  const loadedBy = async (args: string[], stop?: boolean): Promise<string[]> => {
    const out = path.join(dir, `loads-${args[0]}-${Date.now()}.json`);
    const env = { NODE_OPTIONS: `--require ${tracer}`, TRACE_OUT: out };
    if (stop) {
      const { cli } = await serve(args, { env });
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    } else {
      expect((await runCli(args, { env })).code).toBe(0);
    }
    return JSON.parse(readFileSync(out, 'utf8')) as string[];
  };

  it('--help and `runs list` load neither @llm-eval/server nor Fastify; serve does', async () => {
    const sqliteUrl = `sqlite:///${path.join(dir, 'lazy.db')}`;
    // runs list reads an existing database only (it no longer creates one at a path that has none).
    expect((await runCli(['db', 'init', '--database-url', sqliteUrl])).code).toBe(0);
    expect(await loadedBy(['--help'])).toEqual([]);
    expect(await loadedBy(['runs', 'list', '--database-url', sqliteUrl])).toEqual([]);
    const served = await loadedBy(['serve', '--port', '0', '--database-url', sqliteUrl], true);
    expect(served.some((f) => /[\\/]fastify[\\/]fastify\.js$/.test(f))).toBe(true);
    expect(served.some((f) => /[\\/]server[\\/]dist[\\/]index\.cjs$/.test(f))).toBe(true);
  });
});
