// One process: parse FILE N times with Weft's positioned YAML reader (`weft`) or js-yaml's bare
// `load` without positions (`jsyaml`), print the median. The pair calibrates validate.1000: it
// shows how fast this machine parses YAML at all, today.
import { readFileSync } from 'node:fs';
import { load, CORE_SCHEMA } from 'js-yaml';
import { parseDocument } from '../../core/syntax/parse';
import { measure } from './measure';

const [which, file, runs = '40'] = process.argv.slice(2);
const text = readFileSync(file!, 'utf8');
const fn = which === 'jsyaml' ? () => void load(text, { schema: CORE_SCHEMA }) : () => void parseDocument(file!, text).root;
process.stdout.write(JSON.stringify(measure(Number(runs), fn)) + '\n');
