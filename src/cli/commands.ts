/** Loads the commands beyond `hunt`; each registers itself with the dispatcher. */
export {};
