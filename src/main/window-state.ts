/**
 * The main window remembers its size, place and maximised state between starts, in a small JSON file of
 * the data folder. What is read back is parsed, not trusted: a damaged file, a size below the minimum or a
 * place on a display that is no longer attached falls back to a default size, centred.
 */
import { z } from 'zod';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

const windowStateSchema = z.object({
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  x: z.number().int().min(-100_000).max(100_000).optional(),
  y: z.number().int().min(-100_000).max(100_000).optional(),
  maximized: z.boolean(),
});

/** True when at least a 100 × 50 corner of the window (where its title bar is) lies on a display. */
function visibleOn(state: WindowState, displays: readonly Rect[]): boolean {
  const { x, y } = state;
  if (x === undefined || y === undefined) return false;
  return displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 50);
}

/** The state in `text` (the file's content, or undefined when there is none) fitted to today's displays. */
export function parseWindowState(text: string | undefined, displays: readonly Rect[]): WindowState {
  if (text === undefined) return DEFAULT_WINDOW_STATE;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  const parsed = windowStateSchema.safeParse(raw);
  if (!parsed.success) return DEFAULT_WINDOW_STATE;
  const state = parsed.data;
  if (visibleOn(state, displays)) return state;
  return { width: state.width, height: state.height, maximized: state.maximized };
}

/** What to save of a window: its normal (not maximised) bounds and whether it is maximised. */
export function captureWindowState(win: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState {
  const b = win.getNormalBounds();
  return { width: Math.round(b.width), height: Math.round(b.height), x: Math.round(b.x), y: Math.round(b.y), maximized: win.isMaximized() };
}
