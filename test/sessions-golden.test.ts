// Golden screens of FTP Sessions, Display Session Messages and the remove confirmation at 80×24 and 132×27,
// over the sessions the real pipeline made of the bundled real vsftpd and sshd/internal-sftp logs.
// UPDATE_GOLDEN=1 npx vitest run test/sessions-golden.test.ts rewrites the files; review the diff before committing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import { demoServices } from './support/session-services.js';
import { golden } from './support/golden-file.js';

let services: Awaited<ReturnType<typeof demoServices>>;
beforeAll(async () => {
  services = await demoServices();
});
afterAll(() => services?.close());

const keys = (nav: Navigator, ...names: string[]) => names.forEach((k) => nav.key(k));

/** Page Down and Down keys that put the FTP Sessions cursor on thomask's FTP session (17 messages, logged out). */
function toThomask(rows: number): string[] {
  const at = services.sessions.list({}, 1000).findIndex((s) => s.system === 'web1' && s.user === 'thomask' && s.endedBy === 'logout');
  const page = rows - 10; // title, date, instructions, legend, blank, headings above; More, legend, message line below
  return [...Array<string>(Math.floor(at / page)).fill('pagedown'), ...Array<string>(at % page).fill('down')];
}

const SCREENS: Record<string, (nav: Navigator, rows: number) => void> = {
  'ftp-sessions': (nav) => keys(nav, 'f15'),
  'session-messages': (nav, rows) => keys(nav, 'f15', ...toThomask(rows), '5', 'enter'),
  'confirm-remove-session': (nav) => keys(nav, 'f15', '4', 'down', 'down', '4', 'enter'),
};

describe('golden screens of FTP sessions', () => {
  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    for (const [name, go] of Object.entries(SCREENS)) {
      it(`${name} ${cols}x${rows}`, () => {
        const nav = Navigator.console(services, { cols, rows });
        go(nav, rows);
        expect(nav.current.id).toBe(name);
        const grid = nav.render();
        golden(`${name}-${cols}x${rows}.txt`, grid.toText());
        golden(`${name}-${cols}x${rows}.attr.txt`, grid.toAttrText());
      });
    }
  }
});
