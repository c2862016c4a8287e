import type { FastifyRequest } from 'fastify';
import type { RunScope } from '@llm-eval/search';
import type { ServerContext } from '../context';
import { ApiError } from '../errors';
import { canSeeProject, scopeProjectIds } from './principal';

/** The request principal's scope as the search engine takes it (undefined: every run). */
export function runScope(request: FastifyRequest): RunScope | undefined {
  const projectIds = scopeProjectIds(request.principal);
  return projectIds === undefined ? undefined : { projectIds };
}

/**
 * The id of a run the request's principal may see. A run outside its projects is looked up by the very same queries
 * as every run and is answered exactly like a run that does not exist (the same 404, the same message).
 */
export function resolveVisibleRun(ctx: ServerContext, request: FastifyRequest, reference: string): Promise<string> {
  return ctx.search.resolveRun(reference, runScope(request));
}

/**
 * The project a run created or imported by the request goes into: the one asked for, which must be in the
 * principal's scope (else 403); nothing asked for is a run without a project for '*' principals, and the only
 * project of a principal scoped to exactly one (a CI token of one project need not repeat it).
 */
export function projectForNewRun(request: FastifyRequest, asked: string | null | undefined): string | undefined {
  const principal = request.principal;
  if (asked != null) {
    if (!canSeeProject(principal, asked)) {
      throw new ApiError(403, 'forbidden', `${principal.subject} may not write runs of project ${asked}; its projects are ${describe(principal.projects)}.`, {
        project: asked,
      });
    }
    return asked;
  }
  if (principal.projects === '*') return undefined;
  if (principal.projects.length === 1) return principal.projects[0];
  throw new ApiError(
    403,
    'forbidden',
    `Name the project of the run (projectId): ${principal.subject} may write runs of ${describe(principal.projects)} only, and a run without a project belongs to none of them.`,
    { field: 'projectId' },
  );
}

/** Who a created or imported run records as its creator: the principal, unless an admin names someone. */
export function creatorOf(request: FastifyRequest, asked: string | null | undefined): string {
  const principal = request.principal;
  if (asked != null && asked !== '' && principal.role === 'admin') return asked;
  return principal.subject;
}

function describe(projects: '*' | string[]): string {
  return projects === '*' ? 'every project' : projects.length ? projects.join(', ') : 'none';
}
