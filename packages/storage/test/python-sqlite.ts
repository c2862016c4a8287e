import { execFileSync } from 'node:child_process';

// Another tool on an older SQLite than better-sqlite3 bundles: the system Python's sqlite3 module (on Debian 12 it is
// linked to the system's SQLite 3.40). Each statement runs on its own (autocommit); its error, if any, is reported.

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
out = {"version": sqlite3.sqlite_version, "results": []}
for sql in json.loads(sys.stdin.read()):
    try:
        c.execute(sql).fetchall()
        out["results"].append(None)
    except sqlite3.Error as e:
        out["results"].append(str(e))
c.close()
print(json.dumps(out))
`;

/** The file of a test database's `sqlite:///` URL. */
export const sqliteFile = (url: string) => url.slice('sqlite:///'.length);

/** Runs each statement with the system Python's sqlite3 module; the error message of each, or null where it passed. */
export function pythonSqlite(file: string, statements: string[]): { version: string; errors: Array<string | null> } {
  const out = execFileSync(PYTHON, ['-c', SCRIPT, file], { input: JSON.stringify(statements), encoding: 'utf8' });
  const { version, results } = JSON.parse(out) as { version: string; results: Array<string | null> };
  return { version, errors: results };
}

/** The SQLite version of the system Python's sqlite3 module, as [major, minor]. */
export function pythonSqliteVersion(): [number, number] {
  const [major, minor] = pythonSqlite(':memory:', []).version.split('.').map(Number);
  return [major!, minor!];
}
