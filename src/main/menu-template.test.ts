import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu-template';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function setUp(isMac: boolean, isDev: boolean) {
  const calls: string[] = [];
  const template = buildMenuTemplate({
    isMac,
    isDev,
    actions: {
      importDataset: (kind) => calls.push(`import ${kind}`),
      openDataFolder: () => calls.push('data folder'),
      openPaper: () => calls.push('paper'),
    },
  });
  return { template, items: flatten(template), calls };
}

describe('buildMenuTemplate', () => {
  it('has the menus a desktop user expects, with the macOS app menu only on macOS', () => {
    expect(setUp(false, false).template.map((m) => m.role ?? m.label)).toEqual(['&File', 'editMenu', '&View', 'windowMenu', 'help']);
    expect(setUp(true, false).template.map((m) => m.role ?? m.label)).toEqual(['appMenu', '&File', 'editMenu', '&View', 'windowMenu', 'help']);
  });

  it('imports a dataset folder with Ctrl/Cmd+O and a file with Ctrl/Cmd+Shift+O, and quits from File outside macOS', () => {
    const { items, calls } = setUp(false, false);
    const byAccelerator = (a: string) => items.find((i) => i.accelerator === a);
    (byAccelerator('CmdOrCtrl+O')?.click as () => void)();
    (byAccelerator('CmdOrCtrl+Shift+O')?.click as () => void)();
    expect(calls).toEqual(['import folder', 'import file']);
    expect(items.some((i) => i.role === 'quit')).toBe(true);
  });

  it('offers reload and developer tools in development only', () => {
    const roles = (isDev: boolean) => setUp(false, isDev).items.map((i) => i.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});
