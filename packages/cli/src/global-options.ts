/** Options every command accepts. */
export interface GlobalOptions {
  databaseUrl?: string;
  json?: boolean;
  verbose?: boolean;
  color?: boolean;
}
