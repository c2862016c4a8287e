import { CliError } from '../errors';
import { server as serverLibrary } from '../libraries';

/**
 * A refusal of the server (createServer or listen) as the usage error `llm-eval serve` prints: worded with the flags
 * and environment variables a CLI user sets, where the server's own message names its library options (`dashboard`,
 * `auth: 'tokens'`, `trustedProxy`). Anything else the server refuses keeps its message; other errors pass through.
 */
export function serveRefusal(error: unknown): unknown {
  const { DashboardNotBuiltError, ServerConfigError, UnauthenticatedPublicHostError } = serverLibrary();
  if (error instanceof DashboardNotBuiltError) {
    // The CLI hands the server a directory only from LLM_EVAL_DASHBOARD_DIR: the installed dashboard is checked first.
    return new CliError(
      `LLM_EVAL_DASHBOARD_DIR names ${error.directory}, which has no index.html: build the dashboard there ` +
        '(pnpm --filter @llm-eval/web build), point LLM_EVAL_DASHBOARD_DIR at a built one, unset it to serve the installed ' +
        'dashboard, or pass --no-dashboard to serve the API only.',
      2,
    );
  }
  if (error instanceof UnauthenticatedPublicHostError) {
    return new CliError(
      `Refusing to listen on ${error.host}: without authentication anyone who can reach that address could read, change ` +
        'and delete every run. Leave out --host (127.0.0.1) and put an authenticating proxy in front, or turn ' +
        'authentication on: pass --auth (API tokens) or --trusted-proxy <addresses> (single sign-on behind a proxy); ' +
        'LLM_EVAL_AUTH=required does as --auth.',
      2,
    );
  }
  if (error instanceof ServerConfigError) return new CliError(error.message, 2);
  return error;
}
