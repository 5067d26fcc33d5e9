import type { KeyObject } from 'node:crypto';

// NIST P-256 (SEC 2, FIPS 186-4 D.1.2.3).
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

type Affine = { readonly x: bigint; readonly y: bigint };
/** Jacobian (X, Y, Z); Z = 0 is the point at infinity. */
type Jacobian = readonly [bigint, bigint, bigint];

const mod = (value: bigint, m: bigint) => ((value % m) + m) % m;

function inverse(value: bigint, m: bigint): bigint {
  let [a, b, x, y] = [mod(value, m), m, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return mod(x, m);
}

function double([x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const yy = mod(y * y, P);
  const s = mod(4n * x * yy, P);
  const zz = mod(z * z, P);
  const m = mod(3n * x * x + A * zz * zz, P);
  const x3 = mod(m * m - 2n * s, P);
  return [x3, mod(m * (s - x3) - 8n * yy * yy, P), mod(2n * y * z, P)];
}

function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = mod(p[2] * p[2], P);
  const z2z2 = mod(q[2] * q[2], P);
  const u1 = mod(p[0] * z2z2, P);
  const u2 = mod(q[0] * z1z1, P);
  const s1 = mod(p[1] * q[2] * z2z2, P);
  const s2 = mod(q[1] * p[2] * z1z1, P);
  if (u1 === u2) return s1 === s2 ? double(p) : [0n, 1n, 0n];
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const hh = mod(h * h, P);
  const hhh = mod(h * hh, P);
  const v = mod(u1 * hh, P);
  const x3 = mod(r * r - hhh - 2n * v, P);
  return [x3, mod(r * (v - x3) - s1 * hhh, P), mod(p[2] * q[2] * h, P)];
}

function multiply(point: Affine, scalar: bigint): Jacobian {
  let result: Jacobian = [0n, 1n, 0n];
  let addend: Jacobian = [point.x, point.y, 1n];
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = double(addend);
  }
  return result;
}

const big = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** r and s of an ASN.1 DER ECDSA signature, or undefined when it is not one. */
function derSignature(signature: Buffer): { r: bigint; s: bigint } | undefined {
  if (signature[0] !== 0x30 || signature[1] !== signature.length - 2) return undefined;
  const integers: bigint[] = [];
  let at = 2;
  for (let index = 0; index < 2; index += 1) {
    if (signature[at] !== 0x02) return undefined;
    const length = signature[at + 1] ?? 0;
    integers.push(big(signature.subarray(at + 2, at + 2 + length)));
    at += 2 + length;
  }
  return at === signature.length ? { r: integers[0] as bigint, s: integers[1] as bigint } : undefined;
}

/**
 * ECDSA P-256 verification of `signature` (DER) over a message digest as given — what Rekor does for a
 * `hashedrekord` entry, and what node:crypto cannot (it always hashes the message). For the loopback Rekor v2.
 */
export function verifyP256Prehashed(digest: Buffer, publicKey: KeyObject, signature: Buffer): boolean {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) return false;
  const q = { x: big(Buffer.from(jwk.x, 'base64url')), y: big(Buffer.from(jwk.y, 'base64url')) };
  const parsed = derSignature(signature);
  if (parsed === undefined) return false;
  const { r, s } = parsed;
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const e = big(digest.subarray(0, 32));
  const w = inverse(s, N);
  const [x, , z] = add(multiply(G, mod(e * w, N)), multiply(q, mod(r * w, N)));
  if (z === 0n) return false;
  const zInverse = inverse(z, P);
  return mod(mod(x * zInverse * zInverse, P), N) === r;
}
