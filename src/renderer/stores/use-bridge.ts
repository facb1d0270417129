/** The page's WorkbenchBridge (provided by main.ts), for stores and components. */
import { inject } from 'vue';
import type { WorkbenchBridge } from '../api/bridge';
import { BRIDGE_KEY } from '../api/bridge-key';

export function useBridge(): WorkbenchBridge {
  const bridge = inject(BRIDGE_KEY);
  if (bridge === undefined) throw new Error('the workbench bridge is not provided: main.ts provides it on the app');
  return bridge;
}

/** A failed call's message, for an inline error. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
