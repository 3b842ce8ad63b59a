/** Follow-up codes of conversations handed to agents: issued at the hand-off, turned back into the
 * conversation when a citizen resumes it elsewhere. Only the code's keyed hash (the hub's secret) is
 * stored, linked to the conversation and erased with it (store.erase). */
import { newFollowUpCode, normaliseFollowUpCode } from '../conversations/follow-up-code.js';
import type { ConversationStore } from '../conversations/index.js';
import type { Secret } from '../secret.js';

/** Issues and resolves follow-up codes. */
export class FollowUps {
  constructor(private readonly o: { store: ConversationStore; secret: Pick<Secret, 'hash'> }) {}

  /** A new code for the conversation, as shown to the citizen; undefined when it is gone. */
  async issue(conversationId: string): Promise<string | undefined> {
    const code = newFollowUpCode();
    const linked = await this.o.store.linkFollowUp(conversationId, this.hash(normaliseFollowUpCode(code)!));
    return linked ? code : undefined;
  }

  /** The conversation a code (any case, with or without separators) leads to, if any. */
  async find(code: string): Promise<string | undefined> {
    const raw = normaliseFollowUpCode(code);
    if (!raw) return undefined;
    const id = await this.o.store.followUpTarget(this.hash(raw));
    return id && (await this.o.store.get(id)) ? id : undefined;
  }

  private hash(raw: string): string {
    return this.o.secret.hash(`followup:${raw}`);
  }
}
