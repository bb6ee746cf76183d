import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { murmur3, murmur3Bytes } from './hash.js';

const utf8 = new TextEncoder();

// Published MurmurHash3 x86_32 vectors: the table on Wikipedia's MurmurHash page and the
// widely copied set from the Stack Overflow question "MurmurHash3 test vectors" (14747343),
// which exercises each tail length, byte order within a block, the high bit, and UTF-8.
const STRING_VECTORS: ReadonlyArray<readonly [string, number, number]> = [
  ['', 0x00000000, 0x00000000],
  ['', 0x00000001, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['test', 0x00000000, 0xba6bd213],
  ['test', 0x9747b28c, 0x704b81dc],
  ['Hello, world!', 0x00000000, 0xc0363e43],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['The quick brown fox jumps over the lazy dog', 0x00000000, 0x2e4ff723],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['aaa', 0x9747b28c, 0x283e0130],
  ['aa', 0x9747b28c, 0x5d211726],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['ab', 0x9747b28c, 0x74875592],
  ['abc', 0x00000000, 0xb3dd93fa],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 0x00000000, 0xee925b90],
  // U+03C0 GREEK SMALL LETTER PI, two UTF-8 bytes each: catches hashing UTF-16 units instead.
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['a'.repeat(256), 0x9747b28c, 0x37405bdc],
];

const BYTE_VECTORS: ReadonlyArray<readonly [number[], number, number]> = [
  [[0xff, 0xff, 0xff, 0xff], 0x00000000, 0x76293b50],
  [[0x21, 0x43, 0x65, 0x87], 0x00000000, 0xf55b516b],
  [[0x21, 0x43, 0x65, 0x87], 0x5082edee, 0x2362f9de],
  [[0x21, 0x43, 0x65], 0x00000000, 0x7e4a8634],
  [[0x21, 0x43], 0x00000000, 0xa0f7b07a],
  [[0x21], 0x00000000, 0x72661cf4],
  [[0x00, 0x00, 0x00, 0x00], 0x00000000, 0x2362f9de],
  [[0x00, 0x00, 0x00], 0x00000000, 0x85f0b427],
  [[0x00, 0x00], 0x00000000, 0x30f4c306],
];

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

describe('murmur3 (MurmurHash3 x86_32)', () => {
  it('should match the published string vectors, on the string and the byte paths', () => {
    for (const [input, seed, want] of STRING_VECTORS) {
      assert.equal(hex(murmur3(input, seed)), hex(want), `murmur3(${JSON.stringify(input.slice(0, 20))}, ${hex(seed)})`);
      assert.equal(hex(murmur3Bytes(utf8.encode(input), seed)), hex(want), `bytes of ${JSON.stringify(input.slice(0, 20))}`);
    }
  });

  it('should match the published byte vectors', () => {
    for (const [bytes, seed, want] of BYTE_VECTORS) {
      assert.equal(hex(murmur3Bytes(Uint8Array.from(bytes), seed)), hex(want), `bytes ${JSON.stringify(bytes)}`);
    }
  });

  it("should reproduce SMHasher's verification value 0xB0F57EE3", () => {
    // SMHasher's VerificationTest: hash the keys {}, {0}, {0,1}, ..., {0..254} with seed
    // 256 - length, concatenate the 256 little-endian results and hash that with seed 0. One
    // number that pins every block, tail and seed path of the reference implementation.
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(1024);
    const view = new DataView(hashes.buffer);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      view.setUint32(i * 4, murmur3Bytes(key.subarray(0, i), 256 - i), true);
    }
    assert.equal(hex(murmur3Bytes(hashes, 0)), '0xb0f57ee3');
  });

  it('should hash only the first `length` bytes when given a length', () => {
    const bytes = utf8.encode('Hello, world!!!!');
    assert.equal(hex(murmur3Bytes(bytes, 0x9747b28c, 13)), '0x24884cba');
  });

  it('should return unsigned 32-bit integers', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        const h = murmur3(s, seed);
        return Number.isInteger(h) && h >= 0 && h <= 0xffffffff;
      }),
    );
  });

  it('should equal the hash of the TextEncoder UTF-8 bytes for every string, lone surrogates included', () => {
    // Every UTF-16 code unit, so surrogate pairs, lone surrogates and the 1/2/3/4-byte UTF-8
    // forms all occur, mixed with ASCII so the ASCII fast path hands over mid-string.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
      // Latin-1 and the rest of the 2-byte range: one UTF-16 unit below 0x100 is still 2 bytes.
      fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x100, max: 0x7ff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\u{1F4E6}', 'π', '€', 'é', '\uD800', '\uDC00'),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        assert.equal(murmur3(s, seed), murmur3Bytes(utf8.encode(s), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('should hash Latin-1 and other non-ASCII text as UTF-8, not as UTF-16 units', () => {
    for (const s of ['café', 'Hà Nội', 'kho-hà-nội-1', 'Đà Nẵng', '\u00ff\u00ff\u00ff\u00ff', '倉庫-1', '\u{1F4E6}\u{1F4E6}']) {
      assert.equal(murmur3(s), murmur3Bytes(utf8.encode(s)), s);
    }
  });

  it('should handle strings longer than its scratch buffer', () => {
    // The scratch buffer starts at 256 bytes; these need 3000 and 4000+ bytes.
    for (const s of ['€'.repeat(1000), `${'x'.repeat(999)}\u{1F4E6}`.repeat(4)]) {
      assert.equal(murmur3(s), murmur3Bytes(utf8.encode(s)));
    }
  });
});
