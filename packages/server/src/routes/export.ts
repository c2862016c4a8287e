import type { RouteModule } from '../context';

/** Routes of /api/v1 for export (being written). */
export const exportRoutes: RouteModule = () => undefined;
