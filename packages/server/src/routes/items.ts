import type { RouteModule } from '../context';

/** Routes of /api/v1 for items (being written). */
export const itemsRoutes: RouteModule = () => undefined;
