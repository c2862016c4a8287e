import type { RouteModule } from '../context';

/** Routes of /api/v1 for ingest (being written). */
export const ingestRoutes: RouteModule = () => undefined;
