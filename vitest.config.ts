import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real servers (vsftpd, sshd, rsyslogd) and tmux sessions: keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
