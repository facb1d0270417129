/** The injection key under which main.ts provides the one WorkbenchBridge of the page. */
import type { InjectionKey } from 'vue';
import type { WorkbenchBridge } from './bridge';

export const BRIDGE_KEY: InjectionKey<WorkbenchBridge> = Symbol('workbench-bridge');
