/** Loads the commands beyond `hunt`; each registers itself with the dispatcher. */
import './query.js';
import './tables.js';
import './simulate.js';
import './coverage.js';
import './eval.js';
import './export.js';
import './dump.js';
