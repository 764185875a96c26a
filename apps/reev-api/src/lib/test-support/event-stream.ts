export interface ReceivedEvent {
  id: number | undefined;
  type: string;
  /** `any`: specs read whatever fields they check. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** The next event (waits for it); undefined once the stream has ended. */
  next(): Promise<ReceivedEvent | undefined>;
  /** Every remaining event until the server ends the stream. */
  rest(): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

function parseBlock(block: string): ReceivedEvent | undefined {
  let id: number | undefined;
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { id, type, data: JSON.parse(data.join('\n')) as unknown };
}

/** A Server-Sent Events client over real HTTP (fetch), parsing the stream as it arrives. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const queued: ReceivedEvent[] = [];

  const next = async (): Promise<ReceivedEvent | undefined> => {
    for (;;) {
      const ready = queued.shift();
      if (ready) return ready;
      if (ended || !reader) return undefined;
      const chunk = await reader.read();
      if (chunk.done) {
        ended = true;
        continue;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const event = parseBlock(buffer.slice(0, boundary));
        buffer = buffer.slice(boundary + 2);
        if (event) queued.push(event);
      }
    }
  };

  return {
    status: response.status,
    headers: response.headers,
    next,
    rest: async () => {
      const events: ReceivedEvent[] = [];
      for (let event = await next(); event; event = await next()) events.push(event);
      return events;
    },
    close: async () => {
      controller.abort();
      await reader?.cancel().catch(() => undefined);
    },
  };
}
