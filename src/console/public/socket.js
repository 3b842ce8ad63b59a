/*
 * Relais console — the live link (/api/v1/agent/socket): auth frame first, then server pushes
 * (queue, mine, messages, typing, stats...). Reconnects with back-off; `onOpen` re-follows what was shown.
 */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;

/** One console socket; `handlers[type](frame)` receives each server frame. */
export class ConsoleSocket {
  constructor(token, handlers, events) {
    this.token = token;
    this.handlers = handlers;
    this.events = events; // {onOpen(), onDown(), onUnauthorized()}
    this.ws = null;
    this.ready = false;
    this.stopped = false;
    this.failures = 0;
    this.timer = 0;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, 'bye');
    this.ws = null;
    this.ready = false;
  }

  /** Sends a frame when the link is up; returns false when it is not. */
  send(frame) {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  connect() {
    const url = `${(location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host}/api/v1/agent/socket`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (_) {
      return this.retry();
    }
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: this.token }));
    ws.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      if (!frame || typeof frame.type !== 'string') return;
      if (frame.type === 'ready') {
        this.ready = true;
        this.failures = 0;
        this.events.onOpen(frame);
      }
      const handler = this.handlers[frame.type];
      if (handler) handler(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ready = false;
      this.ws = null;
      if (event.code === 4401) return this.events.onUnauthorized();
      if (!this.stopped) {
        this.events.onDown();
        this.retry();
      }
    };
  }

  retry() {
    if (this.stopped) return;
    this.failures += 1;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(this.failures, 6)) * (0.75 + Math.random() / 2);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
