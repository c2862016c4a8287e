import type { RouteModule } from '../context';

/** Routes of /api/v1 for projects (being written). */
export const projectsRoutes: RouteModule = () => undefined;
