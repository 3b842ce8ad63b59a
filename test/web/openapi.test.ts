/** GET /api/v1/openapi.json: an OpenAPI 3 document covering every path of the shared contract and of
 * docs/api-extensions.md, and every route the hub actually serves. */
import { expect } from 'chai';
import { call, useTestHub } from '../helpers/hub.js';

/** The contract's HTTP routes (../shared/api-contract.md, which a clone does not have) and Relais's
 * additions (docs/api-extensions.md), as "METHOD /path". */
const CONTRACT = [
  'GET /health',
  'GET /metrics',
  'POST /api/v1/conversations',
  'POST /api/v1/conversations/{id}/messages',
  'GET /api/v1/conversations/{id}/messages',
  'POST /api/v1/conversations/{id}/close',
  'POST /api/v1/triage',
  'POST /api/v1/agent/session',
  'GET /api/v1/agent/queue',
  'POST /api/v1/agent/conversations/{id}/claim',
  'GET /api/v1/agent/conversations/{id}/messages',
  'POST /api/v1/agent/conversations/{id}/messages',
  'POST /api/v1/agent/conversations/{id}/close',
  'GET /api/v1/service',
  'POST /api/v1/conversations/resume',
  'POST /api/v1/contact',
  'DELETE /api/v1/conversations/{id}',
  'GET /aide',
  'GET /aide/{intent}',
  'GET /api/v1/help',
  'GET /api/v1/stations',
  'POST /api/v1/agent/conversations/{id}/appointment',
  'GET /api/v1/conversations/{id}/appointment.ics',
  'GET /widget.js',
  'GET /api/v1/agent/conversations',
  'POST /api/v1/agent/conversations/{id}/forward',
  'GET /api/v1/agent/stats.csv',
  'POST /webhooks/telegram',
  'GET /webhooks/whatsapp',
  'POST /webhooks/whatsapp',
  'GET /webhooks/messenger',
  'POST /webhooks/messenger',
  'POST /api/messages',
  'GET /console',
  'GET /',
];
const EXTENSIONS = [
  'DELETE /api/v1/agent/session',
  'GET /api/v1/agent/me',
  'GET /api/v1/agent/conversations/{id}',
  'POST /api/v1/agent/conversations/{id}/transfer',
  'GET /api/v1/agent/presence',
  'POST /api/v1/agent/presence',
  'GET /api/v1/agent/agents',
  'GET /api/v1/agent/canned',
  'PUT /api/v1/agent/canned',
  'GET /api/v1/agent/conversations/{id}/canned',
  'POST /api/v1/agent/conversations/{id}/canned/{cannedId}',
  'GET /api/v1/agent/content',
  'GET /api/v1/agent/stats',
  'GET /api/v1/agent/audit',
  'GET /api/v1/agent/socket',
  'GET /api/v1/conversations/{id}/socket',
  'GET /api/v1/openapi.json',
  'GET /mentions-legales',
  'GET /donnees-personnelles',
  'GET /accessibilite',
  'GET /api/v1/settings',
];

describe('OpenAPI description at /api/v1/openapi.json', () => {
  const running = useTestHub();
  let doc: any;

  before(async () => {
    const res = await call(`${running.hub.url}/api/v1/openapi.json`);
    expect(res.status).to.equal(200);
    doc = res.body;
  });

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );

  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).to.match(/^3\.\d+\.\d+$/);
    expect(doc.info).to.include.keys('title', 'version');
    expect(doc.paths).to.be.an('object');
  });

  it('describes every route of the contract and of the extensions', () => {
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(documented).to.include.members([...CONTRACT, ...EXTENSIONS]);
  });

  it('describes every API route the hub serves', () => {
    const routes = Object.values(running.hub.app.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>);
    const served = routes
      // The page folders (/, /console, /chat and their files) are static files.
      .filter((r) => !/\/:file$|.\/$|^\/chat$/.test(r.path))
      .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(served.length).to.be.above(20);
    expect(documented).to.include.members(served);
  });

  it('gives each operation its parameters, request schema and contract-shaped errors', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.responses, where).to.be.an('object');
      expect(
        Object.keys(op.responses).some((s) => /^[12]\d\d$/.test(s)),
        `${where} has a success response`,
      ).to.equal(true);
      for (const [, name] of path.matchAll(/\{(\w+)\}/g))
        expect(
          op.parameters?.some((p: any) => p.in === 'path' && p.name === name && p.required),
          `${where} declares {${name}}`,
        ).to.equal(true);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        expect(response.description, `${where} ${status}`).to.be.a('string');
        const codes = response.content?.['application/json']?.schema?.allOf?.[1]?.properties?.error?.properties?.code?.enum;
        if (codes)
          expect(
            codes.every((c: string) => /^[a-z_]+$/.test(c)),
            `${where} ${status} codes`,
          ).to.equal(true);
      }
    }
    const send = doc.paths['/api/v1/conversations/{id}/messages'].post;
    expect(send.requestBody.content['application/json'].schema.properties).to.have.keys('text', 'choice');
    expect(send.requestBody.content['application/json'].schema.oneOf).to.have.length(2);
    expect(send.responses['400'].content['application/json'].schema.allOf[1].properties.error.properties.code.enum).to.include.members([
      'invalid_json',
      'invalid_text',
      'invalid_choice',
      'invalid_message',
    ]);
    const read = doc.paths['/api/v1/conversations/{id}/messages'].get;
    expect(read.parameters.find((p: any) => p.name === 'wait').schema).to.deep.equal({ type: 'integer', minimum: 0, maximum: 30000 });
    expect(doc.paths['/api/v1/conversations'].post.requestBody.content['application/json'].schema.properties.locale.pattern).to.be.a('string');
  });

  it('describes the outgoing webhooks the hub POSTs (OpenAPI 3.1 webhooks), without any message text field', () => {
    const hooks = (doc as any).webhooks;
    expect(Object.keys(hooks).sort()).to.deep.equal(['closed', 'handed_off', 'urgent']);
    const body = hooks.urgent.post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).to.include.members(['delivery', 'event', 'at', 'conversation', 'sentAt']);
    expect(JSON.stringify(body)).not.to.match(/"text"|"summary"/);
    expect(hooks.urgent.post.description).to.include('X-Relais-Signature');
  });

  it('has every $ref resolve inside the document', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).to.be.above(0);
    for (const r of new Set(refs)) {
      const path = r.slice(8, -1).replace(/^#\//, '').split('/');
      expect(
        path.reduce((node: any, key) => node?.[key], doc),
        r,
      ).to.be.an('object');
    }
  });
});
