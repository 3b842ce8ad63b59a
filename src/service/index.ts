/** The public service's hours and announcements (flows/service.yaml), read on the injected clock. */
export { activeAnnouncements, type ShownAnnouncement } from './announcements.js';
export { formatServiceTime, serviceStatus, weeklyHours, type ServiceStatus } from './hours.js';
export { isDay, isTimeZone, zonedInstant, zonedParts } from './zoned.js';
