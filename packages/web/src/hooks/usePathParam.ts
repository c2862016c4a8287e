import { useLocation } from 'react-router';

/**
 * The path segment after `prefix` (e.g. '/runs/'), decoded exactly once. react-router's useParams decodes a segment
 * twice for some characters (its pathname is decodeURI'd before the param is decodeURIComponent'd), so a run named
 * "50%2F50" would come back as "50/50": run names may hold any character, so the raw path is read here.
 */
export function usePathParam(prefix: string): string {
  const { pathname } = useLocation();
  const raw = pathname.startsWith(prefix) ? pathname.slice(prefix.length).split('/')[0]! : '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
