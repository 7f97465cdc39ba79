// Setup file of every test file (vitest.config.ts): the Unix accounts a test file held are released after its
// last hook, so the last process that used an account deletes it (bench/unix-users.ts).
import { afterAll } from 'vitest';
import { releaseUsers } from '../../bench/unix-users.js';

// Registered first, so it runs after the test file's own afterAll hooks (stack order) have stopped its servers.
afterAll(() => releaseUsers());
