import { EventSubscriber, type AfterQueryEvent, type EntitySubscriberInterface } from 'typeorm';

/** Logs each SQL statement with its duration; parameter values are never printed, only their count. @internal */
@EventSubscriber()
export class QueryDebugSubscriber implements EntitySubscriberInterface {
  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n')) {}

  afterQuery(event: AfterQueryEvent): void {
    const params = event.parameters?.length ? ` -- ${event.parameters.length} parameter(s) redacted` : '';
    const time = event.executionTime === undefined ? '?' : `${event.executionTime}`;
    const status = event.success ? '' : ' FAILED';
    const sql = event.query.replace(/\s+/g, ' ').trim();
    this.write(`[llm-eval sql] ${time} ms${status} ${sql}${params}`);
  }
}
