/** Authentication (DM Protocol §9, DM Security §5); the Package 0 codec is src/notification/package0.ts. */
export * from './basic.js';
export * from './md5.js';
export * from './hmac.js';
export * from './credentials.js';
