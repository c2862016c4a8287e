import type { RouteModule } from '../context';

/** Routes of /api/v1 for runs (being written). */
export const runsRoutes: RouteModule = () => undefined;
