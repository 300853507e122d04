/**
 * Records lost with whole chunks. A chunk slot without the ElfChnk signature, or a
 * zero-filled one that was in use, held records nobody can read any more; what the file
 * still says about them is in the chunks either side. Record ids rise by one through a log,
 * chunk after chunk, so the last id before a lost chunk and the first id after it name the
 * records it held, and the file header's next record id names any after the newest chunk
 * left. A zero chunk was in use when a chunk after it still is, or when the file header (its
 * checksum holding) counts it; zero chunks after those are space Windows allocated and never
 * wrote, and say nothing.
 *
 * A log that has wrapped reuses its oldest chunks, so its ids drop once, where the newest
 * chunk meets the oldest. A loss there, or before the first chunk left, cannot be costed from
 * the ids: it is reported as such and counts as one record per chunk, the least a chunk in
 * use held. The checks run once the summaries of every slot are in (reader.ts for one file,
 * parallel.ts when the slots were read by several workers).
 */

import type { ChunkSummary, Report } from './chunk.js';
import { CHUNK_SIZE } from './chunk.js';
import { lossDiagnostic } from './codes.js';

/** What the file as a whole says, for the checks across chunks. */
export interface LogFacts {
  fileSize: number;
  /** Chunks in use and the next record id, from a file header whose checksum holds. */
  chunkCount?: number;
  nextRecordId?: number;
  /**
   * The chunk count of a header whose checksum fails: heeded only when no chunk is left to
   * go by, so a file whose every chunk was wiped is never read as an empty log.
   */
  claimedChunkCount?: number;
  /** Whether the summaries cover every slot of the file, not a range of it. */
  whole: boolean;
}

/** "record 7", "records 7–9". */
function idsText(lo: number, hi: number): string {
  return lo === hi ? `record ${lo}` : `records ${lo}–${hi}`;
}

/** How many of `n` missing records a diagnostic counts, `counted` being its share. */
function howMany(n: number, counted: number): string {
  return counted === n ? `${n}` : `${counted} not reported otherwise`;
}

/**
 * How a loss of the ids `lo`…`hi` reads, `counted` of them reported nowhere else; an empty
 * range reads as nothing missing.
 */
export function missingText(lo: number, hi: number, counted: number): string {
  const n = hi - lo + 1;
  if (n <= 0) return 'no record id is missing around it';
  return `${idsText(lo, hi)} ${n === 1 ? 'is' : 'are'} missing (${howMany(n, counted)})`;
}

/** The loss of a run of chunks `from`…`to`, for the first chunk's diagnostic. */
function runText(from: number, to: number, lo: number, hi: number, counted: number): string {
  if (from === to) return missingText(lo, hi, counted);
  const chunks = `chunks ${from}–${to}`;
  if (hi < lo) return `${chunks} held no record: ${missingText(lo, hi, counted)}`;
  return `${chunks} held ${idsText(lo, hi)}, all missing (${howMany(hi - lo + 1, counted)})`;
}

/** The ids a stretch of lost chunks held, or why they cannot be told. */
type Cost = { lo: number; hi: number; counted: number } | { why: string };

function hasIds(s: ChunkSummary | undefined): s is ChunkSummary {
  return s !== undefined && s.kind === 'chunk' && s.firstId >= 0;
}

/**
 * Reports every lost chunk in `slots` (sorted by index) with the record ids it held: EVTX0101
 * for a slot without a signature, EVTX0106 for a zero-filled one in use, and EVTX0108 for ids
 * missing where no lost chunk is left to show for them.
 */
export function reportChunkLosses(
  slots: readonly ChunkSummary[],
  facts: LogFacts,
  file: string,
  report: Report,
): void {
  new Judge(slots, facts, file, report).run();
}

/**
 * Walks the slots from one chunk whose record ids are known to the next, and costs what lies
 * between: lost chunks, and chunks whose signature survived but none of whose records did.
 */
class Judge {
  private readonly lastUsed: number;
  private readonly inUseEnd: number;
  /** The chunk count the header gives, as far as it is heeded. */
  private readonly headerCount: number;
  private readonly newest: ChunkSummary | undefined;
  /** The header's next record id speaks for what came after the newest chunk, once. */
  private newestTaken = false;

  constructor(
    private readonly slots: readonly ChunkSummary[],
    private readonly facts: LogFacts,
    private readonly file: string,
    private readonly report: Report,
  ) {
    let lastUsed = -1;
    let newest: ChunkSummary | undefined;
    for (const s of slots) {
      if (s.kind === 'chunk') lastUsed = s.index;
      if (hasIds(s) && (!newest || s.lastId > newest.lastId)) newest = s;
    }
    this.lastUsed = lastUsed;
    this.newest = newest;
    const counted = facts.chunkCount ?? (lastUsed < 0 ? facts.claimedChunkCount : undefined);
    this.inUseEnd = Math.max(lastUsed + 1, counted ?? 0);
    this.headerCount = counted ?? 0;
  }

  run(): void {
    let p: ChunkSummary | undefined;
    let between: ChunkSummary[] = [];
    let expected = this.slots[0]?.index ?? 0;
    for (const s of this.slots) {
      // A slot not read (a read that failed on the way) breaks the chain of ids.
      if (s.index !== expected) {
        this.settle(p, between, undefined);
        p = undefined;
        between = [];
      }
      expected = s.index + 1;
      if (s.kind === 'chunk' && s.firstId >= 0) {
        this.settle(p, between, s);
        p = s;
        between = [];
      } else if (s.kind !== 'zero' || s.index < this.inUseEnd) between.push(s);
    }
    this.settle(p, between, undefined);
  }

  /** Costs the slots `between` the chunks `p` and `n` (either may be absent) and reports. */
  private settle(
    p: ChunkSummary | undefined,
    between: ChunkSummary[],
    n: ChunkSummary | undefined,
  ): void {
    const lost = between.filter((s) => s.kind !== 'chunk');
    // Chunks with a signature and no record left: their broken records are counted already.
    const bare = between.filter((s) => s.kind === 'chunk');
    const broken = bare.reduce((k, s) => k + s.brokenBefore + s.brokenAfter, 0);
    const c = this.cost(p, n, broken);
    if (lost.length > 0) {
      this.reportLost(lost, c);
      return;
    }
    if ('why' in c || c.counted <= 0) return;
    const what = missingText(c.lo, c.hi, c.counted);
    const at = bare[0]?.offset ?? n?.offset ?? this.end(p);
    let why: string;
    if (bare.length > 0) {
      const which =
        bare.length === 1
          ? `chunk ${bare[0]?.index}`
          : `chunks ${bare.map((s) => s.index).join(', ')}`;
      why = `${which} kept its signature but none of its records`;
    } else if (p && n) {
      why =
        `chunk ${p.index} ends at record ${p.lastId} and chunk ${n.index} starts at ` +
        `record ${n.firstId}`;
    } else {
      why =
        `the file header's next record id is ${this.facts.nextRecordId}, and the newest record ` +
        `found is ${p?.lastId}`;
    }
    this.report(lossDiagnostic('EVTX0108', this.file, at, c.counted, what, why));
  }

  /** Where the slot after `p` starts, or the file's end. */
  private end(p: ChunkSummary | undefined): number {
    return Math.min((p?.offset ?? 0) + CHUNK_SIZE, this.facts.fileSize);
  }

  private cost(p: ChunkSummary | undefined, n: ChunkSummary | undefined, broken: number): Cost {
    if (hasIds(p) && hasIds(n) && n.firstId > p.lastId) {
      const lo = p.lastId + 1;
      const hi = n.firstId - 1;
      const counted = hi - lo + 1 - p.brokenAfter - n.brokenBefore - broken;
      return { lo, hi, counted: Math.max(0, counted) };
    }
    const next = this.facts.whole ? this.facts.nextRecordId : undefined;
    // After the newest chunk: the header's next record id names what followed it. Where the
    // log wraps and nothing followed, the lost chunk held the oldest records instead.
    const newer = hasIds(p) && next !== undefined && next - 1 > p.lastId;
    if (hasIds(p) && p === this.newest && next !== undefined && !this.newestTaken) {
      if (newer || !hasIds(n)) {
        this.newestTaken = true;
        const lo = p.lastId + 1;
        const hi = next - 1;
        return { lo, hi, counted: Math.max(0, hi - lo + 1 - p.brokenAfter - broken) };
      }
    }
    if (hasIds(p) && hasIds(n)) {
      return {
        why:
          `the ids either side (${p.lastId} in chunk ${p.index}, ${n.firstId} in chunk ` +
          `${n.index}) do not show which records it held: the log wraps there`,
      };
    }
    if (hasIds(n)) return { why: `the records before ${n.firstId} it held cannot be counted` };
    if (hasIds(p)) return { why: `the records after ${p.lastId} it held cannot be counted` };
    const before = this.facts.nextRecordId
      ? ` of the records before ${this.facts.nextRecordId}`
      : '';
    return { why: `no chunk in use is left to show which${before} it held` };
  }

  /** One diagnostic per lost chunk; a known count goes with the first of them. */
  private reportLost(lost: ChunkSummary[], c: Cost): void {
    const first = lost[0] as ChunkSummary;
    const last = lost[lost.length - 1] as ChunkSummary;
    lost.forEach((s, k) => {
      let what: string;
      let records: number | undefined;
      if ('why' in c) what = c.why;
      else if (k > 0) {
        what = `its records are counted with chunk ${first.index}`;
        records = 0;
      } else {
        what = runText(first.index, last.index, c.lo, c.hi, c.counted);
        records = c.counted;
      }
      if (s.kind === 'damaged') {
        this.report(lossDiagnostic('EVTX0101', this.file, s.offset, records, s.index, what));
        return;
      }
      const why =
        s.index < this.lastUsed
          ? `chunk ${this.lastUsed} after it is in use`
          : `the file header counts ${this.headerCount} chunks in use`;
      this.report(lossDiagnostic('EVTX0106', this.file, s.offset, records, s.index, why, what));
    });
  }
}
