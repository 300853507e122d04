/** Loads every function family into the registry (each file registers itself). */

import './array.js';
import './bag.js';
import './conversion.js';
import './datetime-format.js';
import './datetime.js';
import './encoding.js';
import './hash.js';
import './ip.js';
import './logic.js';
import './math.js';
import './path.js';
import './random.js';
import './regex-functions.js';
import './string.js';
import './url.js';
