import { spawn } from 'node:child_process';
import type { Database } from '@llm-eval/storage';
import type { CommandModule } from 'yargs';
import { serveAccessOptions, withAccessOptions, type ServeAccessArgs } from '../access/serve-access-options';
import { serveRefusal } from '../access/serve-refusal';
import { CANCEL_SIGNALS, signalExitCode, type CancelSignal } from '../cancel-on-signals';
import { inMemoryDatabaseUrl, missingSqliteFile, openDatabase } from '../database';
import { CliError } from '../errors';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { server as serverLibrary, web as webLibrary } from '../libraries';
import { MAX_TIMER_MS, numeric } from '../numeric-option';
import { keepRunningWithoutOutput, note, print, printJson } from '../output/print';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions, ServeAccessArgs {
  port: number;
  host: string;
  bodyIdleTimeout?: number;
  open?: boolean;
  dashboard: boolean;
}

const DEFAULT_PORT = 3100;
const DEFAULT_HOST = '127.0.0.1';
/** The server's own default bodyIdleTimeoutMs, for --help (the server is not loaded to build it). */
const DEFAULT_BODY_IDLE_TIMEOUT_MS = 30_000;

/**
 * The database as the start line shows it: a SQLite file as its absolute path (the URL may have been relative to a
 * directory the reader does not know), anything else as the password-free URL storage keeps.
 */
function shownDatabase(db: Database): string {
  const { config } = db;
  if (config.type === 'sqlite' && config.database !== ':memory:') return `sqlite:///${config.database}`;
  return config.redactedUrl;
}

/** Why listening failed, in words that say what to do. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new CliError(`port ${port} is in use: pass --port <n> or stop the other server`);
  if (error.code === 'EACCES') {
    return new CliError(`not allowed to listen on port ${port} (ports below 1024 need privileges): pass --port <n> above 1023`);
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new CliError(`cannot listen on ${host}: it is not an address of this machine; leave out --host to use ${DEFAULT_HOST}`, 2);
  }
  return error;
}

/** Opens `url` in the default browser; a failure is a note (the server keeps running), never an error. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const failed = (why: string) => note(`note: could not open a browser (${why}); open ${url} yourself`);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', (error: NodeJS.ErrnoException) => failed(error.code === 'ENOENT' ? `${command} was not found` : error.message));
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) failed(`${command} exited with ${code}`);
    });
    child.unref();
  } catch (error) {
    failed((error as Error).message);
  }
}

/**
 * Resolves with the first SIGINT, SIGTERM or SIGHUP: the server is then stopped on purpose. A second signal while it
 * closes quits at once (with the signal's exit code), for a close that waits on a client that never finishes.
 */
function untilStopSignal(): { stopped: Promise<CancelSignal>; dispose(): void } {
  let first: CancelSignal | undefined;
  let resolve!: (signal: CancelSignal) => void;
  const stopped = new Promise<CancelSignal>((r) => (resolve = r));
  const onSignal = (signal: CancelSignal) => {
    if (first) {
      note(`${signal} again: quitting now`);
      process.exit(signalExitCode(signal));
    }
    first = signal;
    note(`\n${signal}: stopping the server (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit now)`);
    resolve(signal);
  };
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal);
  return { stopped, dispose: () => CANCEL_SIGNALS.forEach((signal) => process.off(signal, onSignal)) };
}

/**
 * The built dashboard of the installed @llm-eval/web, or undefined with a note when it is missing (a source checkout
 * that was not built): the API is served either way.
 */
function dashboardDirectory(): string | undefined {
  // A dashboard built elsewhere (a development build, a fork): served instead of the installed one.
  const override = process.env.LLM_EVAL_DASHBOARD_DIR?.trim();
  if (override) return override;
  try {
    const { dashboardDir, hasDashboard } = webLibrary();
    if (hasDashboard()) return dashboardDir;
    note(`note: the dashboard is not built (${dashboardDir} has no index.html); serving the API only. Build it with: pnpm --filter @llm-eval/web build`);
  } catch {
    note('note: @llm-eval/web is not installed; serving the API only (npm install @llm-eval/web for the dashboard)');
  }
  return undefined;
}

/** `llm-eval serve` (alias `view`) */
export const serveCommand: CommandModule<GlobalOptions, Args> = {
  command: 'serve',
  aliases: ['view'],
  describe: 'Serve the runs over HTTP: the web dashboard (/), the REST API (/api/v1), live run events and the API docs (/api/docs)',
  builder: (y) =>
    withAccessOptions(
      y
        .option('port', { ...numeric('--port', { integer: true, min: 0, max: 65_535 }), default: DEFAULT_PORT, describe: 'Port to listen on (0 picks a free one)' })
        .option('host', {
          type: 'string',
          default: DEFAULT_HOST,
          requiresArg: true,
          describe: 'Address to listen on; an address other than loopback (127.0.0.1, ::1, localhost) needs --auth or --trusted-proxy',
          coerce: (value: unknown) => {
            if (Array.isArray(value)) throw new CliError(`--host was given ${value.length} times; give it once.`, 2);
            const host = String(value).trim();
            if (host === '') throw new CliError('--host must be an address such as 127.0.0.1, ::1 or localhost.', 2);
            return host;
          },
        })
        .option('body-idle-timeout', {
          // In ms, as every other timeout flag of the CLI (evaluate --timeout, worker --load-timeout). At least a second:
          // a body pausing for less is an ordinary network hiccup; at most what Node's timers hold.
          ...numeric('--body-idle-timeout', { integer: true, min: 1_000, max: MAX_TIMER_MS, unit: 'milliseconds' }),
          describe:
            `Ms a request body may stall, no byte arriving, before the request is answered 408 and its connection closed ` +
            `(1,000–2,147,483,647; default ${DEFAULT_BODY_IDLE_TIMEOUT_MS.toLocaleString('en-US')}); a slow but steady upload is never cut`,
        })
        .option('open', { type: 'boolean', describe: 'Open the dashboard in the browser once listening' })
        .option('dashboard', { type: 'boolean', default: true, describe: 'Serve the web dashboard at / (--no-dashboard: the API only)' }),
    )
      .example('$0 serve', `http://${DEFAULT_HOST}:${DEFAULT_PORT}, over ./llm_eval_runs.db`)
      .example('$0 view --port 0', 'on a free port (printed)')
      .example('curl -s http://127.0.0.1:3100/api/v1/runs/latest', 'from another terminal')
      .example('$0 serve --host 0.0.0.0 --auth', 'for a team: API tokens required')
      .example('$0 serve --trusted-proxy 10.0.0.5', 'single sign-on behind a proxy at 10.0.0.5')
      .example('$0 serve --body-idle-timeout 120000', 'clients on slow links may pause a request body for 2 minutes'),
  handler: handle<Args>(async (argv) => {
    keepRunningWithoutOutput();
    // Fastify and the routes load only now, so `llm-eval --help` and every other command stay as quick as before.
    const access = serveAccessOptions(argv);
    const { createServer, ServerConfigError } = serverLibrary();
    const signals = untilStopSignal();
    let db: Database | undefined;
    let server: Awaited<ReturnType<typeof createServer>> | undefined;
    try {
      // The CLI opens the database itself, so a bad or unreachable database gets the message (naming
      // --database-url or LLM_EVAL_DATABASE_URL) and the exit code of every other command.
      // Unlike the read commands, serve may start on a new SQLite file (a first dashboard, empty until runs come): it
      // says so, so a mistyped path does not pass for an empty database.
      const creates = missingSqliteFile(argv) !== undefined;
      db = await openDatabase(argv);
      const dashboard = argv.dashboard ? dashboardDirectory() : undefined;
      server = await createServer({
        dashboard,
        database: db,
        host: argv.host,
        port: argv.port,
        ...(argv.bodyIdleTimeout !== undefined ? { bodyIdleTimeoutMs: argv.bodyIdleTimeout } : {}),
        ...access,
        // Requests that fail inside the server (a 500) are logged to stderr; --verbose logs every request.
        logger: { level: argv.verbose ? 'info' : 'error', stream: process.stderr },
      }).catch((error: unknown) => {
        throw serveRefusal(error);
      });
      let url: string;
      try {
        url = await server.listen();
      } catch (error) {
        if (error instanceof ServerConfigError) throw serveRefusal(error);
        throw listenError(error as NodeJS.ErrnoException, argv.host, argv.port);
      }
      // Unlike the other commands, serve may use an in-memory database (a throwaway demo: runs sent to its API are
      // served until it stops), so it is a warning rather than a refusal.
      const memory = inMemoryDatabaseUrl(argv);
      if (memory !== undefined) {
        note(
          `llm-eval: warning: ${memory} is an in-memory database: its runs live only as long as this server process; ` +
            'to keep them, use a file URL such as sqlite:///./llm_eval_runs.db (--database-url or LLM_EVAL_DATABASE_URL).',
        );
      }
      if (creates) {
        note(`Created a new database at ${db.config.database} (no file was there; if you meant an existing one, check --database-url or LLM_EVAL_DATABASE_URL).`);
      }
      const database = shownDatabase(db);
      const home = dashboard ? `${url}/` : null;
      const auth = access.auth ?? 'off';
      const trustedProxies = access.trustedProxy?.addresses ?? [];
      if (argv.json) {
        printJson({ url, database, createdDatabase: creates, dashboard: home, api: `${url}/api/v1`, docs: `${url}/api/docs`, openapi: `${url}/api/openapi.json`, auth, trustedProxies });
      } else {
        print(`llm-eval serving ${database} at ${url}  (${dashboard ? 'dashboard /, ' : ''}API /api/v1, docs /api/docs; Ctrl-C to stop)`);
        if (auth === 'tokens') print(`Authentication: API tokens (Authorization: Bearer <token>; create one with ${onSameDatabase('tokens create')}).`);
        if (trustedProxies.length) print(`Single sign-on: the user header of ${trustedProxies.join(', ')} is believed.`);
      }
      if (argv.open) openBrowser(home ?? `${url}/api/docs`);

      await signals.stopped;
      return 0; // stopped on purpose
    } finally {
      // Closing the server ends its event streams and stops its change watcher; the database is the CLI's to close.
      await server?.close();
      await db?.close();
      signals.dispose();
    }
  }),
};
