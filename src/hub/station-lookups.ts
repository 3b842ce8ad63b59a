/** The turn step that looks stations up for the flow engine, which does no I/O: whether any station
 * is imported (then "where is the station?" asks for a place), and, when the bot asked for a place,
 * the stations nearest to what the citizen wrote, as a ready reply, or as choices when the place is
 * that of an appointment (DialogueLookups). */
import type { DialogueLookups } from '../flows/engine.js';
import { InvalidPlace, type Station, type StationFinder, nearbyReply } from '../stations/index.js';
import type { TurnStep } from './turn.js';

/** How many stations the bot lists. */
const LISTED = 3;

/** The step, placed before the flow engine's. */
export function stationLookups(stations: StationFinder): TurnStep {
  return async (ctx, next) => {
    const lookups: DialogueLookups = { stationsAvailable: await stations.available() };
    const { conv, message } = ctx;
    if (lookups.stationsAvailable && conv.pending === 'place' && message.choice === undefined && message.text) {
      const found = await findNear(stations, message.text);
      // In the conversation's language: a place name says nothing of the citizen's (flow engine).
      lookups.nearby = found ? nearbyReply(found, ctx.version.phrases, conv.locale) : null;
    }
    if (conv.pending === 'appointment_place' && message.choice === undefined && message.text) {
      const found = await findNear(stations, message.text);
      lookups.stationChoices = (found?.stations ?? []).map((s) => ({ id: s.id, name: s.name, label: stationLabel(s) }));
    }
    ctx.lookups = lookups;
    await next();
  };
}

/** A station as a choice: its name and where it is, so that two "Commissariat de police" differ. */
function stationLabel(s: Station): string {
  const where = [s.address, `${s.postcode} ${s.commune}`.trim()].filter(Boolean).join(', ');
  return where ? `${s.name} — ${where}` : s.name;
}

async function findNear(stations: StationFinder, text: string) {
  try {
    return await stations.near(text, { limit: LISTED, inText: true });
  } catch (err) {
    // Words that cannot be a place ("12", a long sentence) are simply not found.
    if (err instanceof InvalidPlace) return undefined;
    throw err;
  }
}
