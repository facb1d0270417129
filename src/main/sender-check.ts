/**
 * Whom main answers over IPC (Electron security checklist: validate the sender of every IPC message).
 * A message is ours when it comes from the top frame of one of our windows and that frame shows a page of
 * our origin. A sub-frame, another window (a devtools extension's, a page navigated away by a bug), a
 * frame already gone (`senderFrame` null) or any other origin is refused before the payload is looked at.
 */

/** What an IPC event tells of its sender (Electron's IpcMainInvokeEvent, reduced to what is checked). */
export interface IpcSender {
  /** The frame that sent the message; null when it navigated or was destroyed since. */
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}

export type SenderCheck = (event: IpcSender) => boolean;

/**
 * `scheme://host[:port]` of a URL, or undefined when it has no host (file:, data:, about:, garbage).
 * WHATWG's `origin` is "null" for every non-special scheme, ours (app:) included, so it is built here.
 */
export function hostOriginOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.host === '' ? undefined : `${parsed.protocol}//${parsed.host}`;
}

/**
 * `origin` is what our pages are served from (see app-url.ts); `windowIds()` the webContents ids of our
 * windows now.
 */
export function createSenderCheck(origin: string, windowIds: () => ReadonlySet<number>): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return false;
    if (!windowIds().has(event.sender.id)) return false;
    return hostOriginOf(frame.url) === origin;
  };
}
