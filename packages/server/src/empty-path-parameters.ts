import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/**
 * Refuses a request whose path leaves a parameter empty (`/api/v1/runs/`, `/api/v1/runs//items`) as the unknown path
 * it is: the router matches `/runs/` to `/runs/:run` with an empty run, which the schema would call "Too small".
 * Trailing slashes are not ignored router-wide, since the dashboard's and the docs' routes tell `/x` from `/x/`.
 */
export async function refuseEmptyPathParameters(request: FastifyRequest): Promise<void> {
  const params = request.params as Record<string, unknown> | undefined;
  const empty = params ? Object.keys(params).find((name) => params[name] === '') : undefined;
  if (empty === undefined) return;
  const path = request.url.split('?')[0] ?? '';
  const trimmed = path.replace(/\/+$/, '');
  const hint = trimmed !== path && trimmed.length > 0 ? ` Leave out the trailing slash: ${request.method} ${trimmed}.` : ` Name the ${empty} in the path.`;
  throw new ApiError(404, 'not_found', `No route ${request.method} ${path}: its ${empty} is empty.${hint} The API is described at /api/openapi.json.`);
}
