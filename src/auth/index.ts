/** Authentication (DM Protocol §9, DM Security §5) and Package 0 (DM Notification §6). */
export * from './basic.js';
export * from './md5.js';
export * from './hmac.js';
export * from './notification.js';
export * from './credentials.js';
