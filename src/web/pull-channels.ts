/** The web chat and the API as channels: pull channels, whose citizens read the transcript (socket,
 * long-poll) instead of being sent each reply. They enter the hub like any other channel. */
import type { Channel } from '../core/channel.js';

function pullChannel(id: string): Channel {
  return {
    id,
    // Rendered by the widget or the integrator: any number of buttons, long texts.
    capabilities: { buttons: 100, lists: 100, maxText: 100_000 },
    start: async () => {},
    stop: async () => {},
  };
}

/** The citizen web chat (the widget at `/`, over its socket or long-polls). */
export const webChannel = pullChannel('web');
/** The HTTP API channel of the contract. */
export const apiChannel = pullChannel('api');
