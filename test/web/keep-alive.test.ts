/** Idle keep-alive connections outlive a proxy's: nginx (docs/deploy.md) reuses an upstream connection
 * idle up to 60 s, and does not retry a POST that meets a connection the hub is closing (502, the
 * citizen's message lost). Node closes idle ones after 5 s unless told otherwise; the hub says how long
 * it keeps them in each response's `Keep-Alive` header, which is what this reads. */
import http from 'node:http';
import { expect } from 'chai';
import { useTestHub } from '../helpers/hub.js';

/** nginx's default `keepalive_timeout` for upstream connections. */
const NGINX_UPSTREAM_IDLE_SECONDS = 60;

function keepAliveHeader(url: string): Promise<{ connection?: string; keepAlive?: string }> {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          agent.destroy();
          resolve({ connection: res.headers.connection, keepAlive: res.headers['keep-alive'] as string | undefined });
        });
      })
      .on('error', reject);
  });
}

describe('keep-alive connections', () => {
  const running = useTestHub();

  it('are kept idle longer than nginx keeps its upstream connections', async () => {
    const { connection, keepAlive } = await keepAliveHeader(`${running.hub.url}/health`);
    expect(connection).to.equal('keep-alive');
    const timeout = Number(/timeout=(\d+)/.exec(keepAlive ?? '')?.[1]);
    expect(timeout, `Keep-Alive: ${keepAlive}`).to.be.greaterThan(NGINX_UPSTREAM_IDLE_SECONDS);
  });

  it('wait longer for a request’s headers than for the next request', () => {
    // Node refuses a request whose headers come after headersTimeout: it must not cut a kept connection short.
    const { server } = running.hub.app.server;
    expect(server.headersTimeout).to.be.greaterThan(server.keepAliveTimeout);
  });
});
