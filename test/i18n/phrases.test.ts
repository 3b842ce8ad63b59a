/** The phrases' lookup keeps each reading and language apart, and variables always interpolated,
 * now that phrases without variables are kept after their first lookup. */
import { expect } from 'chai';
import { createPhrases } from '../../src/i18n/phrases.js';

describe('phrases: lookup and its cache', () => {
  const phrases = createPhrases({
    hello: { fr: 'Bonjour', en: 'Hello', fr_falc: 'Bonjour (facile)' },
    queue: { fr: 'Vous êtes {{position}}e', en: 'You are number {{position}}' },
  });

  it('the same key asked again in another reading or language gets that text, not the first one kept', () => {
    expect(phrases.t('hello', 'fr')).to.equal('Bonjour');
    expect(phrases.t('hello', 'fr', {}, { easyRead: true })).to.equal('Bonjour (facile)');
    expect(phrases.t('hello', 'fr')).to.equal('Bonjour');
    expect(phrases.t('hello', 'en-GB')).to.equal('Hello');
    expect(phrases.t('hello', 'de')).to.equal('Hello'); // the fallback, then kept for de
    expect(phrases.t('hello', 'de', {}, { easyRead: true })).to.equal('Hello');
  });

  it('variables are interpolated on every call', () => {
    expect(phrases.t('queue', 'fr', { position: 2 })).to.equal('Vous êtes 2e');
    expect(phrases.t('queue', 'fr', { position: 3 })).to.equal('Vous êtes 3e');
  });

  it('a content reload (a new instance) does not see the old texts', () => {
    const reloaded = createPhrases({ hello: { fr: 'Salut', en: 'Hi' } });
    expect(phrases.t('hello', 'fr')).to.equal('Bonjour');
    expect(reloaded.t('hello', 'fr')).to.equal('Salut');
  });
});
