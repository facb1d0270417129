/**
 * One browser connection: every text frame is a call `{ id, method, request }` answered by
 * `{ type: 'result', id, result }`; pushed events go out batched (`{ type: 'events', events }`, at most one
 * message per 50 ms window). A frame that is not the wire format is answered `rejected` and changes
 * nothing. When the socket closes, its event subscription and pending batch go with it.
 */
import type { RawData, WebSocket } from 'ws';
import type { WorkbenchEvent } from '../shared/api';
import { clientFrameSchema } from '../shared/api/transport';
import type { ServerFrame } from '../shared/api/transport';
import { EnasError, toWireError } from '../shared/errors';
import { describeIssues } from '../host/describe-issues';
import { createEventBatcher } from '../host/event-batcher';
import type { Clock, Logger } from '../host/ports';
import type { UiDispatcher } from '../host/ui-dispatch';

export interface SocketSessionOptions {
  dispatcher: UiDispatcher<void>;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  clock: Clock;
  log: Logger;
  eventWindowMs: number;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
}

function parseFrame(data: Buffer, isBinary: boolean): ReturnType<typeof clientFrameSchema.parse> {
  if (isBinary) throw new EnasError('TRANSPORT_BAD_FRAME', 'expected a text frame holding JSON, received a binary frame');
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch {
    throw new EnasError('TRANSPORT_BAD_FRAME', `expected JSON, received ${data.length} bytes that do not parse`);
  }
  const parsed = clientFrameSchema.safeParse(raw);
  if (!parsed.success) throw new EnasError('TRANSPORT_BAD_FRAME', `not a call frame { id, method, request }: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function bindSocket(ws: WebSocket, options: SocketSessionOptions): void {
  const send = (frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const batcher = createEventBatcher((events) => send({ type: 'events', events }), options.clock, options.eventWindowMs);
  const unsubscribe = options.subscribe((event) => batcher.push(event));

  ws.on('message', (data: RawData, isBinary: boolean) => {
    let frame: ReturnType<typeof parseFrame>;
    try {
      frame = parseFrame(toBuffer(data), isBinary);
    } catch (err) {
      send({ type: 'rejected', error: toWireError(err) });
      return;
    }
    void options.dispatcher.dispatch(frame.method, frame.request, undefined).then((result) => {
      send({ type: 'result', id: frame.id, result });
    });
  });
  ws.on('close', () => {
    unsubscribe();
    batcher.dispose();
  });
  ws.on('error', (err) => options.log.log('warn', `a browser connection failed: ${err.message}`));
}
