import { ApiToken } from './entities/api-token.entity';
import { AuditEntry } from './entities/audit-entry.entity';
import { EvaluationItem } from './entities/evaluation-item.entity';
import { EvaluationRun } from './entities/evaluation-run.entity';
import { Project } from './entities/project.entity';
import { RetentionPolicy } from './entities/retention-policy.entity';
import { RunComparison } from './entities/run-comparison.entity';
import { RunMetric } from './entities/run-metric.entity';
import { RunTag } from './entities/run-tag.entity';

export const ALL_ENTITIES = [Project, EvaluationRun, EvaluationItem, RunMetric, RunComparison, RunTag, ApiToken, AuditEntry, RetentionPolicy] as const;
