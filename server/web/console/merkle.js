// The transparency log's bytes and hashes, recomputed in the browser with WebCrypto
// (docs/protocol.md, "Transparency log"): a log entry's leaf hash, an RFC 9162 audit path
// walked up to a root, a signed tree head's Ed25519 signature, and the few fields of a
// submission op that bind an entry to a published record. The page trusts none of the
// server's hashes: every one it compares is computed here from the bytes.
// Ports engine/src/audit/merkle_tree.cpp (verify_merkle_inclusion) and the byte layouts of
// engine/src/wire/signing.cpp and engine/src/wire/op_codec.cpp.

const kLeafPrefix = 0x00;
const kNodePrefix = 0x01;
const kTreeHeadLabel = 'tally-tree-head-v1';
const kSubmitKind = 2;

export function fromHex(text, bytes) {
  if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text) ||
      (bytes !== undefined && text.length !== 2 * bytes)) {
    throw new Error(`expected ${bytes === undefined ? 'hex' : `${2 * bytes} hex digits`}, got '${String(text).slice(0, 16)}'`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; ++i) out[i] = parseInt(text.substr(2 * i, 2), 16);
  return out;
}

export function toHex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function sameBytes(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// Little-endian integers and byte strings, concatenated.
class ByteWriter {
  constructor() { this.parts = []; }
  u8(value) { this.parts.push(Uint8Array.of(value)); return this; }
  u32(value) { return this.int(value, 4); }
  u64(value) { return this.int(value, 8); }
  int(value, size) {
    const part = new Uint8Array(size);
    const view = new DataView(part.buffer);
    if (size === 4) view.setUint32(0, Number(value), true);
    else view.setBigUint64(0, BigInt(value), true);
    this.parts.push(part);
    return this;
  }
  raw(bytes) { this.parts.push(bytes); return this; }
  ascii(text) { return this.raw(new TextEncoder().encode(text)); }
  bytes() {
    const out = new Uint8Array(this.parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// SHA-256(0x00 || index u64 || receive_ms u64 || op length u32 || op): the leaf of log
// entry `index` (from 1).
export function leafHash(index, receiveMs, op) {
  return sha256(new ByteWriter().u8(kLeafPrefix).u64(index).u64(receiveMs).u32(op.length)
                    .raw(op).bytes());
}

export function nodeHash(left, right) {
  return sha256(new ByteWriter().u8(kNodePrefix).raw(left).raw(right).bytes());
}

// RFC 9162 section 2.1.3.2: whether `path` leads from leaf number `leaf` (from 0) of a
// tree of `size` leaves, whose hash is `leafHashBytes`, to `root`.
export async function verifyInclusion(leaf, size, leafHashBytes, path, root) {
  let fn = BigInt(leaf);
  let sn = BigInt(size) - 1n;
  if (fn > sn) return false;
  let r = leafHashBytes;
  for (const p of path) {
    if (sn === 0n) return false;
    const left = (fn & 1n) === 1n || fn === sn;
    if (left) {
      r = await nodeHash(p, r);
      while (fn !== 0n && (fn & 1n) === 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && sameBytes(r, root);
}

// "tally-tree-head-v1" || tree_size u64 || timestamp_ms u64 || root: what the server signs.
export function treeHeadBytes(treeSize, timestampMs, root) {
  return new ByteWriter().ascii(kTreeHeadLabel).u64(treeSize).u64(timestampMs).raw(root).bytes();
}

// Whether the tree head's signature verifies with `key` (32 bytes); null when this browser's
// WebCrypto has no Ed25519.
export async function verifyTreeHead(key, treeSize, timestampMs, root, signature) {
  let publicKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', key, {name: 'Ed25519'}, false, ['verify']);
  } catch (error) {
    if (error?.name === 'NotSupportedError') return null;
    throw error;
  }
  return crypto.subtle.verify({name: 'Ed25519'}, publicKey, signature,
                              treeHeadBytes(treeSize, timestampMs, root));
}

// The leading fields of an op's canonical bytes: its dot, kind and form and, for a
// submission, the values hash it submits (engine/src/wire/op_codec.cpp: an archive flag
// byte 1, then strings as u64 length and bytes, integers little-endian). Throws on bytes
// that are not an op.
export function opHeader(op) {
  const view = new DataView(op.buffer, op.byteOffset, op.byteLength);
  let at = 0;
  const need = (n) => {
    if (at + n > op.length) throw new Error('the op bytes end too early');
  };
  const u8 = () => { need(1); return view.getUint8(at++); };
  const u64 = () => { need(8); const v = view.getBigUint64(at, true); at += 8; return v; };
  const bytes = (n) => { need(n); const out = op.subarray(at, at + n); at += n; return out; };
  const string = () => {
    const length = u64();
    if (length > BigInt(op.length)) throw new Error('the op bytes end too early');
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes(Number(length)));
  };
  if (u8() !== 1) throw new Error('not an op archive');
  const device = string();
  const counter = u64();
  u64();                                 // hlc physical
  bytes(4);                              // hlc logical
  const kind = u8();
  const form = `${string()}/${string()}`;
  const valuesHash = kind === kSubmitKind ? bytes(32) : null;
  return {device, counter, kind, form, valuesHash};
}
