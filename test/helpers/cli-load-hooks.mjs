// Module customization hooks (node:module register) that append the URL of every module Node
// loads, ESM or CommonJS entered through import, to the file named by FAULTLINE_LOAD_LOG.
import { appendFileSync } from 'node:fs';

const log = process.env.FAULTLINE_LOAD_LOG;

export async function load(url, context, nextLoad) {
  if (log !== undefined) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
