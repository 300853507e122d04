/** What every exporter takes and gives: the catalogue and options in, named files out. */

import type { Catalog } from '../rules/catalog/domain-match.js';

export const EXPORT_TARGETS = ['sentinel', 'defender', 'sigma', 'splunk', 'elastic'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** One output file: its name (`<rule-id>.<ext>`) and its whole text. */
export interface ExportFile {
  name: string;
  text: string;
}

export interface ExportContext {
  /** The catalogue the rules match against (built-in, with any --catalog laid over it). */
  catalog: Catalog;
  /** Allowlist rows (columns as the watchlist's) to inline or ship; empty for none. */
  allowlist: readonly Readonly<Record<string, string>>[];
  /** Version stamped on exported rules (webc2's own), so re-exports are identical. */
  version: string;
}
