// One process: validate FILE N times with Weft's core, print the median and other figures as JSON.
import { readFileSync } from 'node:fs';
import { validateText } from '../../core/validate/validate';
import { measure } from './measure';

const [file, runs = '30'] = process.argv.slice(2);
const text = readFileSync(file!, 'utf8');
const result = measure(Number(runs), () => {
  const r = validateText(file!, text, { fileExists: () => true });
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`bench input is not clean: ${r.diagnostics[0]!.message}`);
});
process.stdout.write(JSON.stringify(result) + '\n');
