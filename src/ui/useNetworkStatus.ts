import { useEffect, useState } from 'preact/hooks';
import type { HostBridge } from './host-bridge.js';

/** Whether the browser is online, following `online`/`offline` changes. */
export function useNetworkStatus(host: HostBridge): boolean {
  const [online, setOnline] = useState(host.isOnline());
  useEffect(() => {
    setOnline(host.isOnline());
    return host.onNetworkChange(setOnline);
  }, [host]);
  return online;
}
