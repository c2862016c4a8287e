import type { RouteModule } from '../context';

/** Routes of /api/v1 for compare (being written). */
export const compareRoutes: RouteModule = () => undefined;
