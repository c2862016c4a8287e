import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764250000000 } from './1764250000000-initial-schema';
import { RunWriterHeartbeat1796190000000 } from './1796190000000-run-writer-heartbeat';
import { RunChanges1798000000000 } from './1798000000000-run-changes';
import { ComparisonChunks1799000000000 } from './1799000000000-comparison-chunks';
import { AccessControl1800000000000 } from './1800000000000-access-control';
import { RunChangeProject1801000000000 } from './1801000000000-run-change-project';
import { ItemRunKey1802000000000 } from './1802000000000-item-run-key';
import { RunTokensBigint1803000000000 } from './1803000000000-run-tokens-bigint';
import { ItemStatusCheck1804000000000 } from './1804000000000-item-status-check';
import { RunTokenCostIndexes1805000000000 } from './1805000000000-run-token-cost-indexes';
import { RunIntegrityRules1806000000000 } from './1806000000000-run-integrity-rules';
import { RunChangeSnapshot1807000000000 } from './1807000000000-run-change-snapshot';
import { RunIdsLowerCase1808000000000 } from './1808000000000-run-ids-lower-case';
import { RunDurationKeys1809000000000 } from './1809000000000-run-duration-keys';
import { UserJsonKeyOrder1810000000000 } from './1810000000000-user-json-key-order';
import { SqliteJsonRulesOlderTools1811000000000 } from './1811000000000-sqlite-json-rules-older-tools';
import { SqliteRunDatesMilliseconds1812000000000 } from './1812000000000-sqlite-run-dates-milliseconds';
import { SqliteIntegrityUpdatePerColumn1813000000000 } from './1813000000000-sqlite-integrity-update-per-column';

/** Name of the table that records applied migrations. */
export const MIGRATIONS_TABLE = 'llm_eval_migrations';

/** Every schema migration, oldest first. A new schema version appends one here. */
export const ALL_MIGRATIONS: Array<new () => MigrationInterface> = [
  InitialSchema1764250000000,
  RunWriterHeartbeat1796190000000,
  RunChanges1798000000000,
  ComparisonChunks1799000000000,
  AccessControl1800000000000,
  RunChangeProject1801000000000,
  ItemRunKey1802000000000,
  RunTokensBigint1803000000000,
  ItemStatusCheck1804000000000,
  RunTokenCostIndexes1805000000000,
  RunIntegrityRules1806000000000,
  RunChangeSnapshot1807000000000,
  RunIdsLowerCase1808000000000,
  RunDurationKeys1809000000000,
  UserJsonKeyOrder1810000000000,
  SqliteJsonRulesOlderTools1811000000000,
  SqliteRunDatesMilliseconds1812000000000,
  SqliteIntegrityUpdatePerColumn1813000000000,
];
