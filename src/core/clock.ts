/** Time source passed to services so tests can pin "now". Instants are ISO-8601 UTC strings. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
export const isoNow = (clock: Clock) => clock.now().toISOString();
