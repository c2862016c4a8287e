import type { RouteModule } from '../context';

/** Routes of /api/v1 for events (being written). */
export const eventsRoutes: RouteModule = () => undefined;
