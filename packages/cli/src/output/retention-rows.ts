import type { RetentionPolicyRecord } from '@llm-eval/storage';
import { when } from './format';

/** What a policy deletes, in words: "completed/failed/cancelled runs older than 90 days". */
export function policyText(policy: Pick<RetentionPolicyRecord, 'maxAgeDays' | 'statuses'>): string {
  const statuses = policy.statuses ? policy.statuses.join('/') : 'finished (completed/failed/cancelled)';
  return `${statuses} runs older than ${policy.maxAgeDays} day${policy.maxAgeDays === 1 ? '' : 's'}`;
}

/** The header of the retention table, naming the zone of its times. */
export function retentionHead(zone: string): string[] {
  return ['project', 'keeps', 'deletes', `updated (${zone})`, 'by'];
}

/** A policy as a row of the retention table, its time in `zone`. */
export function retentionRow(policy: RetentionPolicyRecord, zone: string): string[] {
  return [
    policy.projectId,
    `${policy.maxAgeDays}d`,
    policy.statuses ? policy.statuses.join(', ') : 'every finished status',
    when(policy.updatedAt, zone),
    policy.updatedBy,
  ];
}
