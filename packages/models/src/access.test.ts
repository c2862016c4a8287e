import { getMetadataArgsStorage } from 'typeorm';
import { ApiToken, AUDIT_ACTIONS, AUDIT_OUTCOMES, AuditEntry, RetentionPolicy, TOKEN_ROLES } from './index';

const args = getMetadataArgsStorage();

describe('the access-control schema', () => {
  it('constrains token roles, audit outcomes and retention ages in the database', () => {
    const checks = args.checks.filter((c) => [ApiToken, AuditEntry, RetentionPolicy].includes(c.target as never));
    const byName = Object.fromEntries(checks.map((c) => [c.name, c.expression]));
    expect(byName.CHK_api_tokens_role).toBe(`"role" IN (${TOKEN_ROLES.map((r) => `'${r}'`).join(', ')})`);
    expect(byName.CHK_audit_log_outcome).toBe(`"outcome" IN (${AUDIT_OUTCOMES.map((o) => `'${o}'`).join(', ')})`);
    expect(byName.CHK_retention_policies_max_age).toBe(`"max_age_days" >= 1`);
  });

  it('keeps the token secret hash unique and every audit action within its column', () => {
    const unique = args.indices.find((i) => i.target === ApiToken && i.unique);
    expect(unique?.name).toBe('UQ_api_tokens_secret_hash');
    const action = args.columns.find((c) => c.target === AuditEntry && c.propertyName === 'action');
    expect(AUDIT_ACTIONS.every((a) => a.length <= Number(action?.options.length))).toBe(true);
  });

  it('indexes the audit log for listing by time, actor, action and project', () => {
    const names = args.indices.filter((i) => i.target === AuditEntry).map((i) => i.name);
    expect(names.sort()).toEqual(['IDX_audit_log_action_at_id', 'IDX_audit_log_actor_at_id', 'IDX_audit_log_at_id', 'IDX_audit_log_project_at_id']);
  });
});
