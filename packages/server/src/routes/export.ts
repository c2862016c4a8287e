import { Readable } from 'node:stream';
import type { RouteModule } from '../context';
import { resolveVisibleRun } from '../auth/visible-runs';
import { attachmentDisposition } from '../export/attachment-name';
import { EXPORT_PAGE_SIZE, RunExportChunks } from '@llm-eval/evaluator';
import { EXPORT_CONTENT_TYPES, exportRouteSchema } from '../schemas/export';

/** How much text the export stream reads ahead of the socket (it also holds at most two pages of items). */
const STREAM_BUFFER_BYTES = 64 * 1024;

/** GET /api/v1/runs/:run/export: a run as the file `llm-eval runs export` writes, streamed page by page. */
export const exportRoutes: RouteModule = (app, ctx) => {
  app.get('/runs/:run/export', { schema: exportRouteSchema }, async (request, reply) => {
    const { format } = request.query;
    const run = await ctx.db.runs.requireRun(await resolveVisibleRun(ctx, request, request.params.run));
    // Read before the first byte, so an unknown run or an unreadable database is still a JSON error response.
    const firstPage = await ctx.db.runs.listItems(run.id, { limit: EXPORT_PAGE_SIZE });
    // Readable.from pulls the next chunk only when the socket has taken the last one (pipe waits for 'drain'), and
    // Fastify destroys it when the client goes away, which ends the generator (and removes its temporary files).
    const body = Readable.from(new RunExportChunks(format, { runs: ctx.db.runs, run, firstPage }).chunks(), {
      objectMode: false,
      highWaterMark: STREAM_BUFFER_BYTES,
    });
    return reply
      .header('content-type', EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', attachmentDisposition(run.name, run.id, format))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      // The schema types the 200 body as the document; a stream of it is what Fastify actually sends.
      .send(body as never);
  });
};
