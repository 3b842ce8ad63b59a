/**
 * A trained model on disk, so a start or a content reload with the same training material and
 * the same triage code loads the weights (tens of ms) instead of training again (seconds). The
 * key is a hash of both; a file with another key is simply not used. Layout: 4-byte header length,
 * a JSON header, then the four weight arrays (little-endian, as in memory).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LearnedWeights } from './learned-triage.js';

const FORMAT = 'relais-triage-model/1';

interface Header {
  format: string;
  key: string;
  intentIds: string[];
  lengths: [number, number, number, number];
}

/** The model file's path in `dir` (one file: a new key replaces the old model). */
export function modelPath(dir: string): string {
  return join(dir, 'triage-model.bin');
}

function bytesOf(a: Float32Array | Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes the weights under `key` (atomically: a half-written file is never read). */
export async function saveModel(dir: string, key: string, weights: LearnedWeights): Promise<string> {
  const arrays = [weights.danger.w, weights.danger.b, weights.intent.w, weights.intent.b] as const;
  const header: Header = {
    format: FORMAT,
    key,
    intentIds: [...weights.intentIds],
    lengths: [arrays[0].length, arrays[1].length, arrays[2].length, arrays[3].length],
  };
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  await mkdir(dir, { recursive: true });
  const path = modelPath(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.concat([size, json, ...arrays.map(bytesOf)]), { mode: 0o600 });
  await rename(tmp, path);
  return path;
}

/** The weights stored under `key`, or undefined (no file, another key, a damaged file). */
export async function loadModel(dir: string, key: string): Promise<LearnedWeights | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(modelPath(dir));
  } catch {
    return undefined;
  }
  try {
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString()) as Header;
    if (header.format !== FORMAT || header.key !== key) return undefined;
    let at = 4 + headerLength;
    const take = <T extends Float32Array | Float64Array>(Kind: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T => {
      const bytes = n * Kind.BYTES_PER_ELEMENT;
      if (at + bytes > buf.length) throw new Error('truncated');
      // Copy into an aligned buffer: a Float64Array cannot view an odd offset.
      const copy = new ArrayBuffer(bytes);
      new Uint8Array(copy).set(buf.subarray(at, at + bytes));
      at += bytes;
      return new Kind(copy);
    };
    const [dw, db, iw, ib] = header.lengths;
    const danger = { w: take(Float32Array, dw), b: take(Float64Array, db) };
    const intent = { w: take(Float32Array, iw), b: take(Float64Array, ib) };
    if (at !== buf.length) return undefined;
    return { danger, intent, intentIds: header.intentIds };
  } catch {
    return undefined;
  }
}
