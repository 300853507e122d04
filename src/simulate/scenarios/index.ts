/** Every scenario webc2 can simulate, in the order `simulate --list` prints them. */

import { discordWebhook } from './discord-webhook.js';
import { fileioCurlUpload } from './fileio-curl-upload.js';
import { githubRawCurl } from './github-raw-curl.js';
import { onedriveGraph } from './onedrive-graph.js';
import { pasteShellLoop } from './paste-shell-loop.js';
import { pastebinApiPost } from './pastebin-api-post.js';
import { pastebinDeadDrop } from './pastebin-dead-drop.js';
import type { Scenario } from './scenario.js';
import { telegramPython } from './telegram-python.js';

export type { Scenario } from './scenario.js';

export const SCENARIOS: readonly Scenario[] = [
  pastebinDeadDrop,
  onedriveGraph,
  githubRawCurl,
  discordWebhook,
  telegramPython,
  pasteShellLoop,
  pastebinApiPost,
  fileioCurlUpload,
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
