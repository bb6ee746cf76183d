import assert from 'node:assert/strict';
import { test } from 'node:test';

import { renderTable } from './table.js';

test('renderTable pads each column to its widest cell, rules the header and trims trailing spaces', () => {
  const text = renderTable(
    ['NODE', 'ORDERS', 'STATE'],
    [
      ['hcm-1', 12, 'up'],
      ['dn-1', 3456, ''],
    ],
  );
  assert.equal(text, ['NODE   ORDERS  STATE', '-----  ------  -----', 'hcm-1  12      up', 'dn-1   3456'].join('\n'));
});

test('renderTable with no rows is the header and its rule', () => {
  assert.equal(renderTable(['A', 'BB'], []), 'A  BB\n-  --');
});
