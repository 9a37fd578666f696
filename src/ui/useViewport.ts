import { useEffect, useState } from 'preact/hooks';
import type { HostBridge, ViewportBox } from './host-bridge.js';

/**
 * The visual viewport, followed while `active`. The full-screen panel sizes itself to
 * it so an on-screen keyboard never covers the composer.
 */
export function useViewport(host: HostBridge, active: boolean): ViewportBox | undefined {
  const [box, setBox] = useState<ViewportBox | undefined>(() => (active ? host.viewport() : undefined));
  useEffect(() => {
    if (!active) return undefined;
    const read = (): void => {
      const next = host.viewport();
      setBox((prev) => (prev && next && prev.height === next.height && prev.offsetTop === next.offsetTop ? prev : next));
    };
    read();
    return host.onViewportChange(read);
  }, [host, active]);
  return active ? box : undefined;
}
