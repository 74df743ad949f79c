/**
 * Every bound a sequence file is held to, in one place. Each message that enforces one states it.
 * The counts are far above any sequence a person writes; they exist so that a careless or hostile
 * file is refused quickly instead of costing minutes, gigabytes or a journey that can never start.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** A sequence file; the examples are under 2 KiB, a file at every count limit below 500 to 700 KiB. */
export const MAX_SEQUENCE_FILE_BYTES = 1 * MiB;

/**
 * YAML tokens (keys, values, punctuation, line breaks, comments), counted before the file is parsed:
 * the parser spends about 500 bytes per token, so this bounds its memory to some 200 MB. A file at
 * every count limit has under 180,000 (as indented JSON; 150,000 as flow YAML).
 */
export const MAX_SYNTAX_TOKENS = 300_000;

/** Lists and mappings inside each other; a sequence file needs 5 (templates > intro > variants > item). */
export const MAX_NESTING_DEPTH = 16;

/** YAML aliases expanded, counting each copy; anchors exist to share a body or a variant, not to multiply. */
export const MAX_ALIASES = 100;

/** Characters of keys and text once aliases are expanded: what an alias bomb would grow without limit. */
export const MAX_EXPANDED_CHARS = 2 * MiB;

/** Values (lists, mappings, text, numbers) once aliases are expanded. */
export const MAX_EXPANDED_VALUES = 200_000;

export const MAX_NODES = 1000;
/** A node has at most three exits (a conditional pair and REPLIED_TO_NOTE), so more edges cannot all be valid. */
export const MAX_EDGES = 3 * MAX_NODES;
/**
 * Each node uses at most one template.
 * @alias MAX_NODES, on purpose: the same number, a bound of its own in the messages that enforce it.
 */
export const MAX_TEMPLATES = MAX_NODES;
/** Variant weights are whole percentages adding up to this. */
export const WEIGHT_TOTAL = 100;
/**
 * Weights are whole percentages, so more variants could not all have one.
 * @alias WEIGHT_TOTAL, on purpose: the same number, a bound of its own in the messages that enforce it.
 */
export const MAX_VARIANTS_PER_TEMPLATE = WEIGHT_TOTAL;
/** Variants of all templates together: each is parsed and analysed as a Liquid template. */
export const MAX_VARIANTS = 2000;
export const MAX_VARIABLES = 100;

/**
 * Node, template and variant ids and variable names: they appear in search attributes (`OutreachNode`),
 * event keys, logs and cycle paths.
 */
export const MAX_ID_CHARS = 64;
/**
 * The sequence name is part of every journey's workflow id (`journey-<name>-<person id>`, which Temporal
 * caps at 1,000 bytes) and of the `OutreachSequence` search attribute (a keyword).
 */
export const MAX_NAME_CHARS = 100;
/** Free text carried in every journey's workflow input. */
export const MAX_DESCRIPTION_CHARS = 2000;

/** A journey checks on every tick while it waits: 90 days is 360 checks at the default 6 h tick. */
export const MAX_WINDOW_MS = 90 * 24 * 3600 * 1000;
export const MIN_WINDOW_MS = 1000;
/** With the longest window, 20 visits of one node already span about five years. */
export const MAX_VISITS = 20;

/** Problems listed by validate (and in SequenceValidationError); the count always covers them all. */
export const MAX_PROBLEMS_LISTED = 200;
