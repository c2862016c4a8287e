/** A workspace that groups runs. */
export { Project } from './entities/project.entity';
/** One evaluation run. */
export { EvaluationRun } from './entities/evaluation-run.entity';
/** One evaluated dataset item of a run. */
export { EvaluationItem } from './entities/evaluation-item.entity';
/** Aggregate statistics of one metric in one run. */
export { RunMetric } from './entities/run-metric.entity';
/** Types of a metric's percentiles and histogram. */
export type { MetricPercentiles, MetricHistogram } from './entities/run-metric.entity';
/** A cached comparison of two runs. */
export { RunComparison } from './entities/run-comparison.entity';
/** The indexed row-per-tag form of a run's tags. */
export { RunTag } from './entities/run-tag.entity';
/** An API token (only its secret's hash is stored). */
export { ApiToken } from './entities/api-token.entity';
/** One append-only row of the audit log. */
export { AuditEntry } from './entities/audit-entry.entity';
/** How long a project's finished runs are kept. */
export { RetentionPolicy } from './entities/retention-policy.entity';
/** Token roles, audit actions and audit outcomes. */
export { TOKEN_ROLES, AUDIT_ACTIONS, AUDIT_OUTCOMES } from './access';
/** Token role, audit action and audit outcome unions. */
export type { TokenRole, AuditAction, AuditOutcome } from './access';
/** Allowed status and metric-type values, and their types. */
export { RUN_STATUSES, ITEM_STATUSES, METRIC_TYPES } from './status';
/** Status and metric-type unions. */
export type { RunStatus, ItemStatus, MetricType } from './status';
/** Every entity, in dependency order, for a DataSource's `entities` option. */
export { ALL_ENTITIES } from './all-entities';
