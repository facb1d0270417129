/**
 * Renderer entry: the bridge to the workbench (IPC in the app, WebSocket in a browser) and the Vue app.
 * zod runs jitless: its JIT probes `new Function`, which the page's CSP forbids (no unsafe-eval).
 */
import { z } from 'zod';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { BRIDGE_KEY } from './api/bridge-key';
import { createBridge } from './api/bridge';

z.config({ jitless: true });

createApp(App).use(createPinia()).provide(BRIDGE_KEY, createBridge(window)).mount('#app');
