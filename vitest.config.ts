import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test Unix accounts are released after each file; the last holder deletes them (bench/unix-users.ts).
    setupFiles: ['test/support/users-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real servers (vsftpd, sshd, rsyslogd) and tmux sessions: keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
