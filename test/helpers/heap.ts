/** Another process's V8 heap, read through its inspector (`--inspect=127.0.0.1:<port>`): a snapshot taken
 * after a full collection, and what keeps a given string alive in it. */
import WebSocket from 'ws';

/** A heap snapshot (JSON text) of the process whose inspector listens on `port`, after a full GC. */
export async function heapSnapshot(port: number): Promise<string> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const chunks: string[] = [];
  let next = 0;
  const send = (method: string, params: object = {}): Promise<void> =>
    new Promise((resolve) => {
      const id = ++next;
      const onMessage = (data: WebSocket.RawData): void => {
        const m = JSON.parse(data.toString()) as { id?: number; method?: string; params?: { chunk: string } };
        if (m.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(m.params!.chunk);
        if (m.id === id) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await send('HeapProfiler.enable');
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    ws.close();
  }
  return chunks.join('');
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** For each string of the heap that contains `needle`: the chain of objects that keeps it (one path, up
 * to `depth` links, weak links left out), so that a failing test says what holds the words. */
export function retainersOf(snapshotText: string, needle: string, depth = 8): string[] {
  const snap = JSON.parse(snapshotText) as Snapshot;
  const { meta } = snap.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [nType, nName, nEdges] = ['type', 'name', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
  const { nodes, edges, strings } = snap;
  const parents = new Map<number, [number, string]>();
  let e = 0;
  for (let n = 0; n < nodes.length; n += nf) {
    for (let i = 0; i < nodes[n + nEdges]!; i++, e += ef) {
      const type = meta.edge_types[0][edges[e + eType]!]!;
      if (type === 'weak' || parents.has(edges[e + eTo]!)) continue;
      const name = type === 'element' || type === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]!];
      parents.set(edges[e + eTo]!, [n, `${type} ${name}`]);
    }
  }
  const label = (n: number): string => `${meta.node_types[0][nodes[n + nType]!]} ${String(strings[nodes[n + nName]!]).slice(0, 60)}`;
  const paths: string[] = [];
  for (let n = 0; n < nodes.length; n += nf) {
    if (!String(strings[nodes[n + nName]!]).includes(needle)) continue;
    const path = [label(n)];
    for (let at = n, d = 0; d < depth && parents.has(at); d++) {
      const [parent, via] = parents.get(at)!;
      path.push(`${via} of ${label(parent)}`);
      at = parent;
    }
    paths.push(path.join(' ← '));
  }
  return paths;
}
