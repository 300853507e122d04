/** Loads the commands beyond `hunt`; each registers itself with the dispatcher. */
import './query.js';
import './tables.js';
