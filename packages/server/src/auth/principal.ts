/** What a caller may do: viewers read, editors also write runs, admins also manage tokens, retention and the audit log. */
export type Role = 'viewer' | 'editor' | 'admin';

/** The roles, least to most powerful. */
export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

/** Who is asking: every /api/v1 request carries one (request.principal). */
export interface Principal {
  /** Who, as audit rows and createdBy name them: `token:<name>#<token id>`, the proxy's user, or `local`. */
  subject: string;
  role: Role;
  /** The projects whose runs it sees and touches; '*' for every run (including runs without a project). */
  projects: '*' | string[];
  /** The API token it authenticated with. */
  tokenId?: string;
  /** When that token expires (absent: never): a live stream it opened ends then. */
  expiresAt?: Date;
  /** How it was established. */
  via: 'token' | 'proxy' | 'local';
}

/** The principal of every request when authentication is off (the server is bound to loopback). */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({ subject: 'local', role: 'admin', projects: '*', via: 'local' }) as Principal;

/** Whether `role` includes what `needed` may do. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The project scope as storage and search take it: undefined for every run, else the list (possibly empty). */
export function scopeProjectIds(principal: Principal): string[] | undefined {
  return principal.projects === '*' ? undefined : principal.projects;
}

/** Whether the principal sees runs of `projectId` (null: a run without a project, seen only by '*' principals). */
export function canSeeProject(principal: Principal, projectId: string | null | undefined): boolean {
  if (principal.projects === '*') return true;
  return projectId != null && principal.projects.includes(projectId);
}

/** A stable text of the scope: equal scopes see exactly the same data (the response cache keys on it). */
export function scopeKey(principal: Principal): string {
  return principal.projects === '*' ? '*' : JSON.stringify([...new Set(principal.projects)].sort());
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (set for every /api/v1 request before its handler runs). */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The least role the route needs (default: viewer for GET, editor for every other method). */
    role?: Role;
  }
}
