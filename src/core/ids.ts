import { randomUUID } from 'node:crypto';
/** Record ids are random UUIDs: unguessable, so an id in a URL leaks nothing about volume. */
export const newId = () => randomUUID();
