#!/usr/bin/env node
// The `outreach` command: TypeScript sources run through tsx's require hook, so there is no build step.
require('tsx/cjs');
require('../src/cli/outreach.ts');
