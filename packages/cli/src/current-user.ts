import { userInfo } from 'node:os';

/** Who is running the command: $USER, else the operating system's account name (cron, containers, Windows), else undefined. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.USER?.trim() || env.USERNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || undefined;
  } catch {
    // userInfo() throws when the uid has no passwd entry (e.g. `docker run --user 12345`).
    return undefined;
  }
}
