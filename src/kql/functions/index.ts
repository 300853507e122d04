/** Loads every function family into the registry (each file registers itself). */

import './conversion.js';
import './datetime.js';
import './logic.js';
import './string.js';
