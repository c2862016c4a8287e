import type { RouteModule } from '../context';

/** Routes of /api/v1 for trends (being written). */
export const trendsRoutes: RouteModule = () => undefined;
