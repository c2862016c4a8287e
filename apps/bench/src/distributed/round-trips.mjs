// Counts and times this process's Redis commands (ioredis) and PostgreSQL queries (pg), by wrapping the clients'
// prototypes, so the bench can say how many round trips one item costs a worker and how long they take.
import Redis from 'ioredis';
import pg from 'pg';

/** Commands that block on purpose (BullMQ waiting for a job): counted, but their wait is not a round trip's. */
const BLOCKING = new Set(['bzpopmin', 'brpoplpush', 'blmove', 'bzpopmax', 'brpop', 'blpop', 'xread']);
let stats = new Map();

function record(name, ms) {
  const entry = stats.get(name) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += ms;
  stats.set(name, entry);
}

/** Installs the wrappers (once per process). */
export function countRoundTrips() {
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (command, ...rest) {
    const began = performance.now();
    const name = `redis ${command.name}`;
    command.promise?.then(
      () => record(name, BLOCKING.has(command.name) ? 0 : performance.now() - began),
      () => record(name, 0),
    );
    return sendCommand.call(this, command, ...rest);
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const began = performance.now();
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const name = `pg ${text.trim().split(/\s+/).slice(0, 3).join(' ').slice(0, 40)}`;
    const done = () => record(name, performance.now() - began);
    const cb = typeof callback === 'function' ? callback : typeof values === 'function' ? values : undefined;
    if (cb) {
      const wrapped = (...args) => {
        done();
        return cb(...args);
      };
      return typeof callback === 'function' ? query.call(this, config, values, wrapped) : query.call(this, config, wrapped);
    }
    const result = query.call(this, config, values);
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
}

/** Returns and resets the counts: { 'redis evalsha': { count, ms }, 'pg INSERT INTO ...': ... }. */
export function takeRoundTrips() {
  const taken = Object.fromEntries(stats);
  stats = new Map();
  return taken;
}
