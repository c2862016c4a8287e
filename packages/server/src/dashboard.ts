import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DashboardNotBuiltError } from './errors';

/**
 * What the dashboard's pages may load: only this server (no CDN, no inline scripts). Inline styles are allowed for
 * the chart library's computed sizes; ws:/wss: for live events.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** True for a path the dashboard's client-side router owns (everything outside the API and its docs). */
export function isDashboardPath(path: string): boolean {
  return !/^\/(api|healthz)(\/|$)/.test(path);
}

/** A run's or a project's page (/runs/<run>, /projects/<project>): the name may hold a dot ("gpt-4.1"). */
const NAMED_PAGE = /^\/(runs|projects)\/[^/]+\/?$/;

/**
 * True for a path that asks for a file (its last segment has an extension: /favicon.ico, /robots.txt) rather than a
 * page: one the build does not have is a 404, not index.html with a 200 a browser or crawler would take for the file.
 */
function isFilePath(path: string): boolean {
  return /\.\w+$/.test(path) && !NAMED_PAGE.test(path);
}

/**
 * Serves the built dashboard from `root` at `/`: hashed files under /assets are cached for a year, index.html never,
 * and any other GET of a page path (/runs/<run>, /compare?…) gets index.html, so every page URL can be shared and
 * reloaded. Returns the not-found responder for page paths; API paths and files the build does not have (/assets/…,
 * /favicon.ico) keep the API's JSON 404.
 */
export async function serveDashboard(
  app: FastifyInstance,
  root: string,
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply | null> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new DashboardNotBuiltError(root);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res, path) {
      if (/[\\/]assets[\\/]/.test(path)) res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
      if (path.endsWith('.html')) res.header('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isDashboardPath(path) || /^\/assets\//.test(path) || isFilePath(path)) return null;
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .type('text/html; charset=utf-8')
      .sendFile('index.html');
  };
}
