import { useEffect, useState } from 'preact/hooks';
import type { HostBridge } from './host-bridge.js';

/**
 * Whether a CSS media query matches, followed while `active` (false otherwise), so
 * a closed widget listens to nothing.
 *
 * @example
 * const fullScreen = useMediaQuery(host, FULL_SCREEN_QUERY, open)
 */
export function useMediaQuery(host: HostBridge, query: string, active: boolean): boolean {
  const [matches, setMatches] = useState(() => active && host.matchesMedia(query));
  useEffect(() => {
    if (!active) return undefined;
    const read = (): void => setMatches(host.matchesMedia(query));
    read();
    return host.onMediaChange(query, read);
  }, [host, query, active]);
  return active && matches;
}
