import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, captureWindowState, parseWindowState } from './window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('parseWindowState', () => {
  it('restores the saved size, place and maximised state on a display that is still attached', () => {
    const saved = { width: 1400, height: 900, x: 100, y: 50, maximized: true };
    expect(parseWindowState(JSON.stringify(saved), screen)).toEqual(saved);
  });

  it('keeps the size but centres a window whose place is on a display no longer attached', () => {
    const saved = { width: 1400, height: 900, x: 2500, y: 50, maximized: false };
    expect(parseWindowState(JSON.stringify(saved), screen)).toEqual({ width: 1400, height: 900, maximized: false });
  });

  it('falls back to the default for no file, a damaged file or a size below the minimum', () => {
    expect(parseWindowState(undefined, screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"width": 14', screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState(JSON.stringify({ width: 10, height: 10, maximized: false }), screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState(JSON.stringify({ width: '1400', height: 900, maximized: false }), screen)).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('captureWindowState', () => {
  it('saves the normal bounds, rounded, and whether the window is maximised', () => {
    const win = { getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1000.2, height: 700.7 }), isMaximized: () => true };
    expect(captureWindowState(win)).toEqual({ x: 10, y: 21, width: 1000, height: 701, maximized: true });
  });
});
