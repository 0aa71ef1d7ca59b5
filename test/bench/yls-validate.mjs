// One process: validate FILE N times with yaml-language-server against Weft's JSON Schema alone.
// The reference for `validate.*`: a schema-only check of the same text, through the public API.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const [file, runs = '30', schemaPath] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const schemaUri = pathToFileURL(schemaPath).toString();
const ls = getLanguageService({
  schemaRequestService: async (uri) => {
    if (uri === schemaUri) return JSON.stringify(schema);
    throw new Error(`no schema at ${uri}`);
  },
  workspaceContext: { resolveRelativePath: (rel, res) => new URL(rel, res).toString() },
  clientCapabilities: {},
});
ls.configure({ validate: true, completion: false, hover: false, format: false, schemas: [{ uri: schemaUri, fileMatch: ['*.weft.yaml'], schema }] });

const uri = pathToFileURL(file).toString();
let version = 0;
async function once() {
  // A new version each run: yaml-language-server caches parsed documents by uri and version.
  const doc = TextDocument.create(uri, 'yaml', ++version, text);
  const diags = await ls.doValidation(doc, false);
  if (diags.length > 0) throw new Error(`reference reports problems: ${diags[0].message}`);
}
const { measureAsync } = await import('./measure.ts');
const result = await measureAsync(Number(runs), once);
process.stdout.write(JSON.stringify(result) + '\n');
