/** An argument outside its domain (a confidence outside (0, 1), a negative count); the message says what is allowed. */
export class StatsArgumentError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
