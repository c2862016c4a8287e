import type { z } from 'zod';
import type { runPageSchema, listRunsQuery } from './schemas/run-list';
import type { itemPageSchema, listItemsQuery } from './schemas/item';
import type { trendSchema, trendQuery } from './schemas/trend';
import type { projectListSchema } from './schemas/project';
import type { compareQuery } from './schemas/compare';
import type { healthReport } from './routes/health';

/** GET /api/v1/runs: a page of runs with how q was understood. */
export type RunPageJson = z.infer<typeof runPageSchema>;
/** GET /api/v1/runs/:run/items: a page of items with how q or the filters were understood. */
export type ItemPageJson = z.infer<typeof itemPageSchema>;
/** GET /api/v1/trends. */
export type TrendJson = z.infer<typeof trendSchema>;
/** GET /api/v1/projects. */
export type ProjectListJson = z.infer<typeof projectListSchema>;
/** GET /api/v1/health. */
export type HealthReportJson = z.infer<typeof healthReport>;
/** A status GET /api/v1/runs filters by (its `status` parameter): exactly what the API accepts there. */
export type RunStatusFilter = NonNullable<z.output<typeof listRunsQuery>['status']>[number];

/** Query parameters as a client sends them (before the server's parsing). */
export type ListRunsParams = z.input<typeof listRunsQuery>;
export type ListItemsParams = z.input<typeof listItemsQuery>;
export type TrendParams = z.input<typeof trendQuery>;
export type CompareParams = z.input<typeof compareQuery>;
