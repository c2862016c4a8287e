import type { Argv } from 'yargs';
import { parseIntervalMs } from '../durations';
import { CliError } from '../errors';
import { numeric } from '../numeric-option';
import { parseProjects, ROLE_CHOICES } from './access-options';

/** The flags of `llm-eval serve` that decide who may use the server. */
export interface ServeAccessArgs {
  auth?: boolean;
  trustedProxy?: string[];
  proxyUserHeader?: string;
  proxyRole?: (typeof ROLE_CHOICES)[number];
  proxyProjects?: string[];
  retentionInterval?: string;
  rateLimit?: number;
}

/** What `llm-eval serve` passes to createServer for them (the server's ServerOptions fields). */
export interface ServeAccessOptions {
  auth?: 'tokens';
  trustedProxy?: { addresses: string[]; userHeader?: string; role?: (typeof ROLE_CHOICES)[number]; projects?: '*' | string[] };
  rateLimit?: { requestsPerMinute: number };
  retentionIntervalMs?: number;
}

/** Adds the access flags to `serve`. */
export function withAccessOptions<T>(y: Argv<T>) {
  return y
    .option('auth', {
      type: 'boolean',
      describe: 'Require an API token (Authorization: Bearer <token>, from llm-eval tokens create) on every API request; also LLM_EVAL_AUTH=required',
    })
    .option('trusted-proxy', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Single sign-on: addresses of reverse proxies (oauth2-proxy, …) whose user header is believed, comma-separated',
    })
    .option('proxy-user-header', { type: 'string', requiresArg: true, describe: 'The header naming the proxy\'s user (default X-Forwarded-User)' })
    .option('proxy-role', { type: 'string', choices: ROLE_CHOICES, describe: 'The role of proxy users (default viewer)' })
    .option('proxy-projects', { type: 'string', array: true, requiresArg: true, describe: 'Projects proxy users see: ids, comma-separated, or "*" (default)' })
    .option('retention-interval', {
      type: 'string',
      requiresArg: true,
      describe: 'Apply the projects\' retention policies this often (30min, 1h, 1d); each deletion audited as server:retention',
    })
    .option('rate-limit', {
      ...numeric('--rate-limit', { integer: true, min: 1, max: 1_000_000 }),
      describe: 'Requests per minute per token, proxy user or client (answered 429 past it); default 600 with authentication, else none',
    });
}

/** Whether LLM_EVAL_AUTH asks for authentication; any value other than required, off or empty is a usage error. */
function authFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  const value = env.LLM_EVAL_AUTH?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'off') return false;
  if (value === 'required') return true;
  throw new CliError('LLM_EVAL_AUTH must be "required" (or "off", or unset).', 2);
}

const splitList = (values: string[]) => values.flatMap((v) => String(v).split(',')).map((v) => v.trim());

/** Checks the access flags and turns them into createServer's options. */
export function serveAccessOptions(argv: ServeAccessArgs, env: NodeJS.ProcessEnv = process.env): ServeAccessOptions {
  const options: ServeAccessOptions = {};
  if (argv.auth === true || (argv.auth === undefined && authFromEnvironment(env))) options.auth = 'tokens';
  if (argv.trustedProxy !== undefined) {
    const addresses = splitList(argv.trustedProxy);
    if (addresses.length === 0 || addresses.some((a) => a === '')) {
      throw new CliError('--trusted-proxy must list proxy addresses, comma-separated (e.g. 10.0.0.5,10.0.0.6); one was empty.', 2);
    }
    options.trustedProxy = { addresses: [...new Set(addresses)] };
    if (argv.proxyUserHeader !== undefined) {
      const header = String(argv.proxyUserHeader).trim();
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) throw new CliError('--proxy-user-header must be an HTTP header name such as X-Forwarded-User.', 2);
      options.trustedProxy.userHeader = header;
    }
    if (argv.proxyRole !== undefined) options.trustedProxy.role = argv.proxyRole;
    if (argv.proxyProjects !== undefined) options.trustedProxy.projects = parseProjects('--proxy-projects', argv.proxyProjects);
  } else if (argv.proxyUserHeader !== undefined || argv.proxyRole !== undefined || argv.proxyProjects !== undefined) {
    throw new CliError('--proxy-user-header, --proxy-role and --proxy-projects need --trusted-proxy <addresses>.', 2);
  }
  if (argv.rateLimit !== undefined) options.rateLimit = { requestsPerMinute: argv.rateLimit };
  if (argv.retentionInterval !== undefined) options.retentionIntervalMs = parseIntervalMs(String(argv.retentionInterval), 'retention-interval');
  return options;
}
