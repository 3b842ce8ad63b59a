/** The parts the HTTP layer is built from; each route module takes only the ones it uses (a Pick). */
import type { Redis } from 'ioredis';
import type { AccountStore } from '../agents/accounts.js';
import type { ContactRequests } from '../contact/contact-requests.js';
import type { ConsoleServices } from '../console/services.js';
import type { ContentRuntime } from '../content/runtime.js';
import type { Clock } from '../core/clock.js';
import type { ConversationEvents, ConversationStore } from '../conversations/index.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import type { AgentDesk } from '../hub/agent-desk.js';
import type { AppointmentDesk } from '../hub/appointments.js';
import type { FollowUps } from '../hub/follow-ups.js';
import type { Hub } from '../hub/hub.js';
import type { Lifecycle } from '../hub/lifecycle.js';
import type { QuickExit } from '../hub/quick-exit.js';
import type { UnitForwards } from '../hub/unit-forwards.js';
import type { EasyReadChoice } from '../hub/easy-read-choice.js';
import type { LocaleChoice } from '../hub/locale-choice.js';
import type { Logger } from '../log.js';
import type { StationFinder } from '../stations/index.js';
import type { Stats } from '../stats/stats.js';
import type { TrustProxy } from './client-address.js';
import type { Holds } from './holds.js';
import type { RateLimiter } from './rate-limit.js';
import type { WidgetTheme } from './theme.js';

export interface WebParts {
  hub: Hub;
  lifecycle: Lifecycle;
  desk: AgentDesk;
  store: ConversationStore;
  events: ConversationEvents;
  handoff: HandoffQueue;
  accounts: AccountStore;
  runtime: ContentRuntime;
  stats: Stats;
  limiter: RateLimiter;
  /** Police stations and gendarmerie brigades, nearest first (src/stations). */
  stations: StationFinder;
  /** Presence, routing, audit, live bus: the agents' console (src/console/services.ts). */
  console: ConsoleServices;
  redis: Redis;
  log: Logger;
  /** The hub's clock: service hours and announcements are read on it. */
  clock: Clock;
  /** Follow-up codes: resuming a conversation from another device. */
  followUps: FollowUps;
  maxMessageChars: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** METRICS_TOKEN: what /metrics asks for (unset: loopback callers only). */
  metricsToken?: string;
  /** TRUST_PROXY: who may name the caller's address. */
  trustProxy: TrustProxy;
  /** Caps on sockets and long-polls held open, per conversation and per address. */
  holds: Holds;
  /** The citizen's quick exit (DELETE /api/v1/conversations/{id}). */
  quickExit: Pick<QuickExit, 'erase'>;
  /** Agents' forwards of a case to a unit, by e-mail (POST /api/v1/agent/conversations/{id}/forward). */
  forwards: Pick<UnitForwards, 'forward'>;
  /** The citizen's choice of language (POST /api/v1/conversations/{id}/locale). */
  localeChoice: Pick<LocaleChoice, 'choose'>;
  /** The citizen's choice of easy-to-read French (POST /api/v1/conversations/{id}/easy-read). */
  easyReadChoice: Pick<EasyReadChoice, 'choose'>;
  /** The contact form (POST /api/v1/contact). */
  contact: Pick<ContactRequests, 'open'>;
  /** What the widget is told about this hub (GET /api/v1/settings). */
  widget: WidgetSettings;
  /** Appointments agents confirm, and their calendar files. */
  appointments: Pick<AppointmentDesk, 'confirm' | 'confirmed'>;
  /** WIDGET_ORIGINS: the sites that may embed the chat bubble (frame-ancestors of the chat page). */
  widgetOrigins: string[];
  /** WIDGET_THEME: the style sheets of the chat, the help centre and the legal pages (web/theme.ts). */
  theme: WidgetTheme;
}

/** The hub's settings the citizen's page needs before anything happens. */
export interface WidgetSettings {
  /** Where "Quitter et effacer" goes (QUICK_EXIT_URL). */
  quickExitUrl: string;
  /** Whether the contact form may take an e-mail for the answer (SMTP_URL is set). */
  email: boolean;
}

/** What the citizen routes and the chat socket use. */
export type CitizenParts = Pick<
  WebParts,
  | 'hub'
  | 'lifecycle'
  | 'store'
  | 'events'
  | 'runtime'
  | 'limiter'
  | 'log'
  | 'maxMessageChars'
  | 'maxBodyBytes'
  | 'holds'
  | 'quickExit'
  | 'contact'
  | 'widget'
  | 'localeChoice'
  | 'easyReadChoice'
> & {
  console: Pick<ConsoleServices, 'bus'>;
};
/** What the public-service routes (hours, announcements, resume) use. */
export type ServiceParts = Pick<WebParts, 'runtime' | 'clock' | 'followUps' | 'store' | 'limiter' | 'log' | 'maxBodyBytes'>;
/** What the agent routes, the console routes and the console socket use. */
export type AgentParts = Pick<
  WebParts,
  'holds' | 'desk' | 'store' | 'events' | 'handoff' | 'accounts' | 'runtime' | 'console' | 'stats' | 'limiter' | 'log' | 'maxMessageChars' | 'maxBodyBytes'
>;
