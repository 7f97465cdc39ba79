// A module loader hook (node --import test/support/module-trace.mjs): writes every module URL the program loads to
// the file named by MODULE_TRACE, one a line, so a test can check what a command loads at start-up.
import fs from 'node:fs';
import { register } from 'node:module';

if (process.env.MODULE_TRACE) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      import fs from 'node:fs';
      export async function resolve(spec, ctx, next) {
        const r = await next(spec, ctx);
        fs.appendFileSync(${JSON.stringify(process.env.MODULE_TRACE)}, r.url + '\\n');
        return r;
      }`)}`,
  );
  fs.writeFileSync(process.env.MODULE_TRACE, '');
}
