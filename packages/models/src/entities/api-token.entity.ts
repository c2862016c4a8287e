import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TOKEN_ROLES, type TokenRole } from '../access';
import { sqlInList } from '../status';

/**
 * An API token. Only the sha256 of its secret is stored (the secret is shown once, at creation); the secret's first
 * characters are kept so people can tell their tokens apart.
 */
@Entity({ name: 'api_tokens' })
@Check('CHK_api_tokens_role', `"role" IN (${sqlInList(TOKEN_ROLES)})`)
// authenticate(secret): one lookup by the secret's hash per request
@Index('UQ_api_tokens_secret_hash', ['secretHash'], { unique: true })
// revoke(prefix): the prefix people copy from `tokens list`
@Index('IDX_api_tokens_prefix', ['secretPrefix'])
export class ApiToken {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_api_tokens' })
  id!: string;

  /** A label; several tokens may share one. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-case hex sha256 of the secret. */
  @Column({ name: 'secret_hash', type: 'character', length: 64 })
  secretHash!: string;

  /** The secret's first 12 characters, for display. */
  @Column({ name: 'secret_prefix', type: 'varchar', length: 12 })
  secretPrefix!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: TokenRole;

  /** JSON text: `["*"]` for every project, else the project ids the token may reach. */
  @Column({ type: 'text' })
  projects!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
