#!/usr/bin/env node
// Rewrites the README's "CLI reference" from the --help texts (test/cli/readme.test.ts checks they match)
// and its table of attention codes from src/attention.ts.
// Run after changing src/cli/usage.ts and building: `npm run build && node scripts/update-readme-help.js`.
'use strict';
const fs = require('fs');
const path = require('path');
const u = require('../lib/src/cli/usage.js');
const file = path.join(__dirname, '..', 'README.md');
const s = fs.readFileSync(file, 'utf8');
const start = s.indexOf('### CLI reference');
const end = s.indexOf('Exit status: 0 on success');
if (start < 0 || end < 0) throw new Error('README: CLI reference section not found');
const block = (cmd, text) => '```\n$ cdk8s-compose ' + cmd + '--help\n' + text + '```\n\n';
const d = require('../lib/src/cli/deploy-usage.js');
const section = '### CLI reference\n\n' + block('', u.MAIN_HELP) + block('synth ', u.SYNTH_HELP) + block('check ', u.CHECK_HELP) + block('graph ', u.GRAPH_HELP) + block('lock ', u.LOCK_HELP) + block('up ', d.UP_HELP) + block('ps ', d.PS_HELP) + block('down ', d.DOWN_HELP);
fs.writeFileSync(file, s.slice(0, start) + section + s.slice(end));

// The table of attention codes (src/attention.ts) under "Warnings that need attention" (test/cli/strict.test.ts checks it).
const { attentionTable } = require('../lib/src/attention-table.js');
const t = fs.readFileSync(file, 'utf8');
const tStart = t.indexOf('<!-- attention-table -->');
const tEnd = t.indexOf('<!-- /attention-table -->');
if (tStart < 0 || tEnd < 0) throw new Error('README: the attention table markers are not found');
fs.writeFileSync(file, `${t.slice(0, tStart)}<!-- attention-table -->\n${attentionTable()}\n${t.slice(tEnd)}`);
