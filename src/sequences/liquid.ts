import { Liquid } from 'liquidjs';

/**
 * The one Liquid engine for parsing and rendering messages. No output escaping: messages are plain text.
 * Unknown filters fail at parse time so validation catches them. `templates: {}` gives it an empty
 * in-memory file system, so `include` and `render` can never read the disk.
 */
export const liquid = new Liquid({ strictFilters: true, templates: {} });
