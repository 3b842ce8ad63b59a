/** A write confirmation (createApp's `confirmWrite`) that refuses the next writes it is told to, after
 * they were stored: what an unsure Sentinel failover does (503, the write possibly kept). */
import { type ConfirmWrite, NotReplicatedError } from '../../src/redis/sentinel-confirmation.js';

export interface RefusingConfirmation {
  confirmWrite: ConfirmWrite;
  /** The next `count` confirmations refuse (0: none). */
  refuseNext(count: number): void;
}

export function refusingConfirmation(): RefusingConfirmation {
  let refuse = 0;
  return {
    confirmWrite: async () => {
      if (refuse <= 0) return;
      refuse--;
      throw new NotReplicatedError('test: the write is not known to be on a replica');
    },
    refuseNext: (count) => {
      refuse = count;
    },
  };
}
