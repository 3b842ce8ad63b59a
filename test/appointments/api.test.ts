/** Appointments through the contract: the citizen asks for one in the flow (API channel, stations
 * imported from the test fixtures), the request reaches the agents as a hand-off with an internal
 * note, an agent holding the conversation confirms, the citizen reads the confirmation and downloads
 * the .ics with their token (header or ?token=); access is refused as the desk refuses a reply. */
import { expect } from 'chai';
import { call, useTestHub, waitForMessage, waitForQueueEntry } from '../helpers/hub.js';
import { BRIGADES, stationsCommand } from '../stations/files.js';

const PASSWORD = 'a long test password';
const YEAR = new Date().getUTCFullYear() + 1;
/** 09:30 in Paris in March (UTC+1). */
const AT = `${YEAR}-03-13T09:30:00+01:00`;

describe('appointments through the API', function () {
  this.timeout(40_000);
  const running = useTestHub();
  const url = () => running.hub.url;
  let alice: string;
  let bob: string;
  let conv: { id: string; token: string };

  async function login(name: string): Promise<string> {
    await running.hub.app.ctx.accounts.add(name, PASSWORD, 'agent', { display: name === 'alice' ? 'Gendarme Alice' : undefined });
    return (await call(`${url()}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
  }

  /** Sends a citizen message and waits for the bot's reply that matches `until`. */
  async function say(body: { text: string } | { choice: string }, until: (m: any) => boolean): Promise<any> {
    const sent = await call(`${url()}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body });
    expect(sent.status).to.equal(202);
    return waitForMessage(url(), conv.id, conv.token, (m) => m.from !== 'citizen' && until(m), sent.body.seq);
  }

  before(async () => {
    expect(stationsCommand(running.redis.url, ['import', BRIGADES]).status).to.equal(0);
    alice = await login('alice');
    bob = await login('bob');
    conv = (await call(`${url()}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
  });

  it('asks where, offers the three nearest stations, then the half-days, and hands the request to agents', async () => {
    const info = await say({ choice: 'information' }, (m) => m.choices?.some((c: any) => c.id === 'appointment'));
    expect(info.choices.find((c: any) => c.id === 'appointment').label).to.equal('Prendre rendez-vous');
    const where = await say({ choice: 'appointment' }, () => true);
    expect(where.text).to.match(/code postal ou votre commune/);
    const stations = await say({ text: '01100' }, (m) => m.choices?.some((c: any) => c.id.startsWith('station.')));
    expect(stations.choices.map((c: any) => c.id)).to.deep.equal(['station.0', 'station.1', 'station.2', 'menu']);
    expect(stations.choices[0].label).to.equal("Brigade de gendarmerie d'Oyonnax — 4 Rue Anatole France, 01100 Oyonnax");
    const halfDays = await say({ choice: 'station.0' }, (m) => m.choices?.some((c: any) => c.id.startsWith('halfday.')));
    expect(halfDays.text).to.match(/^Brigade de gendarmerie d'Oyonnax : quelle demi-journée/);
    expect(halfDays.choices).to.have.length(10);
    expect(halfDays.choices.slice(0, 3).map((c: any) => c.label)).to.deep.equal(['lundi matin', 'lundi après-midi', 'mardi matin']);
    const handed = await say({ choice: 'halfday.tue_am' }, (m) => /demande de rendez-vous/.test(m.text));
    expect(handed.text).to.include("(Brigade de gendarmerie d'Oyonnax, mardi matin)");
    expect(handed.text).to.match(/code de suivi/i);

    // The queue entry follows the hand-off's event, after the notice read above.
    expect(await waitForQueueEntry(url(), alice, conv.id), 'queued').to.not.equal(undefined);
    const { body: all } = await call(`${url()}/api/v1/agent/conversations/${conv.id}/messages`, { token: alice });
    const note = all.messages.find((m: any) => m.from === 'system' && /Demande de rendez-vous/.test(m.text));
    expect(note.text).to.equal(
      "📅 Demande de rendez-vous — lieu : Brigade de gendarmerie d'Oyonnax (gn-01-oyonnax) ; disponibilités : mardi matin. Confirmez avec « Rendez-vous ».",
    );
    // The note is the agents' only: the citizen never reads it.
    const { body: mine } = await call(`${url()}/api/v1/conversations/${conv.id}/messages`, { token: conv.token });
    expect(mine.messages.some((m: any) => /Demande de rendez-vous/.test(m.text))).to.equal(false);
    // The request in progress is gone from the conversation once handed over.
    expect((await running.hub.app.ctx.store.get(conv.id))?.appointmentRequest).to.equal(undefined);
  });

  it('refuses a confirmation from an agent who does not hold the conversation (409 waiting, 404 someone else\u2019s)', async () => {
    const body = { stationId: 'gn-01-oyonnax', at: AT };
    const waiting = await call(`${url()}/api/v1/agent/conversations/${conv.id}/appointment`, { token: alice, body });
    expect(waiting.status).to.equal(409);
    expect(waiting.body.error.code).to.equal('not_waiting');
    expect((await call(`${url()}/api/v1/agent/conversations/${conv.id}/claim`, { token: alice, body: {} })).status).to.equal(200);
    const other = await call(`${url()}/api/v1/agent/conversations/${conv.id}/appointment`, { token: bob, body });
    expect(other.status).to.equal(404);
    expect((await call(`${url()}/api/v1/agent/conversations/${conv.id}/appointment`, { body })).status).to.equal(401);
  });

  it('answers 404 for the .ics before any appointment is confirmed', async () => {
    const res = await fetch(`${url()}/api/v1/conversations/${conv.id}/appointment.ics`, { headers: { authorization: `Bearer ${conv.token}` } });
    expect(res.status).to.equal(404);
    expect((await res.json()).error.code).to.equal('no_appointment');
  });

  it('checks the body: "at" needs its offset, the station must exist', async () => {
    const post = (body: unknown) => call(`${url()}/api/v1/agent/conversations/${conv.id}/appointment`, { token: alice, body });
    const noOffset = await post({ stationId: 'gn-01-oyonnax', at: `${YEAR}-03-13T09:30:00` });
    expect(noOffset.status).to.equal(400);
    expect(noOffset.body.error.code).to.equal('invalid_at');
    expect((await post({ stationId: 'gn-01-oyonnax', at: 'demain' })).body.error.code).to.equal('invalid_at');
    expect((await post({ at: AT })).body.error.code).to.equal('invalid_stationId');
    const unknown = await post({ stationId: 'nowhere', at: AT });
    expect(unknown.status).to.equal(400);
    expect((await post({ stationId: 'gn-01-oyonnax', at: '2001-03-13T09:30:00+01:00' })).status).to.equal(400);
  });

  it('confirms: the citizen reads the station, its address and the time in French on the service\u2019s clock', async () => {
    const res = await call(`${url()}/api/v1/agent/conversations/${conv.id}/appointment`, {
      token: alice,
      body: { stationId: 'gn-01-oyonnax', at: AT, note: "Apportez une pièce d'identité." },
    });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      status: 'confirmed',
      appointment: { stationId: 'gn-01-oyonnax', at: `${YEAR}-03-13T08:30:00.000Z`, note: "Apportez une pièce d'identité." },
    });
    const confirmation = await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'agent' && /rendez-vous est fixé/.test(m.text));
    expect(confirmation.text).to.match(new RegExp(`^📅 Votre rendez-vous est fixé le \\w+ 13 mars ${YEAR} à 09:30\\.`));
    expect(confirmation.text).to.include("Brigade de gendarmerie d'Oyonnax\n4 Rue Anatole France, 01100 Oyonnax\nApportez une pièce d'identité.");
    expect(confirmation.author).to.equal('Gendarme Alice');
    expect(confirmation.links).to.deep.equal([{ label: 'Ajouter à mon agenda (.ics)', url: `/api/v1/conversations/${conv.id}/appointment.ics` }]);
  });

  it('serves the .ics with the token as a header or as ?token=', async () => {
    const path = `${url()}/api/v1/conversations/${conv.id}/appointment.ics`;
    for (const res of [
      await fetch(path, { headers: { authorization: `Bearer ${conv.token}` } }),
      await fetch(`${path}?token=${encodeURIComponent(conv.token)}`),
    ]) {
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/calendar/);
      const text = await res.text();
      expect(text.endsWith('\r\n')).to.equal(true);
      expect(text.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
      const lines = text.replace(/\r\n /g, '').split('\r\n');
      expect(lines[0]).to.equal('BEGIN:VCALENDAR');
      expect(lines).to.include.members([
        'BEGIN:VEVENT',
        `DTSTART:${YEAR}0313T083000Z`,
        'DURATION:PT30M',
        "SUMMARY:Rendez-vous : Brigade de gendarmerie d'Oyonnax",
        "LOCATION:Brigade de gendarmerie d'Oyonnax\\, 4 Rue Anatole France\\, 01100 Oyonnax",
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(lines.some((l) => /^UID:[0-9a-f-]{36}@relais$/.test(l))).to.equal(true);
      expect(lines.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).to.equal(true);
    }
  });

  it('refuses a wrong token (404) and no token (401)', async () => {
    const path = `${url()}/api/v1/conversations/${conv.id}/appointment.ics`;
    expect((await fetch(`${path}?token=wrong`)).status).to.equal(404);
    expect((await fetch(path, { headers: { authorization: 'Bearer wrong' } })).status).to.equal(404);
    expect((await fetch(path)).status).to.equal(401);
    expect((await fetch(`${url()}/api/v1/conversations/00000000-0000-4000-8000-000000000000/appointment.ics?token=${conv.token}`)).status).to.equal(404);
  });

  it('erases the appointment with the conversation', async () => {
    expect((await call(`${url()}/api/v1/conversations/${conv.id}`, { method: 'DELETE', token: conv.token })).status).to.equal(204);
    // (The audit's "read once" marker names the id, not the content, and expires by itself.)
    const left = (await running.hub.app.ctx.redis.keys(`*${conv.id}*`)).filter((k) => !k.includes(':audit:once:'));
    expect(left).to.deep.equal([]);
    expect((await fetch(`${url()}/api/v1/conversations/${conv.id}/appointment.ics?token=${conv.token}`)).status).to.equal(404);
  });
});
