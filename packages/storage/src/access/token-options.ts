import { TOKEN_ROLES, type TokenRole } from '@llm-eval/models';
import { InvalidTokenOptionError } from '../errors';
import { projectIdSchema } from '../repositories/run-input.schema';
import type { CreateTokenOptions } from './access-records';

/** Validated options of a new token. @internal */
export interface TokenOptions {
  name: string;
  projects: '*' | string[];
  role: TokenRole;
  expiresAt: Date | null;
  createdBy: string | null;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks TokenStore.create's options, each failure an InvalidTokenOptionError naming the option. @internal */
export function parseTokenOptions(options: CreateTokenOptions, now: Date): TokenOptions {
  if (options === null || typeof options !== 'object') throw new InvalidTokenOptionError('Token options must be an object.');
  const { name, projects, role, expiresAt, createdBy } = options;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100 || CONTROL.test(name)) {
    throw new InvalidTokenOptionError('Token option "name" must be 1 to 100 characters without control characters.', 'name');
  }
  if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
    throw new InvalidTokenOptionError(`Token option "role" must be one of: ${TOKEN_ROLES.join(', ')}.`, 'role');
  }
  const expires = expiresAt ?? null;
  if (expires !== null && (!(expires instanceof Date) || Number.isNaN(expires.getTime()) || expires.getTime() <= now.getTime())) {
    throw new InvalidTokenOptionError('Token option "expiresAt" must be a date in the future, or null for a token that never expires.', 'expiresAt');
  }
  const by = createdBy ?? null;
  if (by !== null && (typeof by !== 'string' || by.length > 255)) {
    throw new InvalidTokenOptionError('Token option "createdBy" must be a string of at most 255 characters, or null.', 'createdBy');
  }
  return { name, projects: parseProjects(projects), role: role as TokenRole, expiresAt: expires, createdBy: by };
}

function parseProjects(projects: unknown): '*' | string[] {
  if (projects === '*') return '*';
  const accepted = 'Token option "projects" must be "*" (every project) or a non-empty list of project ids (letters, digits, ".", "_" or "-", at most 128).';
  if (!Array.isArray(projects) || projects.length === 0) throw new InvalidTokenOptionError(accepted, 'projects');
  if (projects.length === 1 && projects[0] === '*') return '*';
  for (const project of projects) {
    if (!projectIdSchema.safeParse(project).success) throw new InvalidTokenOptionError(accepted, 'projects');
  }
  return [...new Set(projects as string[])];
}
