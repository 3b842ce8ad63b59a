/** HEAD is GET without the body (RFC 9110 §9.3.2): uptime probes and link checkers send it, and a 405 on
 * /health reads to them as the hub being down. */
import http from 'node:http';
import { expect } from 'chai';
import { useTestHub } from '../helpers/hub.js';

function request(url: string, method: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject)
      .end();
  });
}

describe('HEAD requests', () => {
  const running = useTestHub();

  for (const path of ['/health', '/api/v1/openapi.json', '/', '/chat.css', '/api/v1/service']) {
    it(`answer ${path} as GET does, without a body`, async () => {
      const get = await request(`${running.hub.url}${path}`, 'GET');
      const head = await request(`${running.hub.url}${path}`, 'HEAD');
      expect(get.status).to.equal(200);
      expect(head.status).to.equal(get.status);
      expect(head.headers['content-type']).to.equal(get.headers['content-type']);
      expect(head.body).to.equal('');
    });
  }

  it('still refuse a method the route does not take', async () => {
    const res = await request(`${running.hub.url}/api/v1/triage`, 'HEAD');
    expect(res.status).to.equal(405);
  });
});
