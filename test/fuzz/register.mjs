/** `node --import ./test/fuzz/register.mjs file.ts`: runs TypeScript through test/fuzz/ts-loader.mjs. */
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
