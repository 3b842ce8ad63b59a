/** "Where is the police station?" in the chat, through the API channel: the bot asks for a postcode
 * or a commune and answers with the three nearest stations, or with the general answer when no
 * directory is imported. The first test runs before any import, the others after it. */
import { expect } from 'chai';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';
import { BRIGADES, POLICE_SAMPLE, stationsCommand } from './files.js';

describe('stations in the chat', function () {
  this.timeout(30_000);
  const running = useTestHub();

  /** A conversation and a way to say something and read the bot's next messages. */
  async function converse(locale = 'fr') {
    const { id, token } = (await call(`${running.hub.url}/api/v1/conversations`, { body: { locale } })).body;
    let seen = 1;
    const send = async (body: { text: string } | { choice: string }, until: (m: any) => boolean): Promise<any[]> => {
      const sent = await call(`${running.hub.url}/api/v1/conversations/${id}/messages`, { token, body });
      expect(sent.status).to.equal(202);
      const last = await waitForMessage(running.hub.url, id, token, (m) => m.from === 'bot' && until(m), sent.body.seq);
      const { body: read } = await call(`${running.hub.url}/api/v1/conversations/${id}/messages?after=${seen}`, { token });
      seen = last.seq;
      return read.messages.filter((m: any) => m.from === 'bot' && m.seq <= last.seq);
    };
    return { send };
  }

  it('without a directory, gives the general answer as before', async () => {
    const chat = await converse();
    const replies = await chat.send({ text: 'Où se trouve le commissariat le plus proche ?' }, (m) => m.choices?.some((c: any) => c.id === 'feedback.yes'));
    expect(replies[0].text).to.include('Ma Sécurité');
    expect(replies[0].links[0].url).to.equal('https://www.masecurite.interieur.gouv.fr/');
  });

  describe('with a directory imported', () => {
    before(() => {
      expect(stationsCommand(running.redis.url, ['import', POLICE_SAMPLE]).status).to.equal(0);
    });

    it('asks for a postcode, then lists the three nearest stations with their phone and a map link', async () => {
      const chat = await converse();
      const [ask] = await chat.send({ text: 'Où se trouve le commissariat le plus proche ?' }, () => true);
      expect(ask.text).to.match(/code postal ou votre commune/);
      expect(ask.choices.map((c: any) => c.id)).to.deep.equal(['menu']);

      const [answer, help] = await chat.send({ text: '01100' }, (m) => m.choices?.some((c: any) => c.id === 'feedback.yes'));
      const blocks = answer.text.split('\n\n');
      expect(blocks[0]).to.equal('Les plus proches de 01100 :');
      expect(blocks[1]).to.equal("1. Commissariat de police d'Oyonnax\n57 Rue Pasteur, 01100 OYONNAX\n☎ +33 4 74 77 47 33");
      expect(blocks[2]).to.equal('2. Commissariat de police de Bourg en Bresse (à 33 km)\n4 Rue des Remparts, 01000 BOURG EN BRESSE\n☎ +33 4 74 47 20 20');
      expect(blocks[3]).to.match(/^3\. Commissariat de police de Château Thierry \(à 354 km\)/);
      expect(answer.links[0]).to.deep.equal({
        label: "Plan : Commissariat de police d'Oyonnax",
        url: 'https://www.openstreetmap.org/?mlat=46.2538898&mlon=5.65241071#map=17/46.2538898/5.65241071',
      });
      expect(answer.links).to.have.length(3);
      expect(help.text).to.equal('Cette réponse vous aide-t-elle ?');
    });

    it('works from the menu, in the citizen\u2019s language, with a commune inside a sentence', async () => {
      const chat = await converse('en');
      await chat.send({ choice: 'information' }, () => true);
      const [ask] = await chat.send({ choice: 'commissariat' }, () => true);
      expect(ask.text).to.match(/postcode or your town/);
      const [answer] = await chat.send({ text: 'I am in Saint-Quentin' }, (m) => m.choices?.some((c: any) => c.id === 'feedback.yes'));
      expect(answer.text).to.match(/^Nearest to ST QUENTIN:\n\n1\. Commissariat de police de Saint Quentin\n/);
      expect(answer.links[0].label).to.equal('Map: Commissariat de police de Saint Quentin');
    });

    it('gives the general answer for a place it does not know', async () => {
      const chat = await converse();
      await chat.send({ text: 'Où se trouve le commissariat le plus proche ?' }, () => true);
      const [notFound, general] = await chat.send({ text: 'Atlantis' }, (m) => m.choices?.some((c: any) => c.id === 'feedback.yes'));
      expect(notFound.text).to.match(/^Je n'ai trouvé aucun commissariat/);
      expect(general.text).to.include('Ma Sécurité');
    });

    it('gives a brigade\u2019s opening hours once the gendarmerie directory is imported too', async () => {
      expect(stationsCommand(running.redis.url, ['import', BRIGADES, '--source', 'gendarmerie']).status).to.equal(0);
      const chat = await converse();
      await chat.send({ text: 'Où est la brigade de gendarmerie la plus proche ?' }, () => true);
      const [answer] = await chat.send({ text: 'Nantua' }, (m) => m.choices?.some((c: any) => c.id === 'feedback.yes'));
      expect(answer.text.split('\n\n')[1]).to.equal(
        '1. Brigade de gendarmerie de Nantua\n2 Rue du Collège, 01130 Nantua\n☎ +33 4 74 75 00 17\nHoraires : lun. – ven. 08:00–12:00, 14:00–18:00 ; sam. 08:00–12:00',
      );
    });
  });
});
