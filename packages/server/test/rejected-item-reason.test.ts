import { DuplicateItemError, ItemsRejectedError, StorageError, ValidationError } from '@llm-eval/storage';
import { errorBody, rejectedItemReason, toApiError } from '../src/errors';

const RUN = '0b7f5a52-6a3e-4f8e-9d7e-6f0c2f1d9a10';

/** A driver error as TypeORM passes it on: a QueryFailedError with PostgreSQL's code and severity. */
function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'QueryFailedError', code, severity: 'ERROR' });
}

/** A row the database refused, as storage reports it (insert-item-rows.ts): its message quotes the driver's. */
function refusedRow(index: number, itemId: string, cause: Error): StorageError {
  const typed = new ValidationError(`The database rejected a value: ${cause.message}.`, undefined, { cause });
  return new StorageError(`Item ${index} ("${itemId}") was not stored: ${typed.message}`, { cause: typed });
}

const CHECK = driverError('23514', 'new row for relation "evaluation_items" violates check constraint "CHK_secret_db_prod"');
const OWN_CHECK = 'Item 0 ("a") field "status": must be one of pending, completed, failed, skipped, got "x". This item was not stored.';

describe('rejectedItemReason', () => {
  it("keeps storage's own reasons and a duplicate's, and replaces the database's words", () => {
    expect(rejectedItemReason(new ValidationError(OWN_CHECK, 'status'), 0)).toEqual({ reason: OWN_CHECK, fromDatabase: false });
    const duplicate = new DuplicateItemError(RUN, 'c', driverError('23505', 'duplicate key value violates unique constraint "UQ_secret"'));
    expect(rejectedItemReason(duplicate, 2)).toEqual({ reason: duplicate.message, fromDatabase: false });
    expect(rejectedItemReason(refusedRow(1, 'b', CHECK), 7)).toEqual({
      reason: 'Item 7: the database refused this item, so it was not stored. The server log has the details.',
      fromDatabase: true,
    });
    const tooLong = refusedRow(1, 'b', driverError('22001', 'value too long for type character varying(255)'));
    expect(rejectedItemReason(tooLong, 1).reason).toBe(
      'Item 1: a value of this item is longer than the database can store, so it was not stored. The server log has the details.',
    );
  });

  it('replaces a reason that wraps any error other than storage\'s own', () => {
    const wrapped = new StorageError('Item 3 ("d") was not stored: secret internals', { cause: new TypeError('secret internals') });
    expect(rejectedItemReason(wrapped, 3)).toMatchObject({ reason: expect.not.stringContaining('secret'), fromDatabase: true });
  });
});

describe('an ItemsRejectedError that reaches the error handler', () => {
  it('is a 422 naming each item, without the database\'s words in its message or reasons', () => {
    // The first rejected item is storage's own check, so the error as a whole is not taken for a database error.
    const error = new ItemsRejectedError(RUN, 5, [
      { itemId: 'a', index: 0, error: new ValidationError(OWN_CHECK, 'status') },
      { itemId: 'b', index: 1, error: refusedRow(1, 'b', CHECK) },
    ]);
    const apiError = toApiError(error);
    expect(apiError.statusCode).toBe(422);
    const body = errorBody(apiError);
    expect(body.error).toEqual({
      code: 'items_rejected',
      message: `2 item(s) of run ${RUN} were not stored; the other 5 were.`,
      details: {
        run: RUN,
        stored: 5,
        rejected: [
          { itemId: 'a', index: 0, reason: OWN_CHECK },
          { itemId: 'b', index: 1, reason: 'Item 1: the database refused this item, so it was not stored. The server log has the details.' },
        ],
      },
    });
    for (const word of ['CHK_secret_db_prod', 'evaluation_items', 'violates']) expect(JSON.stringify(body)).not.toContain(word);
  });
});
