// The Node host: files relative to the pipeline's folder, and text open in an editor before disk.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeHost } from '../../../runtime/fs/host';

const dir = mkdtempSync(join(tmpdir(), 'weft-host-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'sub.weft.yaml'), 'on disk');

describe('nodeHost', () => {
  it('reads and finds files relative to the pipeline file; a missing one reads as undefined', () => {
    const h = nodeHost(join(dir, 'main.weft.yaml'));
    assert.equal(h.readFile!('sub.weft.yaml'), 'on disk');
    assert.equal(h.fileExists!('sub.weft.yaml'), true);
    assert.equal(h.readFile!('gone.weft.yaml'), undefined);
    assert.equal(h.fileExists!('gone.weft.yaml'), false);
  });

  it('an open editor wins over the disk, and makes an unsaved file exist', () => {
    const open: Record<string, string> = { [join(dir, 'sub.weft.yaml')]: 'edited', [join(dir, 'new.weft.yaml')]: 'unsaved' };
    const h = nodeHost(join(dir, 'main.weft.yaml'), (p) => open[p]);
    assert.equal(h.readFile!('sub.weft.yaml'), 'edited');
    assert.equal(h.fileExists!('new.weft.yaml'), true);
  });
});
