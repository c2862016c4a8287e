import type { RetentionPolicyRecord } from '@llm-eval/storage';
import { when } from './format';

/** What a policy deletes, in words: "completed/failed/cancelled runs older than 90 days". */
export function policyText(policy: Pick<RetentionPolicyRecord, 'maxAgeDays' | 'statuses'>): string {
  const statuses = policy.statuses ? policy.statuses.join('/') : 'finished (completed/failed/cancelled)';
  return `${statuses} runs older than ${policy.maxAgeDays} day${policy.maxAgeDays === 1 ? '' : 's'}`;
}

/** The header of the retention table. */
export const RETENTION_TABLE_HEAD = ['project', 'keeps', 'deletes', 'updated', 'by'];

/** A policy as a row of the retention table. */
export function retentionRow(policy: RetentionPolicyRecord): string[] {
  return [
    policy.projectId,
    `${policy.maxAgeDays}d`,
    policy.statuses ? policy.statuses.join(', ') : 'every finished status',
    when(policy.updatedAt),
    policy.updatedBy,
  ];
}
