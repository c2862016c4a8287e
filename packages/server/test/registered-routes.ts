import type { FastifyInstance } from 'fastify';

/** One (method, path) the Fastify app answers, with the path as Fastify spells it (`/runs/:run`). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

/** Methods Fastify adds by itself (HEAD for every GET); the OpenAPI document leaves them out. */
const IMPLICIT_METHODS = new Set(['HEAD']);

/**
 * Every route the app has registered under `prefix`, read from Fastify's own router (`printRoutes`), so routes that
 * land later are covered without listing them here. printRoutes draws a tree whose nodes carry path fragments and
 * the methods ending there:
 *
 *   ├── /api/v1/runs (GET, HEAD)
 *   │   └── /:run (GET, HEAD, PATCH)
 *
 * A node's full path is its ancestors' fragments joined.
 */
export function registeredRoutes(app: FastifyInstance, prefix = '/api/v1'): RegisteredRoute[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of tree.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?(?: \{.*\})?$/u.exec(line);
    if (!match) throw new Error(`Cannot read this line of printRoutes(): ${JSON.stringify(line)}`);
    const depth = match[1]!.length / 4;
    const fullPath = (depth > 0 ? stack[depth - 1]! : '') + match[2]!;
    stack.length = depth;
    stack.push(fullPath);
    if (!match[3]) continue;
    if (fullPath !== prefix && !fullPath.startsWith(`${prefix}/`)) continue;
    for (const method of match[3].split(',').map((m) => m.trim())) {
      if (!IMPLICIT_METHODS.has(method)) routes.push({ method, path: fullPath });
    }
  }
  return routes;
}

/** Fastify's `/runs/:run` as OpenAPI writes it: `/runs/{run}`. */
export function toOpenApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
