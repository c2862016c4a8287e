import { safeReference, TOKEN_SECRET_PREFIX, TokenNotFoundError, type ApiTokenInfo } from '@llm-eval/storage';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { auditContext } from '../audit/audit-trail';
import { errorResponses } from '../schemas/common';
import { createdTokenSchema, createTokenBody, tokenJson, tokenListSchema, tokenParams, tokenSchema } from '../schemas/access';
import { z } from 'zod';

/** Whether the request's (admin) principal may see and manage a token: one that reaches no project beyond its own. */
function manages(request: FastifyRequest, token: Pick<ApiTokenInfo, 'projects'>): boolean {
  const mine = request.principal.projects;
  if (mine === '*') return true;
  return token.projects !== '*' && token.projects.every((p) => mine.includes(p));
}

/**
 * API tokens, for admins: GET /tokens, POST /tokens (the secret is in that one response and stored nowhere),
 * DELETE /tokens/:id (revoke, by id, displayed prefix or secret). An admin scoped to some projects sees and manages
 * only tokens within them, and can create no token that reaches further than itself.
 */
export const tokensRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'API tokens (never their secrets), newest first',
        response: { 200: tokenListSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => ({ tokens: (await ctx.db.tokens.list()).filter((t) => manages(request, t)).map(tokenJson) }),
  );

  app.post(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Create an API token; the response holds its secret, shown this once',
        description:
          'Send the secret as "Authorization: Bearer <secret>". Only its hash is stored: a lost secret cannot be shown ' +
          'again (revoke the token and create another). Audited as token.created.',
        body: createTokenBody,
        response: { 201: createdTokenSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
      preValidation: checkGrant,
    },
    async (request, reply) => {
      const body = request.body;
      const own = request.principal.projects;
      if (own !== '*' && !manages(request, body)) throw grantRefusal(own);
      const created = await ctx.db.tokens.create(
        { name: body.name, role: body.role, projects: body.projects, expiresAt: body.expiresAt ?? null, createdBy: request.principal.subject },
        auditContext(request),
      );
      // The secret is never logged or kept: it leaves the server in this one body.
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send({ token: tokenJson(created.token), secret: created.secret });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Revoke an API token (by id, displayed prefix or secret)',
        description:
          'A revoked token is refused from then on (401), and its live-event streams on this server end before the answer. ' +
          'Audited as token.revoked. Revoking twice is a 409.',
        params: tokenParams,
        response: {
          200: z.object({ revoked: tokenSchema }).meta({ id: 'TokenRevoked' }),
          ...errorResponses(400, 401, 403, 404, 409, 429, 503),
        },
      },
    },
    async (request) => {
      const reference = request.params.id;
      if (request.principal.projects !== '*') {
        // Only tokens this admin manages can be named: any other is answered as missing.
        const all = await ctx.db.tokens.list();
        const named = all.filter((t) => t.id === reference.toLowerCase() || t.prefix === reference || secretOf(t, reference));
        // A secret is checked against its token's hash by storage's revoke (in constant time); here it only narrows
        // the tokens it may be to those of its displayed prefix, every one of which this admin must manage.
        const bySecret = named.length > 0 && named.every((t) => secretOf(t, reference));
        if ((named.length !== 1 && !bySecret) || !named.every((t) => manages(request, t))) throw new TokenNotFoundError(safeReference(reference));
      }
      const revoked = await ctx.db.tokens.revoke(reference, auditContext(request));
      // Before the answer: once the client hears "revoked", no stream of the token sends anything more.
      ctx.tokenStreams.revoked(revoked.id);
      return { revoked: tokenJson(revoked) };
    },
  );
};

/**
 * Whether `reference` may be the secret of `token`: longer than the displayed prefix, which starts it (the prefix is
 * what `tokens list` shows, not a secret). Whether it is the secret is storage's answer: revoke compares its hash.
 */
function secretOf(token: Pick<ApiTokenInfo, 'prefix'>, reference: string): boolean {
  return reference.startsWith(TOKEN_SECRET_PREFIX) && reference.length > token.prefix.length && reference.startsWith(token.prefix);
}

/** The 403 of a token an admin of `own` projects may not create: one reaching any other project, or every one. */
function grantRefusal(own: readonly string[]): ApiError {
  const named = own.length > 10 ? `${own.slice(0, 10).join(', ')} and ${own.length - 10} more projects` : own.join(', ');
  return new ApiError(
    403,
    'forbidden',
    `This token is an admin of ${named} only: it may grant only its own projects. Give "projects" as a list of ` +
      `those (e.g. ${JSON.stringify(own.slice(0, 3))}); a token of other projects, or of every project ("*"), needs an admin of every project.`,
    { field: 'projects' },
  );
}

/**
 * What POST /tokens grants, checked before the body's schema: an admin of some projects asking for more than those is
 * refused (403) whatever it asks for, "*" in a list and a project id of any spelling included (the schema would have
 * called ["*"] a 400, "must be a project id", as if the request were only misspelled). An admin of every project
 * sending ["*"] is told that "*" stands alone.
 */
async function checkGrant(request: FastifyRequest): Promise<void> {
  const projects = (request.body as { projects?: unknown } | null)?.projects;
  const own = request.principal.projects;
  const listed = Array.isArray(projects) ? projects : [];
  if (own !== '*') {
    if (projects === '*' || listed.some((p) => typeof p === 'string' && !own.includes(p))) throw grantRefusal(own);
    return;
  }
  if (listed.includes('*')) {
    throw new ApiError(400, 'invalid_request', 'Invalid body.projects: "*" stands alone for every project: send "projects": "*", not a list holding it.', {
      field: 'body.projects',
    });
  }
}
