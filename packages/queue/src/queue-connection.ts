/** Where the queue lives. `prefix` namespaces every Redis key (default 'llm-eval'); tests use a unique one. */
export interface QueueConnection {
  url: string;
  prefix?: string;
}
