/** The public service on the messaging apps (issue 13): the announcement in force first, a hand-off
 * out of hours with when agents are back and a follow-up code, the nearest station to a postcode, and
 * the erase command — on Telegram and WhatsApp, through the real channels against their fakes. The
 * hub's clock says Tuesday 1 December 2026, 22:30 in Paris: the agents (08:00-20:00) are away. */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClock } from '../helpers/clock.js';
import { ROOT, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { everythingIn } from '../helpers/redis-dump.js';
import { POLICE_SAMPLE, stationsCommand } from '../stations/files.js';
import { eventually, isWelcome, waitForPlatform } from './helpers/journey.js';
import { attachTelegram, attachWhatsappCloud, type Platform } from './helpers/platforms.js';

const NOTICE = 'Mouvement social : délais allongés.';
const NOTICE_LINK = 'https://www.masecurite.interieur.gouv.fr/';
const ANNOUNCEMENTS = `
announcements:
  - id: expired
    until: 2026-11-30
    text: {fr: "Annonce terminée"}
  - id: strike
    until: 2026-12-03 18:00
    text: {fr: "${NOTICE}"}
    links:
      - label: {fr: "Porter plainte en ligne"}
        url: ${NOTICE_LINK}
`;
const CODE = /\b[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}\b/;
const WORDS = 'mon voisin Kerbrat-Zyxwv me suit depuis la gare';

describe('public service on the messaging apps', function () {
  this.timeout(60_000);
  const clock = testClock(Date.UTC(2026, 11, 1, 21, 30));
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  const platforms: Platform[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-flows-'));
    for (const sub of ['flows', 'knowledge']) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
    const shipped = readFileSync(join(ROOT, 'flows/service.yaml'), 'utf8');
    writeFileSync(join(dir, 'flows/service.yaml'), shipped.replace(/^announcements:[\s\S]*$/m, ANNOUNCEMENTS));
    redis = await startTestRedis();
    expect(stationsCommand(redis.url, ['import', POLICE_SAMPLE]).status).to.equal(0);
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir }, { clock });
    platforms.push(await attachTelegram(hub), await attachWhatsappCloud(hub));
  });
  after(async () => {
    await hub?.stop();
    for (const platform of platforms) await platform.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [index, name] of ['Telegram', 'WhatsApp'].entries()) {
    const platform = () => platforms[index]!;

    describe(name, () => {
      it('shows the announcement in force first in a new conversation, with its link, then the welcome', async () => {
        const citizen = platform().citizen(1);
        await citizen.start();
        await waitForPlatform(citizen, isWelcome);
        const [first, second] = citizen.received();
        expect(first!.text).to.include(NOTICE);
        expect(first!.urls).to.include(NOTICE_LINK);
        expect(isWelcome(second!)).to.equal(true);
        expect(citizen.received().filter((m) => m.text.includes(NOTICE))).to.have.length(1);
        expect(citizen.received().some((m) => m.text.includes('Annonce terminée'))).to.equal(false);
      });

      it('out of hours, asking for an agent says when they are back and gives a follow-up code', async () => {
        const citizen = platform().citizen(2);
        await citizen.start();
        const welcome = await waitForPlatform(citizen, isWelcome);
        await citizen.say('je voudrais parler à un policier');
        const notice = await waitForPlatform(citizen, (m) => CODE.test(m.text), welcome.index + 1);
        const told = citizen
          .received()
          .slice(welcome.index + 1)
          .map((m) => m.text)
          .join('\n');
        expect(told).to.include('mercredi 2 décembre à 08:00');
        expect(notice.message.text).to.match(/code de suivi : [2-9A-Z]{4}-/);
        expect(told).to.include('17').and.include('112');
      });

      it('asks for a postcode and answers with the nearest station, its phone and a map link', async () => {
        const citizen = platform().citizen(3);
        await citizen.start();
        const welcome = await waitForPlatform(citizen, isWelcome);
        await citizen.say('Où se trouve le commissariat le plus proche ?');
        const ask = await waitForPlatform(citizen, (m) => /code postal ou votre commune/.test(m.text), welcome.index + 1);
        // The way back to the menu is a native button.
        expect(ask.message.choices).to.have.length(1);
        await citizen.say('01100');
        const answer = await waitForPlatform(citizen, (m) => m.text.startsWith('Les plus proches de 01100'), ask.index + 1);
        expect(answer.message.text).to.include("1. Commissariat de police d'Oyonnax\n57 Rue Pasteur, 01100 OYONNAX\n☎ +33 4 74 77 47 33");
        expect(answer.message.text).to.include('2. Commissariat de police de Bourg en Bresse (à 33 km)');
        expect(answer.message.urls).to.include('https://www.openstreetmap.org/?mlat=46.2538898&mlon=5.65241071#map=17/46.2538898/5.65241071');
        expect(answer.message.urls.filter((u) => u.startsWith('https://www.openstreetmap.org/'))).to.have.length(3);

        const help = await waitForPlatform(citizen, (m) => /vous aide-t-elle/.test(m.text), answer.index);
        expect(help.message.choices.length).to.be.greaterThan(1);
      });

      it('erases the conversation on "/effacer" and answers one line, leaving no word in Redis', async () => {
        const citizen = platform().citizen(4);
        await citizen.start();
        const welcome = await waitForPlatform(citizen, isWelcome);
        await citizen.say(WORDS);
        await eventually(() => citizen.received().length > welcome.index + 1, 'the answer to the first words');
        expect(await everythingIn(hub.app.ctx.redis)).to.include('Kerbrat-Zyxwv');
        const before = citizen.received().length;
        await citizen.say('/effacer');
        const line = await waitForPlatform(citizen, (m) => /effacée/.test(m.text), before);
        expect(line.message.text).to.equal(
          "Conversation effacée : nous n'en gardons rien. Vous pouvez supprimer aussi cette discussion de votre téléphone. En cas d'urgence, appelez le 17 ou le 112.",
        );
        expect(line.message.choices).to.deep.equal([]);
        await eventually(async () => !(await everythingIn(hub.app.ctx.redis)).includes('Kerbrat-Zyxwv'), 'the words gone from Redis');
        expect(await everythingIn(hub.app.ctx.redis)).not.to.include('effacer');
        // Nothing follows the line but what a new message opens: a new conversation, announcement first.
        const after = citizen.received().length;
        await citizen.say('bonjour');
        await waitForPlatform(citizen, isWelcome, after);
        expect(citizen.received()[after]!.text).to.include(NOTICE);
      });
    });
  }
});
