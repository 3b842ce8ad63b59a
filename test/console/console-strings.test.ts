/** The console's own words: French and English have exactly the same keys (a missing English key
 * would show the French fallback to an English-speaking agent), and no value is empty. */
import { expect } from 'chai';
import en from '../../src/console/public/strings-en.js';
import fr from '../../src/console/public/strings-fr.js';

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    if (value && typeof value === 'object') for (const [k, v] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) out.set(k, v);
    else out.set(prefix + key, value);
  }
  return out;
}

describe('console strings: French and English', () => {
  const [french, english] = [flatten(fr), flatten(en)];

  it('have the same keys', () => {
    expect([...english.keys()].sort()).to.deep.equal([...french.keys()].sort());
  });

  it('have no empty value, and the same {{variables}} in each pair', () => {
    const variables = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of french) {
      expect(text, key).to.be.a('string').and.not.equal('');
      expect(english.get(key), key).to.be.a('string').and.not.equal('');
      expect(variables(english.get(key)), key).to.deep.equal(variables(text));
    }
  });
});
