// The watch lists as the configuration holds them: globs for paths, commands and users, CIDRs for networks.
import { z } from 'zod';
import { parseCidr } from '../core/cidr.js';
import type { WatchLists } from '../core/watchlists.js';

const cidr = z.string().superRefine((s, ctx) => {
  try {
    parseCidr(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
const glob = z.string().min(1);

/** `watchlists` in config.json (absent until a list is set); every list optional. */
export const watchListsSchema = z
  .strictObject({
    sensitivePaths: z.array(glob).optional(),
    sensitiveCommands: z.array(glob).optional(),
    sensitiveUsers: z.array(glob).optional(),
    trustedNetworks: z.array(cidr).optional(),
  })
  .optional();

/** Type check: the schema's output is the core type. */
export const asWatchLists = (w: z.infer<typeof watchListsSchema>): WatchLists => w ?? {};
