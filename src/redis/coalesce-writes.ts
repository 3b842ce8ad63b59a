/**
 * Writes the commands a connection is sent during one turn of the event loop in one system call.
 * Each command ioredis sends is a write on its socket, and on this kind of machine a write to a
 * socket costs ~20 µs of the hub's thread whatever its size: under load, several requests are read in
 * the same turn of the loop and each sends its command. The first command of a turn corks the socket;
 * a `setImmediate` (after the loop's I/O callbacks of that turn) uncorks it, and Node writes what it
 * holds with one `writev`. Redis then reads them together and answers them together too.
 *
 * Unlike ioredis's auto-pipelining (taken out: its batch objects outlived young-generation
 * collections, app.ts), nothing is allocated per batch but the socket's own buffered chunks, and the
 * order of the commands on the connection is unchanged.
 */
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';

/** Makes `redis` cork its socket for the rest of each event-loop turn in which it sends a command. */
export function coalesceWrites(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  let corked: Socket | undefined;
  const uncork = (): void => {
    const socket = corked;
    corked = undefined;
    socket?.uncork();
  };
  redis.sendCommand = (command, stream) => {
    // `stream` is a pipeline's or a MULTI's own target: those write through it, not through ours.
    const socket = redis.stream as Socket | undefined; // typed as always there; absent before the first connect
    if (!corked && !stream && socket?.writable && redis.status === 'ready') {
      corked = socket;
      socket.cork();
      setImmediate(uncork);
    }
    return send(command, stream);
  };
  return redis;
}
