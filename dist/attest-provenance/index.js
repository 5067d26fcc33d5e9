import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 80668:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

(function(nacl) {
'use strict';

// Ported in 2014 by Dmitry Chestnykh and Devi Mandiri.
// Public domain.
//
// Implementation derived from TweetNaCl version 20140427.
// See for details: http://tweetnacl.cr.yp.to/

var gf = function(init) {
  var i, r = new Float64Array(16);
  if (init) for (i = 0; i < init.length; i++) r[i] = init[i];
  return r;
};

//  Pluggable, initialized in high-level API below.
var randombytes = function(/* x, n */) { throw new Error('no PRNG'); };

var _0 = new Uint8Array(16);
var _9 = new Uint8Array(32); _9[0] = 9;

var gf0 = gf(),
    gf1 = gf([1]),
    _121665 = gf([0xdb41, 1]),
    D = gf([0x78a3, 0x1359, 0x4dca, 0x75eb, 0xd8ab, 0x4141, 0x0a4d, 0x0070, 0xe898, 0x7779, 0x4079, 0x8cc7, 0xfe73, 0x2b6f, 0x6cee, 0x5203]),
    D2 = gf([0xf159, 0x26b2, 0x9b94, 0xebd6, 0xb156, 0x8283, 0x149a, 0x00e0, 0xd130, 0xeef3, 0x80f2, 0x198e, 0xfce7, 0x56df, 0xd9dc, 0x2406]),
    X = gf([0xd51a, 0x8f25, 0x2d60, 0xc956, 0xa7b2, 0x9525, 0xc760, 0x692c, 0xdc5c, 0xfdd6, 0xe231, 0xc0a4, 0x53fe, 0xcd6e, 0x36d3, 0x2169]),
    Y = gf([0x6658, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666]),
    I = gf([0xa0b0, 0x4a0e, 0x1b27, 0xc4ee, 0xe478, 0xad2f, 0x1806, 0x2f43, 0xd7a7, 0x3dfb, 0x0099, 0x2b4d, 0xdf0b, 0x4fc1, 0x2480, 0x2b83]);

function ts64(x, i, h, l) {
  x[i]   = (h >> 24) & 0xff;
  x[i+1] = (h >> 16) & 0xff;
  x[i+2] = (h >>  8) & 0xff;
  x[i+3] = h & 0xff;
  x[i+4] = (l >> 24)  & 0xff;
  x[i+5] = (l >> 16)  & 0xff;
  x[i+6] = (l >>  8)  & 0xff;
  x[i+7] = l & 0xff;
}

function vn(x, xi, y, yi, n) {
  var i,d = 0;
  for (i = 0; i < n; i++) d |= x[xi+i]^y[yi+i];
  return (1 & ((d - 1) >>> 8)) - 1;
}

function crypto_verify_16(x, xi, y, yi) {
  return vn(x,xi,y,yi,16);
}

function crypto_verify_32(x, xi, y, yi) {
  return vn(x,xi,y,yi,32);
}

function core_salsa20(o, p, k, c) {
  var j0  = c[ 0] & 0xff | (c[ 1] & 0xff)<<8 | (c[ 2] & 0xff)<<16 | (c[ 3] & 0xff)<<24,
      j1  = k[ 0] & 0xff | (k[ 1] & 0xff)<<8 | (k[ 2] & 0xff)<<16 | (k[ 3] & 0xff)<<24,
      j2  = k[ 4] & 0xff | (k[ 5] & 0xff)<<8 | (k[ 6] & 0xff)<<16 | (k[ 7] & 0xff)<<24,
      j3  = k[ 8] & 0xff | (k[ 9] & 0xff)<<8 | (k[10] & 0xff)<<16 | (k[11] & 0xff)<<24,
      j4  = k[12] & 0xff | (k[13] & 0xff)<<8 | (k[14] & 0xff)<<16 | (k[15] & 0xff)<<24,
      j5  = c[ 4] & 0xff | (c[ 5] & 0xff)<<8 | (c[ 6] & 0xff)<<16 | (c[ 7] & 0xff)<<24,
      j6  = p[ 0] & 0xff | (p[ 1] & 0xff)<<8 | (p[ 2] & 0xff)<<16 | (p[ 3] & 0xff)<<24,
      j7  = p[ 4] & 0xff | (p[ 5] & 0xff)<<8 | (p[ 6] & 0xff)<<16 | (p[ 7] & 0xff)<<24,
      j8  = p[ 8] & 0xff | (p[ 9] & 0xff)<<8 | (p[10] & 0xff)<<16 | (p[11] & 0xff)<<24,
      j9  = p[12] & 0xff | (p[13] & 0xff)<<8 | (p[14] & 0xff)<<16 | (p[15] & 0xff)<<24,
      j10 = c[ 8] & 0xff | (c[ 9] & 0xff)<<8 | (c[10] & 0xff)<<16 | (c[11] & 0xff)<<24,
      j11 = k[16] & 0xff | (k[17] & 0xff)<<8 | (k[18] & 0xff)<<16 | (k[19] & 0xff)<<24,
      j12 = k[20] & 0xff | (k[21] & 0xff)<<8 | (k[22] & 0xff)<<16 | (k[23] & 0xff)<<24,
      j13 = k[24] & 0xff | (k[25] & 0xff)<<8 | (k[26] & 0xff)<<16 | (k[27] & 0xff)<<24,
      j14 = k[28] & 0xff | (k[29] & 0xff)<<8 | (k[30] & 0xff)<<16 | (k[31] & 0xff)<<24,
      j15 = c[12] & 0xff | (c[13] & 0xff)<<8 | (c[14] & 0xff)<<16 | (c[15] & 0xff)<<24;

  var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7,
      x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14,
      x15 = j15, u;

  for (var i = 0; i < 20; i += 2) {
    u = x0 + x12 | 0;
    x4 ^= u<<7 | u>>>(32-7);
    u = x4 + x0 | 0;
    x8 ^= u<<9 | u>>>(32-9);
    u = x8 + x4 | 0;
    x12 ^= u<<13 | u>>>(32-13);
    u = x12 + x8 | 0;
    x0 ^= u<<18 | u>>>(32-18);

    u = x5 + x1 | 0;
    x9 ^= u<<7 | u>>>(32-7);
    u = x9 + x5 | 0;
    x13 ^= u<<9 | u>>>(32-9);
    u = x13 + x9 | 0;
    x1 ^= u<<13 | u>>>(32-13);
    u = x1 + x13 | 0;
    x5 ^= u<<18 | u>>>(32-18);

    u = x10 + x6 | 0;
    x14 ^= u<<7 | u>>>(32-7);
    u = x14 + x10 | 0;
    x2 ^= u<<9 | u>>>(32-9);
    u = x2 + x14 | 0;
    x6 ^= u<<13 | u>>>(32-13);
    u = x6 + x2 | 0;
    x10 ^= u<<18 | u>>>(32-18);

    u = x15 + x11 | 0;
    x3 ^= u<<7 | u>>>(32-7);
    u = x3 + x15 | 0;
    x7 ^= u<<9 | u>>>(32-9);
    u = x7 + x3 | 0;
    x11 ^= u<<13 | u>>>(32-13);
    u = x11 + x7 | 0;
    x15 ^= u<<18 | u>>>(32-18);

    u = x0 + x3 | 0;
    x1 ^= u<<7 | u>>>(32-7);
    u = x1 + x0 | 0;
    x2 ^= u<<9 | u>>>(32-9);
    u = x2 + x1 | 0;
    x3 ^= u<<13 | u>>>(32-13);
    u = x3 + x2 | 0;
    x0 ^= u<<18 | u>>>(32-18);

    u = x5 + x4 | 0;
    x6 ^= u<<7 | u>>>(32-7);
    u = x6 + x5 | 0;
    x7 ^= u<<9 | u>>>(32-9);
    u = x7 + x6 | 0;
    x4 ^= u<<13 | u>>>(32-13);
    u = x4 + x7 | 0;
    x5 ^= u<<18 | u>>>(32-18);

    u = x10 + x9 | 0;
    x11 ^= u<<7 | u>>>(32-7);
    u = x11 + x10 | 0;
    x8 ^= u<<9 | u>>>(32-9);
    u = x8 + x11 | 0;
    x9 ^= u<<13 | u>>>(32-13);
    u = x9 + x8 | 0;
    x10 ^= u<<18 | u>>>(32-18);

    u = x15 + x14 | 0;
    x12 ^= u<<7 | u>>>(32-7);
    u = x12 + x15 | 0;
    x13 ^= u<<9 | u>>>(32-9);
    u = x13 + x12 | 0;
    x14 ^= u<<13 | u>>>(32-13);
    u = x14 + x13 | 0;
    x15 ^= u<<18 | u>>>(32-18);
  }
   x0 =  x0 +  j0 | 0;
   x1 =  x1 +  j1 | 0;
   x2 =  x2 +  j2 | 0;
   x3 =  x3 +  j3 | 0;
   x4 =  x4 +  j4 | 0;
   x5 =  x5 +  j5 | 0;
   x6 =  x6 +  j6 | 0;
   x7 =  x7 +  j7 | 0;
   x8 =  x8 +  j8 | 0;
   x9 =  x9 +  j9 | 0;
  x10 = x10 + j10 | 0;
  x11 = x11 + j11 | 0;
  x12 = x12 + j12 | 0;
  x13 = x13 + j13 | 0;
  x14 = x14 + j14 | 0;
  x15 = x15 + j15 | 0;

  o[ 0] = x0 >>>  0 & 0xff;
  o[ 1] = x0 >>>  8 & 0xff;
  o[ 2] = x0 >>> 16 & 0xff;
  o[ 3] = x0 >>> 24 & 0xff;

  o[ 4] = x1 >>>  0 & 0xff;
  o[ 5] = x1 >>>  8 & 0xff;
  o[ 6] = x1 >>> 16 & 0xff;
  o[ 7] = x1 >>> 24 & 0xff;

  o[ 8] = x2 >>>  0 & 0xff;
  o[ 9] = x2 >>>  8 & 0xff;
  o[10] = x2 >>> 16 & 0xff;
  o[11] = x2 >>> 24 & 0xff;

  o[12] = x3 >>>  0 & 0xff;
  o[13] = x3 >>>  8 & 0xff;
  o[14] = x3 >>> 16 & 0xff;
  o[15] = x3 >>> 24 & 0xff;

  o[16] = x4 >>>  0 & 0xff;
  o[17] = x4 >>>  8 & 0xff;
  o[18] = x4 >>> 16 & 0xff;
  o[19] = x4 >>> 24 & 0xff;

  o[20] = x5 >>>  0 & 0xff;
  o[21] = x5 >>>  8 & 0xff;
  o[22] = x5 >>> 16 & 0xff;
  o[23] = x5 >>> 24 & 0xff;

  o[24] = x6 >>>  0 & 0xff;
  o[25] = x6 >>>  8 & 0xff;
  o[26] = x6 >>> 16 & 0xff;
  o[27] = x6 >>> 24 & 0xff;

  o[28] = x7 >>>  0 & 0xff;
  o[29] = x7 >>>  8 & 0xff;
  o[30] = x7 >>> 16 & 0xff;
  o[31] = x7 >>> 24 & 0xff;

  o[32] = x8 >>>  0 & 0xff;
  o[33] = x8 >>>  8 & 0xff;
  o[34] = x8 >>> 16 & 0xff;
  o[35] = x8 >>> 24 & 0xff;

  o[36] = x9 >>>  0 & 0xff;
  o[37] = x9 >>>  8 & 0xff;
  o[38] = x9 >>> 16 & 0xff;
  o[39] = x9 >>> 24 & 0xff;

  o[40] = x10 >>>  0 & 0xff;
  o[41] = x10 >>>  8 & 0xff;
  o[42] = x10 >>> 16 & 0xff;
  o[43] = x10 >>> 24 & 0xff;

  o[44] = x11 >>>  0 & 0xff;
  o[45] = x11 >>>  8 & 0xff;
  o[46] = x11 >>> 16 & 0xff;
  o[47] = x11 >>> 24 & 0xff;

  o[48] = x12 >>>  0 & 0xff;
  o[49] = x12 >>>  8 & 0xff;
  o[50] = x12 >>> 16 & 0xff;
  o[51] = x12 >>> 24 & 0xff;

  o[52] = x13 >>>  0 & 0xff;
  o[53] = x13 >>>  8 & 0xff;
  o[54] = x13 >>> 16 & 0xff;
  o[55] = x13 >>> 24 & 0xff;

  o[56] = x14 >>>  0 & 0xff;
  o[57] = x14 >>>  8 & 0xff;
  o[58] = x14 >>> 16 & 0xff;
  o[59] = x14 >>> 24 & 0xff;

  o[60] = x15 >>>  0 & 0xff;
  o[61] = x15 >>>  8 & 0xff;
  o[62] = x15 >>> 16 & 0xff;
  o[63] = x15 >>> 24 & 0xff;
}

function core_hsalsa20(o,p,k,c) {
  var j0  = c[ 0] & 0xff | (c[ 1] & 0xff)<<8 | (c[ 2] & 0xff)<<16 | (c[ 3] & 0xff)<<24,
      j1  = k[ 0] & 0xff | (k[ 1] & 0xff)<<8 | (k[ 2] & 0xff)<<16 | (k[ 3] & 0xff)<<24,
      j2  = k[ 4] & 0xff | (k[ 5] & 0xff)<<8 | (k[ 6] & 0xff)<<16 | (k[ 7] & 0xff)<<24,
      j3  = k[ 8] & 0xff | (k[ 9] & 0xff)<<8 | (k[10] & 0xff)<<16 | (k[11] & 0xff)<<24,
      j4  = k[12] & 0xff | (k[13] & 0xff)<<8 | (k[14] & 0xff)<<16 | (k[15] & 0xff)<<24,
      j5  = c[ 4] & 0xff | (c[ 5] & 0xff)<<8 | (c[ 6] & 0xff)<<16 | (c[ 7] & 0xff)<<24,
      j6  = p[ 0] & 0xff | (p[ 1] & 0xff)<<8 | (p[ 2] & 0xff)<<16 | (p[ 3] & 0xff)<<24,
      j7  = p[ 4] & 0xff | (p[ 5] & 0xff)<<8 | (p[ 6] & 0xff)<<16 | (p[ 7] & 0xff)<<24,
      j8  = p[ 8] & 0xff | (p[ 9] & 0xff)<<8 | (p[10] & 0xff)<<16 | (p[11] & 0xff)<<24,
      j9  = p[12] & 0xff | (p[13] & 0xff)<<8 | (p[14] & 0xff)<<16 | (p[15] & 0xff)<<24,
      j10 = c[ 8] & 0xff | (c[ 9] & 0xff)<<8 | (c[10] & 0xff)<<16 | (c[11] & 0xff)<<24,
      j11 = k[16] & 0xff | (k[17] & 0xff)<<8 | (k[18] & 0xff)<<16 | (k[19] & 0xff)<<24,
      j12 = k[20] & 0xff | (k[21] & 0xff)<<8 | (k[22] & 0xff)<<16 | (k[23] & 0xff)<<24,
      j13 = k[24] & 0xff | (k[25] & 0xff)<<8 | (k[26] & 0xff)<<16 | (k[27] & 0xff)<<24,
      j14 = k[28] & 0xff | (k[29] & 0xff)<<8 | (k[30] & 0xff)<<16 | (k[31] & 0xff)<<24,
      j15 = c[12] & 0xff | (c[13] & 0xff)<<8 | (c[14] & 0xff)<<16 | (c[15] & 0xff)<<24;

  var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7,
      x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14,
      x15 = j15, u;

  for (var i = 0; i < 20; i += 2) {
    u = x0 + x12 | 0;
    x4 ^= u<<7 | u>>>(32-7);
    u = x4 + x0 | 0;
    x8 ^= u<<9 | u>>>(32-9);
    u = x8 + x4 | 0;
    x12 ^= u<<13 | u>>>(32-13);
    u = x12 + x8 | 0;
    x0 ^= u<<18 | u>>>(32-18);

    u = x5 + x1 | 0;
    x9 ^= u<<7 | u>>>(32-7);
    u = x9 + x5 | 0;
    x13 ^= u<<9 | u>>>(32-9);
    u = x13 + x9 | 0;
    x1 ^= u<<13 | u>>>(32-13);
    u = x1 + x13 | 0;
    x5 ^= u<<18 | u>>>(32-18);

    u = x10 + x6 | 0;
    x14 ^= u<<7 | u>>>(32-7);
    u = x14 + x10 | 0;
    x2 ^= u<<9 | u>>>(32-9);
    u = x2 + x14 | 0;
    x6 ^= u<<13 | u>>>(32-13);
    u = x6 + x2 | 0;
    x10 ^= u<<18 | u>>>(32-18);

    u = x15 + x11 | 0;
    x3 ^= u<<7 | u>>>(32-7);
    u = x3 + x15 | 0;
    x7 ^= u<<9 | u>>>(32-9);
    u = x7 + x3 | 0;
    x11 ^= u<<13 | u>>>(32-13);
    u = x11 + x7 | 0;
    x15 ^= u<<18 | u>>>(32-18);

    u = x0 + x3 | 0;
    x1 ^= u<<7 | u>>>(32-7);
    u = x1 + x0 | 0;
    x2 ^= u<<9 | u>>>(32-9);
    u = x2 + x1 | 0;
    x3 ^= u<<13 | u>>>(32-13);
    u = x3 + x2 | 0;
    x0 ^= u<<18 | u>>>(32-18);

    u = x5 + x4 | 0;
    x6 ^= u<<7 | u>>>(32-7);
    u = x6 + x5 | 0;
    x7 ^= u<<9 | u>>>(32-9);
    u = x7 + x6 | 0;
    x4 ^= u<<13 | u>>>(32-13);
    u = x4 + x7 | 0;
    x5 ^= u<<18 | u>>>(32-18);

    u = x10 + x9 | 0;
    x11 ^= u<<7 | u>>>(32-7);
    u = x11 + x10 | 0;
    x8 ^= u<<9 | u>>>(32-9);
    u = x8 + x11 | 0;
    x9 ^= u<<13 | u>>>(32-13);
    u = x9 + x8 | 0;
    x10 ^= u<<18 | u>>>(32-18);

    u = x15 + x14 | 0;
    x12 ^= u<<7 | u>>>(32-7);
    u = x12 + x15 | 0;
    x13 ^= u<<9 | u>>>(32-9);
    u = x13 + x12 | 0;
    x14 ^= u<<13 | u>>>(32-13);
    u = x14 + x13 | 0;
    x15 ^= u<<18 | u>>>(32-18);
  }

  o[ 0] = x0 >>>  0 & 0xff;
  o[ 1] = x0 >>>  8 & 0xff;
  o[ 2] = x0 >>> 16 & 0xff;
  o[ 3] = x0 >>> 24 & 0xff;

  o[ 4] = x5 >>>  0 & 0xff;
  o[ 5] = x5 >>>  8 & 0xff;
  o[ 6] = x5 >>> 16 & 0xff;
  o[ 7] = x5 >>> 24 & 0xff;

  o[ 8] = x10 >>>  0 & 0xff;
  o[ 9] = x10 >>>  8 & 0xff;
  o[10] = x10 >>> 16 & 0xff;
  o[11] = x10 >>> 24 & 0xff;

  o[12] = x15 >>>  0 & 0xff;
  o[13] = x15 >>>  8 & 0xff;
  o[14] = x15 >>> 16 & 0xff;
  o[15] = x15 >>> 24 & 0xff;

  o[16] = x6 >>>  0 & 0xff;
  o[17] = x6 >>>  8 & 0xff;
  o[18] = x6 >>> 16 & 0xff;
  o[19] = x6 >>> 24 & 0xff;

  o[20] = x7 >>>  0 & 0xff;
  o[21] = x7 >>>  8 & 0xff;
  o[22] = x7 >>> 16 & 0xff;
  o[23] = x7 >>> 24 & 0xff;

  o[24] = x8 >>>  0 & 0xff;
  o[25] = x8 >>>  8 & 0xff;
  o[26] = x8 >>> 16 & 0xff;
  o[27] = x8 >>> 24 & 0xff;

  o[28] = x9 >>>  0 & 0xff;
  o[29] = x9 >>>  8 & 0xff;
  o[30] = x9 >>> 16 & 0xff;
  o[31] = x9 >>> 24 & 0xff;
}

function crypto_core_salsa20(out,inp,k,c) {
  core_salsa20(out,inp,k,c);
}

function crypto_core_hsalsa20(out,inp,k,c) {
  core_hsalsa20(out,inp,k,c);
}

var sigma = new Uint8Array([101, 120, 112, 97, 110, 100, 32, 51, 50, 45, 98, 121, 116, 101, 32, 107]);
            // "expand 32-byte k"

function crypto_stream_salsa20_xor(c,cpos,m,mpos,b,n,k) {
  var z = new Uint8Array(16), x = new Uint8Array(64);
  var u, i;
  for (i = 0; i < 16; i++) z[i] = 0;
  for (i = 0; i < 8; i++) z[i] = n[i];
  while (b >= 64) {
    crypto_core_salsa20(x,z,k,sigma);
    for (i = 0; i < 64; i++) c[cpos+i] = m[mpos+i] ^ x[i];
    u = 1;
    for (i = 8; i < 16; i++) {
      u = u + (z[i] & 0xff) | 0;
      z[i] = u & 0xff;
      u >>>= 8;
    }
    b -= 64;
    cpos += 64;
    mpos += 64;
  }
  if (b > 0) {
    crypto_core_salsa20(x,z,k,sigma);
    for (i = 0; i < b; i++) c[cpos+i] = m[mpos+i] ^ x[i];
  }
  return 0;
}

function crypto_stream_salsa20(c,cpos,b,n,k) {
  var z = new Uint8Array(16), x = new Uint8Array(64);
  var u, i;
  for (i = 0; i < 16; i++) z[i] = 0;
  for (i = 0; i < 8; i++) z[i] = n[i];
  while (b >= 64) {
    crypto_core_salsa20(x,z,k,sigma);
    for (i = 0; i < 64; i++) c[cpos+i] = x[i];
    u = 1;
    for (i = 8; i < 16; i++) {
      u = u + (z[i] & 0xff) | 0;
      z[i] = u & 0xff;
      u >>>= 8;
    }
    b -= 64;
    cpos += 64;
  }
  if (b > 0) {
    crypto_core_salsa20(x,z,k,sigma);
    for (i = 0; i < b; i++) c[cpos+i] = x[i];
  }
  return 0;
}

function crypto_stream(c,cpos,d,n,k) {
  var s = new Uint8Array(32);
  crypto_core_hsalsa20(s,n,k,sigma);
  var sn = new Uint8Array(8);
  for (var i = 0; i < 8; i++) sn[i] = n[i+16];
  return crypto_stream_salsa20(c,cpos,d,sn,s);
}

function crypto_stream_xor(c,cpos,m,mpos,d,n,k) {
  var s = new Uint8Array(32);
  crypto_core_hsalsa20(s,n,k,sigma);
  var sn = new Uint8Array(8);
  for (var i = 0; i < 8; i++) sn[i] = n[i+16];
  return crypto_stream_salsa20_xor(c,cpos,m,mpos,d,sn,s);
}

/*
* Port of Andrew Moon's Poly1305-donna-16. Public domain.
* https://github.com/floodyberry/poly1305-donna
*/

var poly1305 = function(key) {
  this.buffer = new Uint8Array(16);
  this.r = new Uint16Array(10);
  this.h = new Uint16Array(10);
  this.pad = new Uint16Array(8);
  this.leftover = 0;
  this.fin = 0;

  var t0, t1, t2, t3, t4, t5, t6, t7;

  t0 = key[ 0] & 0xff | (key[ 1] & 0xff) << 8; this.r[0] = ( t0                     ) & 0x1fff;
  t1 = key[ 2] & 0xff | (key[ 3] & 0xff) << 8; this.r[1] = ((t0 >>> 13) | (t1 <<  3)) & 0x1fff;
  t2 = key[ 4] & 0xff | (key[ 5] & 0xff) << 8; this.r[2] = ((t1 >>> 10) | (t2 <<  6)) & 0x1f03;
  t3 = key[ 6] & 0xff | (key[ 7] & 0xff) << 8; this.r[3] = ((t2 >>>  7) | (t3 <<  9)) & 0x1fff;
  t4 = key[ 8] & 0xff | (key[ 9] & 0xff) << 8; this.r[4] = ((t3 >>>  4) | (t4 << 12)) & 0x00ff;
  this.r[5] = ((t4 >>>  1)) & 0x1ffe;
  t5 = key[10] & 0xff | (key[11] & 0xff) << 8; this.r[6] = ((t4 >>> 14) | (t5 <<  2)) & 0x1fff;
  t6 = key[12] & 0xff | (key[13] & 0xff) << 8; this.r[7] = ((t5 >>> 11) | (t6 <<  5)) & 0x1f81;
  t7 = key[14] & 0xff | (key[15] & 0xff) << 8; this.r[8] = ((t6 >>>  8) | (t7 <<  8)) & 0x1fff;
  this.r[9] = ((t7 >>>  5)) & 0x007f;

  this.pad[0] = key[16] & 0xff | (key[17] & 0xff) << 8;
  this.pad[1] = key[18] & 0xff | (key[19] & 0xff) << 8;
  this.pad[2] = key[20] & 0xff | (key[21] & 0xff) << 8;
  this.pad[3] = key[22] & 0xff | (key[23] & 0xff) << 8;
  this.pad[4] = key[24] & 0xff | (key[25] & 0xff) << 8;
  this.pad[5] = key[26] & 0xff | (key[27] & 0xff) << 8;
  this.pad[6] = key[28] & 0xff | (key[29] & 0xff) << 8;
  this.pad[7] = key[30] & 0xff | (key[31] & 0xff) << 8;
};

poly1305.prototype.blocks = function(m, mpos, bytes) {
  var hibit = this.fin ? 0 : (1 << 11);
  var t0, t1, t2, t3, t4, t5, t6, t7, c;
  var d0, d1, d2, d3, d4, d5, d6, d7, d8, d9;

  var h0 = this.h[0],
      h1 = this.h[1],
      h2 = this.h[2],
      h3 = this.h[3],
      h4 = this.h[4],
      h5 = this.h[5],
      h6 = this.h[6],
      h7 = this.h[7],
      h8 = this.h[8],
      h9 = this.h[9];

  var r0 = this.r[0],
      r1 = this.r[1],
      r2 = this.r[2],
      r3 = this.r[3],
      r4 = this.r[4],
      r5 = this.r[5],
      r6 = this.r[6],
      r7 = this.r[7],
      r8 = this.r[8],
      r9 = this.r[9];

  while (bytes >= 16) {
    t0 = m[mpos+ 0] & 0xff | (m[mpos+ 1] & 0xff) << 8; h0 += ( t0                     ) & 0x1fff;
    t1 = m[mpos+ 2] & 0xff | (m[mpos+ 3] & 0xff) << 8; h1 += ((t0 >>> 13) | (t1 <<  3)) & 0x1fff;
    t2 = m[mpos+ 4] & 0xff | (m[mpos+ 5] & 0xff) << 8; h2 += ((t1 >>> 10) | (t2 <<  6)) & 0x1fff;
    t3 = m[mpos+ 6] & 0xff | (m[mpos+ 7] & 0xff) << 8; h3 += ((t2 >>>  7) | (t3 <<  9)) & 0x1fff;
    t4 = m[mpos+ 8] & 0xff | (m[mpos+ 9] & 0xff) << 8; h4 += ((t3 >>>  4) | (t4 << 12)) & 0x1fff;
    h5 += ((t4 >>>  1)) & 0x1fff;
    t5 = m[mpos+10] & 0xff | (m[mpos+11] & 0xff) << 8; h6 += ((t4 >>> 14) | (t5 <<  2)) & 0x1fff;
    t6 = m[mpos+12] & 0xff | (m[mpos+13] & 0xff) << 8; h7 += ((t5 >>> 11) | (t6 <<  5)) & 0x1fff;
    t7 = m[mpos+14] & 0xff | (m[mpos+15] & 0xff) << 8; h8 += ((t6 >>>  8) | (t7 <<  8)) & 0x1fff;
    h9 += ((t7 >>> 5)) | hibit;

    c = 0;

    d0 = c;
    d0 += h0 * r0;
    d0 += h1 * (5 * r9);
    d0 += h2 * (5 * r8);
    d0 += h3 * (5 * r7);
    d0 += h4 * (5 * r6);
    c = (d0 >>> 13); d0 &= 0x1fff;
    d0 += h5 * (5 * r5);
    d0 += h6 * (5 * r4);
    d0 += h7 * (5 * r3);
    d0 += h8 * (5 * r2);
    d0 += h9 * (5 * r1);
    c += (d0 >>> 13); d0 &= 0x1fff;

    d1 = c;
    d1 += h0 * r1;
    d1 += h1 * r0;
    d1 += h2 * (5 * r9);
    d1 += h3 * (5 * r8);
    d1 += h4 * (5 * r7);
    c = (d1 >>> 13); d1 &= 0x1fff;
    d1 += h5 * (5 * r6);
    d1 += h6 * (5 * r5);
    d1 += h7 * (5 * r4);
    d1 += h8 * (5 * r3);
    d1 += h9 * (5 * r2);
    c += (d1 >>> 13); d1 &= 0x1fff;

    d2 = c;
    d2 += h0 * r2;
    d2 += h1 * r1;
    d2 += h2 * r0;
    d2 += h3 * (5 * r9);
    d2 += h4 * (5 * r8);
    c = (d2 >>> 13); d2 &= 0x1fff;
    d2 += h5 * (5 * r7);
    d2 += h6 * (5 * r6);
    d2 += h7 * (5 * r5);
    d2 += h8 * (5 * r4);
    d2 += h9 * (5 * r3);
    c += (d2 >>> 13); d2 &= 0x1fff;

    d3 = c;
    d3 += h0 * r3;
    d3 += h1 * r2;
    d3 += h2 * r1;
    d3 += h3 * r0;
    d3 += h4 * (5 * r9);
    c = (d3 >>> 13); d3 &= 0x1fff;
    d3 += h5 * (5 * r8);
    d3 += h6 * (5 * r7);
    d3 += h7 * (5 * r6);
    d3 += h8 * (5 * r5);
    d3 += h9 * (5 * r4);
    c += (d3 >>> 13); d3 &= 0x1fff;

    d4 = c;
    d4 += h0 * r4;
    d4 += h1 * r3;
    d4 += h2 * r2;
    d4 += h3 * r1;
    d4 += h4 * r0;
    c = (d4 >>> 13); d4 &= 0x1fff;
    d4 += h5 * (5 * r9);
    d4 += h6 * (5 * r8);
    d4 += h7 * (5 * r7);
    d4 += h8 * (5 * r6);
    d4 += h9 * (5 * r5);
    c += (d4 >>> 13); d4 &= 0x1fff;

    d5 = c;
    d5 += h0 * r5;
    d5 += h1 * r4;
    d5 += h2 * r3;
    d5 += h3 * r2;
    d5 += h4 * r1;
    c = (d5 >>> 13); d5 &= 0x1fff;
    d5 += h5 * r0;
    d5 += h6 * (5 * r9);
    d5 += h7 * (5 * r8);
    d5 += h8 * (5 * r7);
    d5 += h9 * (5 * r6);
    c += (d5 >>> 13); d5 &= 0x1fff;

    d6 = c;
    d6 += h0 * r6;
    d6 += h1 * r5;
    d6 += h2 * r4;
    d6 += h3 * r3;
    d6 += h4 * r2;
    c = (d6 >>> 13); d6 &= 0x1fff;
    d6 += h5 * r1;
    d6 += h6 * r0;
    d6 += h7 * (5 * r9);
    d6 += h8 * (5 * r8);
    d6 += h9 * (5 * r7);
    c += (d6 >>> 13); d6 &= 0x1fff;

    d7 = c;
    d7 += h0 * r7;
    d7 += h1 * r6;
    d7 += h2 * r5;
    d7 += h3 * r4;
    d7 += h4 * r3;
    c = (d7 >>> 13); d7 &= 0x1fff;
    d7 += h5 * r2;
    d7 += h6 * r1;
    d7 += h7 * r0;
    d7 += h8 * (5 * r9);
    d7 += h9 * (5 * r8);
    c += (d7 >>> 13); d7 &= 0x1fff;

    d8 = c;
    d8 += h0 * r8;
    d8 += h1 * r7;
    d8 += h2 * r6;
    d8 += h3 * r5;
    d8 += h4 * r4;
    c = (d8 >>> 13); d8 &= 0x1fff;
    d8 += h5 * r3;
    d8 += h6 * r2;
    d8 += h7 * r1;
    d8 += h8 * r0;
    d8 += h9 * (5 * r9);
    c += (d8 >>> 13); d8 &= 0x1fff;

    d9 = c;
    d9 += h0 * r9;
    d9 += h1 * r8;
    d9 += h2 * r7;
    d9 += h3 * r6;
    d9 += h4 * r5;
    c = (d9 >>> 13); d9 &= 0x1fff;
    d9 += h5 * r4;
    d9 += h6 * r3;
    d9 += h7 * r2;
    d9 += h8 * r1;
    d9 += h9 * r0;
    c += (d9 >>> 13); d9 &= 0x1fff;

    c = (((c << 2) + c)) | 0;
    c = (c + d0) | 0;
    d0 = c & 0x1fff;
    c = (c >>> 13);
    d1 += c;

    h0 = d0;
    h1 = d1;
    h2 = d2;
    h3 = d3;
    h4 = d4;
    h5 = d5;
    h6 = d6;
    h7 = d7;
    h8 = d8;
    h9 = d9;

    mpos += 16;
    bytes -= 16;
  }
  this.h[0] = h0;
  this.h[1] = h1;
  this.h[2] = h2;
  this.h[3] = h3;
  this.h[4] = h4;
  this.h[5] = h5;
  this.h[6] = h6;
  this.h[7] = h7;
  this.h[8] = h8;
  this.h[9] = h9;
};

poly1305.prototype.finish = function(mac, macpos) {
  var g = new Uint16Array(10);
  var c, mask, f, i;

  if (this.leftover) {
    i = this.leftover;
    this.buffer[i++] = 1;
    for (; i < 16; i++) this.buffer[i] = 0;
    this.fin = 1;
    this.blocks(this.buffer, 0, 16);
  }

  c = this.h[1] >>> 13;
  this.h[1] &= 0x1fff;
  for (i = 2; i < 10; i++) {
    this.h[i] += c;
    c = this.h[i] >>> 13;
    this.h[i] &= 0x1fff;
  }
  this.h[0] += (c * 5);
  c = this.h[0] >>> 13;
  this.h[0] &= 0x1fff;
  this.h[1] += c;
  c = this.h[1] >>> 13;
  this.h[1] &= 0x1fff;
  this.h[2] += c;

  g[0] = this.h[0] + 5;
  c = g[0] >>> 13;
  g[0] &= 0x1fff;
  for (i = 1; i < 10; i++) {
    g[i] = this.h[i] + c;
    c = g[i] >>> 13;
    g[i] &= 0x1fff;
  }
  g[9] -= (1 << 13);

  mask = (c ^ 1) - 1;
  for (i = 0; i < 10; i++) g[i] &= mask;
  mask = ~mask;
  for (i = 0; i < 10; i++) this.h[i] = (this.h[i] & mask) | g[i];

  this.h[0] = ((this.h[0]       ) | (this.h[1] << 13)                    ) & 0xffff;
  this.h[1] = ((this.h[1] >>>  3) | (this.h[2] << 10)                    ) & 0xffff;
  this.h[2] = ((this.h[2] >>>  6) | (this.h[3] <<  7)                    ) & 0xffff;
  this.h[3] = ((this.h[3] >>>  9) | (this.h[4] <<  4)                    ) & 0xffff;
  this.h[4] = ((this.h[4] >>> 12) | (this.h[5] <<  1) | (this.h[6] << 14)) & 0xffff;
  this.h[5] = ((this.h[6] >>>  2) | (this.h[7] << 11)                    ) & 0xffff;
  this.h[6] = ((this.h[7] >>>  5) | (this.h[8] <<  8)                    ) & 0xffff;
  this.h[7] = ((this.h[8] >>>  8) | (this.h[9] <<  5)                    ) & 0xffff;

  f = this.h[0] + this.pad[0];
  this.h[0] = f & 0xffff;
  for (i = 1; i < 8; i++) {
    f = (((this.h[i] + this.pad[i]) | 0) + (f >>> 16)) | 0;
    this.h[i] = f & 0xffff;
  }

  mac[macpos+ 0] = (this.h[0] >>> 0) & 0xff;
  mac[macpos+ 1] = (this.h[0] >>> 8) & 0xff;
  mac[macpos+ 2] = (this.h[1] >>> 0) & 0xff;
  mac[macpos+ 3] = (this.h[1] >>> 8) & 0xff;
  mac[macpos+ 4] = (this.h[2] >>> 0) & 0xff;
  mac[macpos+ 5] = (this.h[2] >>> 8) & 0xff;
  mac[macpos+ 6] = (this.h[3] >>> 0) & 0xff;
  mac[macpos+ 7] = (this.h[3] >>> 8) & 0xff;
  mac[macpos+ 8] = (this.h[4] >>> 0) & 0xff;
  mac[macpos+ 9] = (this.h[4] >>> 8) & 0xff;
  mac[macpos+10] = (this.h[5] >>> 0) & 0xff;
  mac[macpos+11] = (this.h[5] >>> 8) & 0xff;
  mac[macpos+12] = (this.h[6] >>> 0) & 0xff;
  mac[macpos+13] = (this.h[6] >>> 8) & 0xff;
  mac[macpos+14] = (this.h[7] >>> 0) & 0xff;
  mac[macpos+15] = (this.h[7] >>> 8) & 0xff;
};

poly1305.prototype.update = function(m, mpos, bytes) {
  var i, want;

  if (this.leftover) {
    want = (16 - this.leftover);
    if (want > bytes)
      want = bytes;
    for (i = 0; i < want; i++)
      this.buffer[this.leftover + i] = m[mpos+i];
    bytes -= want;
    mpos += want;
    this.leftover += want;
    if (this.leftover < 16)
      return;
    this.blocks(this.buffer, 0, 16);
    this.leftover = 0;
  }

  if (bytes >= 16) {
    want = bytes - (bytes % 16);
    this.blocks(m, mpos, want);
    mpos += want;
    bytes -= want;
  }

  if (bytes) {
    for (i = 0; i < bytes; i++)
      this.buffer[this.leftover + i] = m[mpos+i];
    this.leftover += bytes;
  }
};

function crypto_onetimeauth(out, outpos, m, mpos, n, k) {
  var s = new poly1305(k);
  s.update(m, mpos, n);
  s.finish(out, outpos);
  return 0;
}

function crypto_onetimeauth_verify(h, hpos, m, mpos, n, k) {
  var x = new Uint8Array(16);
  crypto_onetimeauth(x,0,m,mpos,n,k);
  return crypto_verify_16(h,hpos,x,0);
}

function crypto_secretbox(c,m,d,n,k) {
  var i;
  if (d < 32) return -1;
  crypto_stream_xor(c,0,m,0,d,n,k);
  crypto_onetimeauth(c, 16, c, 32, d - 32, c);
  for (i = 0; i < 16; i++) c[i] = 0;
  return 0;
}

function crypto_secretbox_open(m,c,d,n,k) {
  var i;
  var x = new Uint8Array(32);
  if (d < 32) return -1;
  crypto_stream(x,0,32,n,k);
  if (crypto_onetimeauth_verify(c, 16,c, 32,d - 32,x) !== 0) return -1;
  crypto_stream_xor(m,0,c,0,d,n,k);
  for (i = 0; i < 32; i++) m[i] = 0;
  return 0;
}

function set25519(r, a) {
  var i;
  for (i = 0; i < 16; i++) r[i] = a[i]|0;
}

function car25519(o) {
  var i, v, c = 1;
  for (i = 0; i < 16; i++) {
    v = o[i] + c + 65535;
    c = Math.floor(v / 65536);
    o[i] = v - c * 65536;
  }
  o[0] += c-1 + 37 * (c-1);
}

function sel25519(p, q, b) {
  var t, c = ~(b-1);
  for (var i = 0; i < 16; i++) {
    t = c & (p[i] ^ q[i]);
    p[i] ^= t;
    q[i] ^= t;
  }
}

function pack25519(o, n) {
  var i, j, b;
  var m = gf(), t = gf();
  for (i = 0; i < 16; i++) t[i] = n[i];
  car25519(t);
  car25519(t);
  car25519(t);
  for (j = 0; j < 2; j++) {
    m[0] = t[0] - 0xffed;
    for (i = 1; i < 15; i++) {
      m[i] = t[i] - 0xffff - ((m[i-1]>>16) & 1);
      m[i-1] &= 0xffff;
    }
    m[15] = t[15] - 0x7fff - ((m[14]>>16) & 1);
    b = (m[15]>>16) & 1;
    m[14] &= 0xffff;
    sel25519(t, m, 1-b);
  }
  for (i = 0; i < 16; i++) {
    o[2*i] = t[i] & 0xff;
    o[2*i+1] = t[i]>>8;
  }
}

function neq25519(a, b) {
  var c = new Uint8Array(32), d = new Uint8Array(32);
  pack25519(c, a);
  pack25519(d, b);
  return crypto_verify_32(c, 0, d, 0);
}

function par25519(a) {
  var d = new Uint8Array(32);
  pack25519(d, a);
  return d[0] & 1;
}

function unpack25519(o, n) {
  var i;
  for (i = 0; i < 16; i++) o[i] = n[2*i] + (n[2*i+1] << 8);
  o[15] &= 0x7fff;
}

function A(o, a, b) {
  for (var i = 0; i < 16; i++) o[i] = a[i] + b[i];
}

function Z(o, a, b) {
  for (var i = 0; i < 16; i++) o[i] = a[i] - b[i];
}

function M(o, a, b) {
  var v, c,
     t0 = 0,  t1 = 0,  t2 = 0,  t3 = 0,  t4 = 0,  t5 = 0,  t6 = 0,  t7 = 0,
     t8 = 0,  t9 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0, t14 = 0, t15 = 0,
    t16 = 0, t17 = 0, t18 = 0, t19 = 0, t20 = 0, t21 = 0, t22 = 0, t23 = 0,
    t24 = 0, t25 = 0, t26 = 0, t27 = 0, t28 = 0, t29 = 0, t30 = 0,
    b0 = b[0],
    b1 = b[1],
    b2 = b[2],
    b3 = b[3],
    b4 = b[4],
    b5 = b[5],
    b6 = b[6],
    b7 = b[7],
    b8 = b[8],
    b9 = b[9],
    b10 = b[10],
    b11 = b[11],
    b12 = b[12],
    b13 = b[13],
    b14 = b[14],
    b15 = b[15];

  v = a[0];
  t0 += v * b0;
  t1 += v * b1;
  t2 += v * b2;
  t3 += v * b3;
  t4 += v * b4;
  t5 += v * b5;
  t6 += v * b6;
  t7 += v * b7;
  t8 += v * b8;
  t9 += v * b9;
  t10 += v * b10;
  t11 += v * b11;
  t12 += v * b12;
  t13 += v * b13;
  t14 += v * b14;
  t15 += v * b15;
  v = a[1];
  t1 += v * b0;
  t2 += v * b1;
  t3 += v * b2;
  t4 += v * b3;
  t5 += v * b4;
  t6 += v * b5;
  t7 += v * b6;
  t8 += v * b7;
  t9 += v * b8;
  t10 += v * b9;
  t11 += v * b10;
  t12 += v * b11;
  t13 += v * b12;
  t14 += v * b13;
  t15 += v * b14;
  t16 += v * b15;
  v = a[2];
  t2 += v * b0;
  t3 += v * b1;
  t4 += v * b2;
  t5 += v * b3;
  t6 += v * b4;
  t7 += v * b5;
  t8 += v * b6;
  t9 += v * b7;
  t10 += v * b8;
  t11 += v * b9;
  t12 += v * b10;
  t13 += v * b11;
  t14 += v * b12;
  t15 += v * b13;
  t16 += v * b14;
  t17 += v * b15;
  v = a[3];
  t3 += v * b0;
  t4 += v * b1;
  t5 += v * b2;
  t6 += v * b3;
  t7 += v * b4;
  t8 += v * b5;
  t9 += v * b6;
  t10 += v * b7;
  t11 += v * b8;
  t12 += v * b9;
  t13 += v * b10;
  t14 += v * b11;
  t15 += v * b12;
  t16 += v * b13;
  t17 += v * b14;
  t18 += v * b15;
  v = a[4];
  t4 += v * b0;
  t5 += v * b1;
  t6 += v * b2;
  t7 += v * b3;
  t8 += v * b4;
  t9 += v * b5;
  t10 += v * b6;
  t11 += v * b7;
  t12 += v * b8;
  t13 += v * b9;
  t14 += v * b10;
  t15 += v * b11;
  t16 += v * b12;
  t17 += v * b13;
  t18 += v * b14;
  t19 += v * b15;
  v = a[5];
  t5 += v * b0;
  t6 += v * b1;
  t7 += v * b2;
  t8 += v * b3;
  t9 += v * b4;
  t10 += v * b5;
  t11 += v * b6;
  t12 += v * b7;
  t13 += v * b8;
  t14 += v * b9;
  t15 += v * b10;
  t16 += v * b11;
  t17 += v * b12;
  t18 += v * b13;
  t19 += v * b14;
  t20 += v * b15;
  v = a[6];
  t6 += v * b0;
  t7 += v * b1;
  t8 += v * b2;
  t9 += v * b3;
  t10 += v * b4;
  t11 += v * b5;
  t12 += v * b6;
  t13 += v * b7;
  t14 += v * b8;
  t15 += v * b9;
  t16 += v * b10;
  t17 += v * b11;
  t18 += v * b12;
  t19 += v * b13;
  t20 += v * b14;
  t21 += v * b15;
  v = a[7];
  t7 += v * b0;
  t8 += v * b1;
  t9 += v * b2;
  t10 += v * b3;
  t11 += v * b4;
  t12 += v * b5;
  t13 += v * b6;
  t14 += v * b7;
  t15 += v * b8;
  t16 += v * b9;
  t17 += v * b10;
  t18 += v * b11;
  t19 += v * b12;
  t20 += v * b13;
  t21 += v * b14;
  t22 += v * b15;
  v = a[8];
  t8 += v * b0;
  t9 += v * b1;
  t10 += v * b2;
  t11 += v * b3;
  t12 += v * b4;
  t13 += v * b5;
  t14 += v * b6;
  t15 += v * b7;
  t16 += v * b8;
  t17 += v * b9;
  t18 += v * b10;
  t19 += v * b11;
  t20 += v * b12;
  t21 += v * b13;
  t22 += v * b14;
  t23 += v * b15;
  v = a[9];
  t9 += v * b0;
  t10 += v * b1;
  t11 += v * b2;
  t12 += v * b3;
  t13 += v * b4;
  t14 += v * b5;
  t15 += v * b6;
  t16 += v * b7;
  t17 += v * b8;
  t18 += v * b9;
  t19 += v * b10;
  t20 += v * b11;
  t21 += v * b12;
  t22 += v * b13;
  t23 += v * b14;
  t24 += v * b15;
  v = a[10];
  t10 += v * b0;
  t11 += v * b1;
  t12 += v * b2;
  t13 += v * b3;
  t14 += v * b4;
  t15 += v * b5;
  t16 += v * b6;
  t17 += v * b7;
  t18 += v * b8;
  t19 += v * b9;
  t20 += v * b10;
  t21 += v * b11;
  t22 += v * b12;
  t23 += v * b13;
  t24 += v * b14;
  t25 += v * b15;
  v = a[11];
  t11 += v * b0;
  t12 += v * b1;
  t13 += v * b2;
  t14 += v * b3;
  t15 += v * b4;
  t16 += v * b5;
  t17 += v * b6;
  t18 += v * b7;
  t19 += v * b8;
  t20 += v * b9;
  t21 += v * b10;
  t22 += v * b11;
  t23 += v * b12;
  t24 += v * b13;
  t25 += v * b14;
  t26 += v * b15;
  v = a[12];
  t12 += v * b0;
  t13 += v * b1;
  t14 += v * b2;
  t15 += v * b3;
  t16 += v * b4;
  t17 += v * b5;
  t18 += v * b6;
  t19 += v * b7;
  t20 += v * b8;
  t21 += v * b9;
  t22 += v * b10;
  t23 += v * b11;
  t24 += v * b12;
  t25 += v * b13;
  t26 += v * b14;
  t27 += v * b15;
  v = a[13];
  t13 += v * b0;
  t14 += v * b1;
  t15 += v * b2;
  t16 += v * b3;
  t17 += v * b4;
  t18 += v * b5;
  t19 += v * b6;
  t20 += v * b7;
  t21 += v * b8;
  t22 += v * b9;
  t23 += v * b10;
  t24 += v * b11;
  t25 += v * b12;
  t26 += v * b13;
  t27 += v * b14;
  t28 += v * b15;
  v = a[14];
  t14 += v * b0;
  t15 += v * b1;
  t16 += v * b2;
  t17 += v * b3;
  t18 += v * b4;
  t19 += v * b5;
  t20 += v * b6;
  t21 += v * b7;
  t22 += v * b8;
  t23 += v * b9;
  t24 += v * b10;
  t25 += v * b11;
  t26 += v * b12;
  t27 += v * b13;
  t28 += v * b14;
  t29 += v * b15;
  v = a[15];
  t15 += v * b0;
  t16 += v * b1;
  t17 += v * b2;
  t18 += v * b3;
  t19 += v * b4;
  t20 += v * b5;
  t21 += v * b6;
  t22 += v * b7;
  t23 += v * b8;
  t24 += v * b9;
  t25 += v * b10;
  t26 += v * b11;
  t27 += v * b12;
  t28 += v * b13;
  t29 += v * b14;
  t30 += v * b15;

  t0  += 38 * t16;
  t1  += 38 * t17;
  t2  += 38 * t18;
  t3  += 38 * t19;
  t4  += 38 * t20;
  t5  += 38 * t21;
  t6  += 38 * t22;
  t7  += 38 * t23;
  t8  += 38 * t24;
  t9  += 38 * t25;
  t10 += 38 * t26;
  t11 += 38 * t27;
  t12 += 38 * t28;
  t13 += 38 * t29;
  t14 += 38 * t30;
  // t15 left as is

  // first car
  c = 1;
  v =  t0 + c + 65535; c = Math.floor(v / 65536);  t0 = v - c * 65536;
  v =  t1 + c + 65535; c = Math.floor(v / 65536);  t1 = v - c * 65536;
  v =  t2 + c + 65535; c = Math.floor(v / 65536);  t2 = v - c * 65536;
  v =  t3 + c + 65535; c = Math.floor(v / 65536);  t3 = v - c * 65536;
  v =  t4 + c + 65535; c = Math.floor(v / 65536);  t4 = v - c * 65536;
  v =  t5 + c + 65535; c = Math.floor(v / 65536);  t5 = v - c * 65536;
  v =  t6 + c + 65535; c = Math.floor(v / 65536);  t6 = v - c * 65536;
  v =  t7 + c + 65535; c = Math.floor(v / 65536);  t7 = v - c * 65536;
  v =  t8 + c + 65535; c = Math.floor(v / 65536);  t8 = v - c * 65536;
  v =  t9 + c + 65535; c = Math.floor(v / 65536);  t9 = v - c * 65536;
  v = t10 + c + 65535; c = Math.floor(v / 65536); t10 = v - c * 65536;
  v = t11 + c + 65535; c = Math.floor(v / 65536); t11 = v - c * 65536;
  v = t12 + c + 65535; c = Math.floor(v / 65536); t12 = v - c * 65536;
  v = t13 + c + 65535; c = Math.floor(v / 65536); t13 = v - c * 65536;
  v = t14 + c + 65535; c = Math.floor(v / 65536); t14 = v - c * 65536;
  v = t15 + c + 65535; c = Math.floor(v / 65536); t15 = v - c * 65536;
  t0 += c-1 + 37 * (c-1);

  // second car
  c = 1;
  v =  t0 + c + 65535; c = Math.floor(v / 65536);  t0 = v - c * 65536;
  v =  t1 + c + 65535; c = Math.floor(v / 65536);  t1 = v - c * 65536;
  v =  t2 + c + 65535; c = Math.floor(v / 65536);  t2 = v - c * 65536;
  v =  t3 + c + 65535; c = Math.floor(v / 65536);  t3 = v - c * 65536;
  v =  t4 + c + 65535; c = Math.floor(v / 65536);  t4 = v - c * 65536;
  v =  t5 + c + 65535; c = Math.floor(v / 65536);  t5 = v - c * 65536;
  v =  t6 + c + 65535; c = Math.floor(v / 65536);  t6 = v - c * 65536;
  v =  t7 + c + 65535; c = Math.floor(v / 65536);  t7 = v - c * 65536;
  v =  t8 + c + 65535; c = Math.floor(v / 65536);  t8 = v - c * 65536;
  v =  t9 + c + 65535; c = Math.floor(v / 65536);  t9 = v - c * 65536;
  v = t10 + c + 65535; c = Math.floor(v / 65536); t10 = v - c * 65536;
  v = t11 + c + 65535; c = Math.floor(v / 65536); t11 = v - c * 65536;
  v = t12 + c + 65535; c = Math.floor(v / 65536); t12 = v - c * 65536;
  v = t13 + c + 65535; c = Math.floor(v / 65536); t13 = v - c * 65536;
  v = t14 + c + 65535; c = Math.floor(v / 65536); t14 = v - c * 65536;
  v = t15 + c + 65535; c = Math.floor(v / 65536); t15 = v - c * 65536;
  t0 += c-1 + 37 * (c-1);

  o[ 0] = t0;
  o[ 1] = t1;
  o[ 2] = t2;
  o[ 3] = t3;
  o[ 4] = t4;
  o[ 5] = t5;
  o[ 6] = t6;
  o[ 7] = t7;
  o[ 8] = t8;
  o[ 9] = t9;
  o[10] = t10;
  o[11] = t11;
  o[12] = t12;
  o[13] = t13;
  o[14] = t14;
  o[15] = t15;
}

function S(o, a) {
  M(o, a, a);
}

function inv25519(o, i) {
  var c = gf();
  var a;
  for (a = 0; a < 16; a++) c[a] = i[a];
  for (a = 253; a >= 0; a--) {
    S(c, c);
    if(a !== 2 && a !== 4) M(c, c, i);
  }
  for (a = 0; a < 16; a++) o[a] = c[a];
}

function pow2523(o, i) {
  var c = gf();
  var a;
  for (a = 0; a < 16; a++) c[a] = i[a];
  for (a = 250; a >= 0; a--) {
      S(c, c);
      if(a !== 1) M(c, c, i);
  }
  for (a = 0; a < 16; a++) o[a] = c[a];
}

function crypto_scalarmult(q, n, p) {
  var z = new Uint8Array(32);
  var x = new Float64Array(80), r, i;
  var a = gf(), b = gf(), c = gf(),
      d = gf(), e = gf(), f = gf();
  for (i = 0; i < 31; i++) z[i] = n[i];
  z[31]=(n[31]&127)|64;
  z[0]&=248;
  unpack25519(x,p);
  for (i = 0; i < 16; i++) {
    b[i]=x[i];
    d[i]=a[i]=c[i]=0;
  }
  a[0]=d[0]=1;
  for (i=254; i>=0; --i) {
    r=(z[i>>>3]>>>(i&7))&1;
    sel25519(a,b,r);
    sel25519(c,d,r);
    A(e,a,c);
    Z(a,a,c);
    A(c,b,d);
    Z(b,b,d);
    S(d,e);
    S(f,a);
    M(a,c,a);
    M(c,b,e);
    A(e,a,c);
    Z(a,a,c);
    S(b,a);
    Z(c,d,f);
    M(a,c,_121665);
    A(a,a,d);
    M(c,c,a);
    M(a,d,f);
    M(d,b,x);
    S(b,e);
    sel25519(a,b,r);
    sel25519(c,d,r);
  }
  for (i = 0; i < 16; i++) {
    x[i+16]=a[i];
    x[i+32]=c[i];
    x[i+48]=b[i];
    x[i+64]=d[i];
  }
  var x32 = x.subarray(32);
  var x16 = x.subarray(16);
  inv25519(x32,x32);
  M(x16,x16,x32);
  pack25519(q,x16);
  return 0;
}

function crypto_scalarmult_base(q, n) {
  return crypto_scalarmult(q, n, _9);
}

function crypto_box_keypair(y, x) {
  randombytes(x, 32);
  return crypto_scalarmult_base(y, x);
}

function crypto_box_beforenm(k, y, x) {
  var s = new Uint8Array(32);
  crypto_scalarmult(s, x, y);
  return crypto_core_hsalsa20(k, _0, s, sigma);
}

var crypto_box_afternm = crypto_secretbox;
var crypto_box_open_afternm = crypto_secretbox_open;

function crypto_box(c, m, d, n, y, x) {
  var k = new Uint8Array(32);
  crypto_box_beforenm(k, y, x);
  return crypto_box_afternm(c, m, d, n, k);
}

function crypto_box_open(m, c, d, n, y, x) {
  var k = new Uint8Array(32);
  crypto_box_beforenm(k, y, x);
  return crypto_box_open_afternm(m, c, d, n, k);
}

var K = [
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd,
  0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019,
  0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe,
  0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1,
  0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
  0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483,
  0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210,
  0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725,
  0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926,
  0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8,
  0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001,
  0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910,
  0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53,
  0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
  0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60,
  0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9,
  0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207,
  0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6,
  0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493,
  0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a,
  0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817
];

function crypto_hashblocks_hl(hh, hl, m, n) {
  var wh = new Int32Array(16), wl = new Int32Array(16),
      bh0, bh1, bh2, bh3, bh4, bh5, bh6, bh7,
      bl0, bl1, bl2, bl3, bl4, bl5, bl6, bl7,
      th, tl, i, j, h, l, a, b, c, d;

  var ah0 = hh[0],
      ah1 = hh[1],
      ah2 = hh[2],
      ah3 = hh[3],
      ah4 = hh[4],
      ah5 = hh[5],
      ah6 = hh[6],
      ah7 = hh[7],

      al0 = hl[0],
      al1 = hl[1],
      al2 = hl[2],
      al3 = hl[3],
      al4 = hl[4],
      al5 = hl[5],
      al6 = hl[6],
      al7 = hl[7];

  var pos = 0;
  while (n >= 128) {
    for (i = 0; i < 16; i++) {
      j = 8 * i + pos;
      wh[i] = (m[j+0] << 24) | (m[j+1] << 16) | (m[j+2] << 8) | m[j+3];
      wl[i] = (m[j+4] << 24) | (m[j+5] << 16) | (m[j+6] << 8) | m[j+7];
    }
    for (i = 0; i < 80; i++) {
      bh0 = ah0;
      bh1 = ah1;
      bh2 = ah2;
      bh3 = ah3;
      bh4 = ah4;
      bh5 = ah5;
      bh6 = ah6;
      bh7 = ah7;

      bl0 = al0;
      bl1 = al1;
      bl2 = al2;
      bl3 = al3;
      bl4 = al4;
      bl5 = al5;
      bl6 = al6;
      bl7 = al7;

      // add
      h = ah7;
      l = al7;

      a = l & 0xffff; b = l >>> 16;
      c = h & 0xffff; d = h >>> 16;

      // Sigma1
      h = ((ah4 >>> 14) | (al4 << (32-14))) ^ ((ah4 >>> 18) | (al4 << (32-18))) ^ ((al4 >>> (41-32)) | (ah4 << (32-(41-32))));
      l = ((al4 >>> 14) | (ah4 << (32-14))) ^ ((al4 >>> 18) | (ah4 << (32-18))) ^ ((ah4 >>> (41-32)) | (al4 << (32-(41-32))));

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      // Ch
      h = (ah4 & ah5) ^ (~ah4 & ah6);
      l = (al4 & al5) ^ (~al4 & al6);

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      // K
      h = K[i*2];
      l = K[i*2+1];

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      // w
      h = wh[i%16];
      l = wl[i%16];

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      b += a >>> 16;
      c += b >>> 16;
      d += c >>> 16;

      th = c & 0xffff | d << 16;
      tl = a & 0xffff | b << 16;

      // add
      h = th;
      l = tl;

      a = l & 0xffff; b = l >>> 16;
      c = h & 0xffff; d = h >>> 16;

      // Sigma0
      h = ((ah0 >>> 28) | (al0 << (32-28))) ^ ((al0 >>> (34-32)) | (ah0 << (32-(34-32)))) ^ ((al0 >>> (39-32)) | (ah0 << (32-(39-32))));
      l = ((al0 >>> 28) | (ah0 << (32-28))) ^ ((ah0 >>> (34-32)) | (al0 << (32-(34-32)))) ^ ((ah0 >>> (39-32)) | (al0 << (32-(39-32))));

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      // Maj
      h = (ah0 & ah1) ^ (ah0 & ah2) ^ (ah1 & ah2);
      l = (al0 & al1) ^ (al0 & al2) ^ (al1 & al2);

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      b += a >>> 16;
      c += b >>> 16;
      d += c >>> 16;

      bh7 = (c & 0xffff) | (d << 16);
      bl7 = (a & 0xffff) | (b << 16);

      // add
      h = bh3;
      l = bl3;

      a = l & 0xffff; b = l >>> 16;
      c = h & 0xffff; d = h >>> 16;

      h = th;
      l = tl;

      a += l & 0xffff; b += l >>> 16;
      c += h & 0xffff; d += h >>> 16;

      b += a >>> 16;
      c += b >>> 16;
      d += c >>> 16;

      bh3 = (c & 0xffff) | (d << 16);
      bl3 = (a & 0xffff) | (b << 16);

      ah1 = bh0;
      ah2 = bh1;
      ah3 = bh2;
      ah4 = bh3;
      ah5 = bh4;
      ah6 = bh5;
      ah7 = bh6;
      ah0 = bh7;

      al1 = bl0;
      al2 = bl1;
      al3 = bl2;
      al4 = bl3;
      al5 = bl4;
      al6 = bl5;
      al7 = bl6;
      al0 = bl7;

      if (i%16 === 15) {
        for (j = 0; j < 16; j++) {
          // add
          h = wh[j];
          l = wl[j];

          a = l & 0xffff; b = l >>> 16;
          c = h & 0xffff; d = h >>> 16;

          h = wh[(j+9)%16];
          l = wl[(j+9)%16];

          a += l & 0xffff; b += l >>> 16;
          c += h & 0xffff; d += h >>> 16;

          // sigma0
          th = wh[(j+1)%16];
          tl = wl[(j+1)%16];
          h = ((th >>> 1) | (tl << (32-1))) ^ ((th >>> 8) | (tl << (32-8))) ^ (th >>> 7);
          l = ((tl >>> 1) | (th << (32-1))) ^ ((tl >>> 8) | (th << (32-8))) ^ ((tl >>> 7) | (th << (32-7)));

          a += l & 0xffff; b += l >>> 16;
          c += h & 0xffff; d += h >>> 16;

          // sigma1
          th = wh[(j+14)%16];
          tl = wl[(j+14)%16];
          h = ((th >>> 19) | (tl << (32-19))) ^ ((tl >>> (61-32)) | (th << (32-(61-32)))) ^ (th >>> 6);
          l = ((tl >>> 19) | (th << (32-19))) ^ ((th >>> (61-32)) | (tl << (32-(61-32)))) ^ ((tl >>> 6) | (th << (32-6)));

          a += l & 0xffff; b += l >>> 16;
          c += h & 0xffff; d += h >>> 16;

          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;

          wh[j] = (c & 0xffff) | (d << 16);
          wl[j] = (a & 0xffff) | (b << 16);
        }
      }
    }

    // add
    h = ah0;
    l = al0;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[0];
    l = hl[0];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[0] = ah0 = (c & 0xffff) | (d << 16);
    hl[0] = al0 = (a & 0xffff) | (b << 16);

    h = ah1;
    l = al1;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[1];
    l = hl[1];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[1] = ah1 = (c & 0xffff) | (d << 16);
    hl[1] = al1 = (a & 0xffff) | (b << 16);

    h = ah2;
    l = al2;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[2];
    l = hl[2];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[2] = ah2 = (c & 0xffff) | (d << 16);
    hl[2] = al2 = (a & 0xffff) | (b << 16);

    h = ah3;
    l = al3;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[3];
    l = hl[3];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[3] = ah3 = (c & 0xffff) | (d << 16);
    hl[3] = al3 = (a & 0xffff) | (b << 16);

    h = ah4;
    l = al4;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[4];
    l = hl[4];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[4] = ah4 = (c & 0xffff) | (d << 16);
    hl[4] = al4 = (a & 0xffff) | (b << 16);

    h = ah5;
    l = al5;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[5];
    l = hl[5];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[5] = ah5 = (c & 0xffff) | (d << 16);
    hl[5] = al5 = (a & 0xffff) | (b << 16);

    h = ah6;
    l = al6;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[6];
    l = hl[6];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[6] = ah6 = (c & 0xffff) | (d << 16);
    hl[6] = al6 = (a & 0xffff) | (b << 16);

    h = ah7;
    l = al7;

    a = l & 0xffff; b = l >>> 16;
    c = h & 0xffff; d = h >>> 16;

    h = hh[7];
    l = hl[7];

    a += l & 0xffff; b += l >>> 16;
    c += h & 0xffff; d += h >>> 16;

    b += a >>> 16;
    c += b >>> 16;
    d += c >>> 16;

    hh[7] = ah7 = (c & 0xffff) | (d << 16);
    hl[7] = al7 = (a & 0xffff) | (b << 16);

    pos += 128;
    n -= 128;
  }

  return n;
}

function crypto_hash(out, m, n) {
  var hh = new Int32Array(8),
      hl = new Int32Array(8),
      x = new Uint8Array(256),
      i, b = n;

  hh[0] = 0x6a09e667;
  hh[1] = 0xbb67ae85;
  hh[2] = 0x3c6ef372;
  hh[3] = 0xa54ff53a;
  hh[4] = 0x510e527f;
  hh[5] = 0x9b05688c;
  hh[6] = 0x1f83d9ab;
  hh[7] = 0x5be0cd19;

  hl[0] = 0xf3bcc908;
  hl[1] = 0x84caa73b;
  hl[2] = 0xfe94f82b;
  hl[3] = 0x5f1d36f1;
  hl[4] = 0xade682d1;
  hl[5] = 0x2b3e6c1f;
  hl[6] = 0xfb41bd6b;
  hl[7] = 0x137e2179;

  crypto_hashblocks_hl(hh, hl, m, n);
  n %= 128;

  for (i = 0; i < n; i++) x[i] = m[b-n+i];
  x[n] = 128;

  n = 256-128*(n<112?1:0);
  x[n-9] = 0;
  ts64(x, n-8,  (b / 0x20000000) | 0, b << 3);
  crypto_hashblocks_hl(hh, hl, x, n);

  for (i = 0; i < 8; i++) ts64(out, 8*i, hh[i], hl[i]);

  return 0;
}

function add(p, q) {
  var a = gf(), b = gf(), c = gf(),
      d = gf(), e = gf(), f = gf(),
      g = gf(), h = gf(), t = gf();

  Z(a, p[1], p[0]);
  Z(t, q[1], q[0]);
  M(a, a, t);
  A(b, p[0], p[1]);
  A(t, q[0], q[1]);
  M(b, b, t);
  M(c, p[3], q[3]);
  M(c, c, D2);
  M(d, p[2], q[2]);
  A(d, d, d);
  Z(e, b, a);
  Z(f, d, c);
  A(g, d, c);
  A(h, b, a);

  M(p[0], e, f);
  M(p[1], h, g);
  M(p[2], g, f);
  M(p[3], e, h);
}

function cswap(p, q, b) {
  var i;
  for (i = 0; i < 4; i++) {
    sel25519(p[i], q[i], b);
  }
}

function pack(r, p) {
  var tx = gf(), ty = gf(), zi = gf();
  inv25519(zi, p[2]);
  M(tx, p[0], zi);
  M(ty, p[1], zi);
  pack25519(r, ty);
  r[31] ^= par25519(tx) << 7;
}

function scalarmult(p, q, s) {
  var b, i;
  set25519(p[0], gf0);
  set25519(p[1], gf1);
  set25519(p[2], gf1);
  set25519(p[3], gf0);
  for (i = 255; i >= 0; --i) {
    b = (s[(i/8)|0] >> (i&7)) & 1;
    cswap(p, q, b);
    add(q, p);
    add(p, p);
    cswap(p, q, b);
  }
}

function scalarbase(p, s) {
  var q = [gf(), gf(), gf(), gf()];
  set25519(q[0], X);
  set25519(q[1], Y);
  set25519(q[2], gf1);
  M(q[3], X, Y);
  scalarmult(p, q, s);
}

function crypto_sign_keypair(pk, sk, seeded) {
  var d = new Uint8Array(64);
  var p = [gf(), gf(), gf(), gf()];
  var i;

  if (!seeded) randombytes(sk, 32);
  crypto_hash(d, sk, 32);
  d[0] &= 248;
  d[31] &= 127;
  d[31] |= 64;

  scalarbase(p, d);
  pack(pk, p);

  for (i = 0; i < 32; i++) sk[i+32] = pk[i];
  return 0;
}

var L = new Float64Array([0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]);

function modL(r, x) {
  var carry, i, j, k;
  for (i = 63; i >= 32; --i) {
    carry = 0;
    for (j = i - 32, k = i - 12; j < k; ++j) {
      x[j] += carry - 16 * x[i] * L[j - (i - 32)];
      carry = Math.floor((x[j] + 128) / 256);
      x[j] -= carry * 256;
    }
    x[j] += carry;
    x[i] = 0;
  }
  carry = 0;
  for (j = 0; j < 32; j++) {
    x[j] += carry - (x[31] >> 4) * L[j];
    carry = x[j] >> 8;
    x[j] &= 255;
  }
  for (j = 0; j < 32; j++) x[j] -= carry * L[j];
  for (i = 0; i < 32; i++) {
    x[i+1] += x[i] >> 8;
    r[i] = x[i] & 255;
  }
}

function reduce(r) {
  var x = new Float64Array(64), i;
  for (i = 0; i < 64; i++) x[i] = r[i];
  for (i = 0; i < 64; i++) r[i] = 0;
  modL(r, x);
}

// Note: difference from C - smlen returned, not passed as argument.
function crypto_sign(sm, m, n, sk) {
  var d = new Uint8Array(64), h = new Uint8Array(64), r = new Uint8Array(64);
  var i, j, x = new Float64Array(64);
  var p = [gf(), gf(), gf(), gf()];

  crypto_hash(d, sk, 32);
  d[0] &= 248;
  d[31] &= 127;
  d[31] |= 64;

  var smlen = n + 64;
  for (i = 0; i < n; i++) sm[64 + i] = m[i];
  for (i = 0; i < 32; i++) sm[32 + i] = d[32 + i];

  crypto_hash(r, sm.subarray(32), n+32);
  reduce(r);
  scalarbase(p, r);
  pack(sm, p);

  for (i = 32; i < 64; i++) sm[i] = sk[i];
  crypto_hash(h, sm, n + 64);
  reduce(h);

  for (i = 0; i < 64; i++) x[i] = 0;
  for (i = 0; i < 32; i++) x[i] = r[i];
  for (i = 0; i < 32; i++) {
    for (j = 0; j < 32; j++) {
      x[i+j] += h[i] * d[j];
    }
  }

  modL(sm.subarray(32), x);
  return smlen;
}

function unpackneg(r, p) {
  var t = gf(), chk = gf(), num = gf(),
      den = gf(), den2 = gf(), den4 = gf(),
      den6 = gf();

  set25519(r[2], gf1);
  unpack25519(r[1], p);
  S(num, r[1]);
  M(den, num, D);
  Z(num, num, r[2]);
  A(den, r[2], den);

  S(den2, den);
  S(den4, den2);
  M(den6, den4, den2);
  M(t, den6, num);
  M(t, t, den);

  pow2523(t, t);
  M(t, t, num);
  M(t, t, den);
  M(t, t, den);
  M(r[0], t, den);

  S(chk, r[0]);
  M(chk, chk, den);
  if (neq25519(chk, num)) M(r[0], r[0], I);

  S(chk, r[0]);
  M(chk, chk, den);
  if (neq25519(chk, num)) return -1;

  if (par25519(r[0]) === (p[31]>>7)) Z(r[0], gf0, r[0]);

  M(r[3], r[0], r[1]);
  return 0;
}

function crypto_sign_open(m, sm, n, pk) {
  var i;
  var t = new Uint8Array(32), h = new Uint8Array(64);
  var p = [gf(), gf(), gf(), gf()],
      q = [gf(), gf(), gf(), gf()];

  if (n < 64) return -1;

  if (unpackneg(q, pk)) return -1;

  for (i = 0; i < n; i++) m[i] = sm[i];
  for (i = 0; i < 32; i++) m[i+32] = pk[i];
  crypto_hash(h, m, n);
  reduce(h);
  scalarmult(p, q, h);

  scalarbase(q, sm.subarray(32));
  add(p, q);
  pack(t, p);

  n -= 64;
  if (crypto_verify_32(sm, 0, t, 0)) {
    for (i = 0; i < n; i++) m[i] = 0;
    return -1;
  }

  for (i = 0; i < n; i++) m[i] = sm[i + 64];
  return n;
}

var crypto_secretbox_KEYBYTES = 32,
    crypto_secretbox_NONCEBYTES = 24,
    crypto_secretbox_ZEROBYTES = 32,
    crypto_secretbox_BOXZEROBYTES = 16,
    crypto_scalarmult_BYTES = 32,
    crypto_scalarmult_SCALARBYTES = 32,
    crypto_box_PUBLICKEYBYTES = 32,
    crypto_box_SECRETKEYBYTES = 32,
    crypto_box_BEFORENMBYTES = 32,
    crypto_box_NONCEBYTES = crypto_secretbox_NONCEBYTES,
    crypto_box_ZEROBYTES = crypto_secretbox_ZEROBYTES,
    crypto_box_BOXZEROBYTES = crypto_secretbox_BOXZEROBYTES,
    crypto_sign_BYTES = 64,
    crypto_sign_PUBLICKEYBYTES = 32,
    crypto_sign_SECRETKEYBYTES = 64,
    crypto_sign_SEEDBYTES = 32,
    crypto_hash_BYTES = 64;

nacl.lowlevel = {
  crypto_core_hsalsa20: crypto_core_hsalsa20,
  crypto_stream_xor: crypto_stream_xor,
  crypto_stream: crypto_stream,
  crypto_stream_salsa20_xor: crypto_stream_salsa20_xor,
  crypto_stream_salsa20: crypto_stream_salsa20,
  crypto_onetimeauth: crypto_onetimeauth,
  crypto_onetimeauth_verify: crypto_onetimeauth_verify,
  crypto_verify_16: crypto_verify_16,
  crypto_verify_32: crypto_verify_32,
  crypto_secretbox: crypto_secretbox,
  crypto_secretbox_open: crypto_secretbox_open,
  crypto_scalarmult: crypto_scalarmult,
  crypto_scalarmult_base: crypto_scalarmult_base,
  crypto_box_beforenm: crypto_box_beforenm,
  crypto_box_afternm: crypto_box_afternm,
  crypto_box: crypto_box,
  crypto_box_open: crypto_box_open,
  crypto_box_keypair: crypto_box_keypair,
  crypto_hash: crypto_hash,
  crypto_sign: crypto_sign,
  crypto_sign_keypair: crypto_sign_keypair,
  crypto_sign_open: crypto_sign_open,

  crypto_secretbox_KEYBYTES: crypto_secretbox_KEYBYTES,
  crypto_secretbox_NONCEBYTES: crypto_secretbox_NONCEBYTES,
  crypto_secretbox_ZEROBYTES: crypto_secretbox_ZEROBYTES,
  crypto_secretbox_BOXZEROBYTES: crypto_secretbox_BOXZEROBYTES,
  crypto_scalarmult_BYTES: crypto_scalarmult_BYTES,
  crypto_scalarmult_SCALARBYTES: crypto_scalarmult_SCALARBYTES,
  crypto_box_PUBLICKEYBYTES: crypto_box_PUBLICKEYBYTES,
  crypto_box_SECRETKEYBYTES: crypto_box_SECRETKEYBYTES,
  crypto_box_BEFORENMBYTES: crypto_box_BEFORENMBYTES,
  crypto_box_NONCEBYTES: crypto_box_NONCEBYTES,
  crypto_box_ZEROBYTES: crypto_box_ZEROBYTES,
  crypto_box_BOXZEROBYTES: crypto_box_BOXZEROBYTES,
  crypto_sign_BYTES: crypto_sign_BYTES,
  crypto_sign_PUBLICKEYBYTES: crypto_sign_PUBLICKEYBYTES,
  crypto_sign_SECRETKEYBYTES: crypto_sign_SECRETKEYBYTES,
  crypto_sign_SEEDBYTES: crypto_sign_SEEDBYTES,
  crypto_hash_BYTES: crypto_hash_BYTES,

  gf: gf,
  D: D,
  L: L,
  pack25519: pack25519,
  unpack25519: unpack25519,
  M: M,
  A: A,
  S: S,
  Z: Z,
  pow2523: pow2523,
  add: add,
  set25519: set25519,
  modL: modL,
  scalarmult: scalarmult,
  scalarbase: scalarbase,
};

/* High-level API */

function checkLengths(k, n) {
  if (k.length !== crypto_secretbox_KEYBYTES) throw new Error('bad key size');
  if (n.length !== crypto_secretbox_NONCEBYTES) throw new Error('bad nonce size');
}

function checkBoxLengths(pk, sk) {
  if (pk.length !== crypto_box_PUBLICKEYBYTES) throw new Error('bad public key size');
  if (sk.length !== crypto_box_SECRETKEYBYTES) throw new Error('bad secret key size');
}

function checkArrayTypes() {
  for (var i = 0; i < arguments.length; i++) {
    if (!(arguments[i] instanceof Uint8Array))
      throw new TypeError('unexpected type, use Uint8Array');
  }
}

function cleanup(arr) {
  for (var i = 0; i < arr.length; i++) arr[i] = 0;
}

nacl.randomBytes = function(n) {
  var b = new Uint8Array(n);
  randombytes(b, n);
  return b;
};

nacl.secretbox = function(msg, nonce, key) {
  checkArrayTypes(msg, nonce, key);
  checkLengths(key, nonce);
  var m = new Uint8Array(crypto_secretbox_ZEROBYTES + msg.length);
  var c = new Uint8Array(m.length);
  for (var i = 0; i < msg.length; i++) m[i+crypto_secretbox_ZEROBYTES] = msg[i];
  crypto_secretbox(c, m, m.length, nonce, key);
  return c.subarray(crypto_secretbox_BOXZEROBYTES);
};

nacl.secretbox.open = function(box, nonce, key) {
  checkArrayTypes(box, nonce, key);
  checkLengths(key, nonce);
  var c = new Uint8Array(crypto_secretbox_BOXZEROBYTES + box.length);
  var m = new Uint8Array(c.length);
  for (var i = 0; i < box.length; i++) c[i+crypto_secretbox_BOXZEROBYTES] = box[i];
  if (c.length < 32) return null;
  if (crypto_secretbox_open(m, c, c.length, nonce, key) !== 0) return null;
  return m.subarray(crypto_secretbox_ZEROBYTES);
};

nacl.secretbox.keyLength = crypto_secretbox_KEYBYTES;
nacl.secretbox.nonceLength = crypto_secretbox_NONCEBYTES;
nacl.secretbox.overheadLength = crypto_secretbox_BOXZEROBYTES;

nacl.scalarMult = function(n, p) {
  checkArrayTypes(n, p);
  if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error('bad n size');
  if (p.length !== crypto_scalarmult_BYTES) throw new Error('bad p size');
  var q = new Uint8Array(crypto_scalarmult_BYTES);
  crypto_scalarmult(q, n, p);
  return q;
};

nacl.scalarMult.base = function(n) {
  checkArrayTypes(n);
  if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error('bad n size');
  var q = new Uint8Array(crypto_scalarmult_BYTES);
  crypto_scalarmult_base(q, n);
  return q;
};

nacl.scalarMult.scalarLength = crypto_scalarmult_SCALARBYTES;
nacl.scalarMult.groupElementLength = crypto_scalarmult_BYTES;

nacl.box = function(msg, nonce, publicKey, secretKey) {
  var k = nacl.box.before(publicKey, secretKey);
  return nacl.secretbox(msg, nonce, k);
};

nacl.box.before = function(publicKey, secretKey) {
  checkArrayTypes(publicKey, secretKey);
  checkBoxLengths(publicKey, secretKey);
  var k = new Uint8Array(crypto_box_BEFORENMBYTES);
  crypto_box_beforenm(k, publicKey, secretKey);
  return k;
};

nacl.box.after = nacl.secretbox;

nacl.box.open = function(msg, nonce, publicKey, secretKey) {
  var k = nacl.box.before(publicKey, secretKey);
  return nacl.secretbox.open(msg, nonce, k);
};

nacl.box.open.after = nacl.secretbox.open;

nacl.box.keyPair = function() {
  var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
  var sk = new Uint8Array(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(pk, sk);
  return {publicKey: pk, secretKey: sk};
};

nacl.box.keyPair.fromSecretKey = function(secretKey) {
  checkArrayTypes(secretKey);
  if (secretKey.length !== crypto_box_SECRETKEYBYTES)
    throw new Error('bad secret key size');
  var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
  crypto_scalarmult_base(pk, secretKey);
  return {publicKey: pk, secretKey: new Uint8Array(secretKey)};
};

nacl.box.publicKeyLength = crypto_box_PUBLICKEYBYTES;
nacl.box.secretKeyLength = crypto_box_SECRETKEYBYTES;
nacl.box.sharedKeyLength = crypto_box_BEFORENMBYTES;
nacl.box.nonceLength = crypto_box_NONCEBYTES;
nacl.box.overheadLength = nacl.secretbox.overheadLength;

nacl.sign = function(msg, secretKey) {
  checkArrayTypes(msg, secretKey);
  if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
    throw new Error('bad secret key size');
  var signedMsg = new Uint8Array(crypto_sign_BYTES+msg.length);
  crypto_sign(signedMsg, msg, msg.length, secretKey);
  return signedMsg;
};

nacl.sign.open = function(signedMsg, publicKey) {
  checkArrayTypes(signedMsg, publicKey);
  if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
    throw new Error('bad public key size');
  var tmp = new Uint8Array(signedMsg.length);
  var mlen = crypto_sign_open(tmp, signedMsg, signedMsg.length, publicKey);
  if (mlen < 0) return null;
  var m = new Uint8Array(mlen);
  for (var i = 0; i < m.length; i++) m[i] = tmp[i];
  return m;
};

nacl.sign.detached = function(msg, secretKey) {
  var signedMsg = nacl.sign(msg, secretKey);
  var sig = new Uint8Array(crypto_sign_BYTES);
  for (var i = 0; i < sig.length; i++) sig[i] = signedMsg[i];
  return sig;
};

nacl.sign.detached.verify = function(msg, sig, publicKey) {
  checkArrayTypes(msg, sig, publicKey);
  if (sig.length !== crypto_sign_BYTES)
    throw new Error('bad signature size');
  if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
    throw new Error('bad public key size');
  var sm = new Uint8Array(crypto_sign_BYTES + msg.length);
  var m = new Uint8Array(crypto_sign_BYTES + msg.length);
  var i;
  for (i = 0; i < crypto_sign_BYTES; i++) sm[i] = sig[i];
  for (i = 0; i < msg.length; i++) sm[i+crypto_sign_BYTES] = msg[i];
  return (crypto_sign_open(m, sm, sm.length, publicKey) >= 0);
};

nacl.sign.keyPair = function() {
  var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
  var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(pk, sk);
  return {publicKey: pk, secretKey: sk};
};

nacl.sign.keyPair.fromSecretKey = function(secretKey) {
  checkArrayTypes(secretKey);
  if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
    throw new Error('bad secret key size');
  var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
  for (var i = 0; i < pk.length; i++) pk[i] = secretKey[32+i];
  return {publicKey: pk, secretKey: new Uint8Array(secretKey)};
};

nacl.sign.keyPair.fromSeed = function(seed) {
  checkArrayTypes(seed);
  if (seed.length !== crypto_sign_SEEDBYTES)
    throw new Error('bad seed size');
  var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
  var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
  for (var i = 0; i < 32; i++) sk[i] = seed[i];
  crypto_sign_keypair(pk, sk, true);
  return {publicKey: pk, secretKey: sk};
};

nacl.sign.publicKeyLength = crypto_sign_PUBLICKEYBYTES;
nacl.sign.secretKeyLength = crypto_sign_SECRETKEYBYTES;
nacl.sign.seedLength = crypto_sign_SEEDBYTES;
nacl.sign.signatureLength = crypto_sign_BYTES;

nacl.hash = function(msg) {
  checkArrayTypes(msg);
  var h = new Uint8Array(crypto_hash_BYTES);
  crypto_hash(h, msg, msg.length);
  return h;
};

nacl.hash.hashLength = crypto_hash_BYTES;

nacl.verify = function(x, y) {
  checkArrayTypes(x, y);
  // Zero length arguments are considered not equal.
  if (x.length === 0 || y.length === 0) return false;
  if (x.length !== y.length) return false;
  return (vn(x, 0, y, 0, x.length) === 0) ? true : false;
};

nacl.setPRNG = function(fn) {
  randombytes = fn;
};

(function() {
  // Initialize PRNG if environment provides CSPRNG.
  // If not, methods calling randombytes will throw.
  var crypto = typeof self !== 'undefined' ? (self.crypto || self.msCrypto) : null;
  if (crypto && crypto.getRandomValues) {
    // Browsers.
    var QUOTA = 65536;
    nacl.setPRNG(function(x, n) {
      var i, v = new Uint8Array(n);
      for (i = 0; i < n; i += QUOTA) {
        crypto.getRandomValues(v.subarray(i, i + Math.min(n - i, QUOTA)));
      }
      for (i = 0; i < n; i++) x[i] = v[i];
      cleanup(v);
    });
  } else if (true) {
    // Node.js.
    crypto = __nccwpck_require__(76982);
    if (crypto && crypto.randomBytes) {
      nacl.setPRNG(function(x, n) {
        var i, v = crypto.randomBytes(n);
        for (i = 0; i < n; i++) x[i] = v[i];
        cleanup(v);
      });
    }
  }
})();

})( true && module.exports ? module.exports : (self.nacl = self.nacl || {}));


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 85675:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http2");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 16460:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers/promises");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 54771:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _sigil_toolkit__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(42702);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(31349);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(59713);



const runtime = (0,_sigil_toolkit__WEBPACK_IMPORTED_MODULE_0__/* .createActionRuntime */ .$r)();
await (0,_sigil_toolkit__WEBPACK_IMPORTED_MODULE_0__/* .runAction */ .Cs)(async () => {
    const inputs = await (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readAttestProvenanceInputs */ .E)(runtime.inputs, runtime.environment, runtime.secrets);
    await (0,_run_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .e)(inputs, (0,_sigil_toolkit__WEBPACK_IMPORTED_MODULE_0__/* .runDependencies */ .N1)(runtime, { showSummary: inputs.showSummary }));
}, runtime.boundary);
__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 31349:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  E: () => (/* binding */ readAttestProvenanceInputs)
});

// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var lib = __nccwpck_require__(80225);
// EXTERNAL MODULE: ./packages/toolkit/lib/index.js + 37 modules
var toolkit_lib = __nccwpck_require__(42702);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var core_lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: ./packages/provenance/lib/index.js + 5 modules
var provenance_lib = __nccwpck_require__(28074);
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/build-context-input.js


/** Where the runner puts each fact of the build context. */
const VARIABLES = {
    serverUrl: 'GITHUB_SERVER_URL',
    repository: 'GITHUB_REPOSITORY',
    repositoryId: 'GITHUB_REPOSITORY_ID',
    repositoryOwnerId: 'GITHUB_REPOSITORY_OWNER_ID',
    eventName: 'GITHUB_EVENT_NAME',
    ref: 'GITHUB_REF',
    sha: 'GITHUB_SHA',
    workflowRef: 'GITHUB_WORKFLOW_REF',
    runId: 'GITHUB_RUN_ID',
    runAttempt: 'GITHUB_RUN_ATTEMPT',
    runnerEnvironment: 'RUNNER_ENVIRONMENT',
};
const HINT = 'Run this step in a GitHub Actions workflow (the runner sets these variables), or give `predicate-path` ' +
    'to attest a provenance predicate made elsewhere.';
/**
 * The workflow run's build context from the runner's `GITHUB_*` variables. The builder id is the
 * workflow (`GITHUB_WORKFLOW_REF`): without an OIDC token the called workflow of a reusable workflow is
 * not known. A missing or malformed variable is an error that names it.
 */
function readBuildContext(environment) {
    const entries = Object.entries(VARIABLES);
    const missing = entries
        .filter(([, name]) => (environment.variable(name) ?? '') === '')
        .map(([, name]) => name);
    if (missing.length > 0) {
        throw new core_lib/* SigilError */.XU('INPUT_INVALID', `provenance is generated from the workflow run, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`, { input: 'predicate-path', hint: HINT });
    }
    const context = Object.fromEntries(entries.map(([field, name]) => [field, environment.variable(name) ?? '']));
    const problems = (0,provenance_lib/* buildContextProblems */.c0)(context);
    if (problems.length > 0) {
        const list = problems
            .map(({ field, problem }) => {
            const name = VARIABLES[field];
            return `${name}=${JSON.stringify(context[field])} ${problem}`;
        })
            .join('; ');
        throw new core_lib/* SigilError */.XU('INPUT_INVALID', `the workflow run's variables cannot make provenance: ${list}`, {
            input: 'predicate-path',
            hint: HINT,
        });
    }
    return context;
}
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/predicate-input.js




/** A provenance predicate is a few KB; a file this large is not one. */
const MAX_PREDICATE_BYTES = 4 * 1024 * 1024;
function generatedPredicate(context) {
    const predicate = (0,provenance_lib/* buildProvenance */.Sw)(context);
    return described(new TextEncoder().encode(JSON.stringify(predicate)), predicate, 'workflow run');
}
/**
 * Reads `predicate-path`: a JSON object that is a valid SLSA Provenance v1 predicate, whose bytes are
 * attested unchanged. Anything else is refused naming the input, before any registry work.
 */
async function predicateFromFile(file, workspace) {
    const resolved = external_node_path_.resolve(workspace, file);
    const refuse = (problem, cause) => new core_lib/* SigilError */.XU('INPUT_INVALID', `input \`predicate-path\`: ${resolved} ${problem}`, {
        input: 'predicate-path',
        hint: 'Give the path of a SLSA Provenance v1 predicate (the `predicate` object of a statement, as JSON), relative to the workspace, or leave it empty to generate one.',
        ...(cause === undefined ? {} : { cause }),
    });
    let bytes;
    try {
        const info = await (0,promises_.stat)(resolved);
        if (!info.isFile())
            throw refuse('is not a file');
        if (info.size > MAX_PREDICATE_BYTES)
            throw refuse(`is ${info.size} bytes, more than a provenance predicate can be`);
        bytes = await (0,promises_.readFile)(resolved);
    }
    catch (error) {
        if (error instanceof core_lib/* SigilError */.XU)
            throw error;
        const code = error.code;
        throw refuse(code === 'ENOENT' ? 'does not exist' : 'cannot be read', error);
    }
    let predicate;
    try {
        predicate = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch (error) {
        throw refuse('is not JSON', error);
    }
    const check = (0,provenance_lib/* validateSlsaV1Predicate */.kq)(predicate);
    if (!check.ok)
        throw refuse(`is not a SLSA Provenance v1 predicate: ${check.message}`);
    return described(bytes, predicate, `file:${file}`);
}
function described(bytes, predicate, origin) {
    return {
        bytes,
        predicate,
        origin,
        source: (0,provenance_lib/* provenanceSource */.Xs)(predicate),
        builderId: (0,provenance_lib/* provenanceBuilderId */.AD)(predicate),
    };
}
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/inputs.js




async function readAttestProvenanceInputs(inputs, environment, secrets) {
    const images = (0,lib/* parseImageList */.B2)(inputs.list('images', { required: true }), 'images');
    const predicatePath = inputs.string('predicate-path');
    const predicate = predicatePath === undefined
        ? generatedPredicate(readBuildContext(environment))
        : await predicateFromFile(predicatePath, environment.workspace);
    const recursive = inputs.boolean('recursive', { default: false });
    const replace = inputs.boolean('replace', { default: true });
    const registry = (0,toolkit_lib/* readRegistrySettings */.VZ)(inputs);
    const showSummary = inputs.boolean('show-summary', { default: true });
    const signingKey = await (0,toolkit_lib/* readSigningKey */.jy)(inputs, environment, secrets);
    const signatureFormat = (0,toolkit_lib/* readSignatureFormat */.A2)(inputs, signingKey);
    const key = (0,toolkit_lib/* readTlogUpload */.w6)(inputs, signingKey, signatureFormat);
    return Object.freeze({
        images: Object.freeze(images),
        predicate,
        recursive,
        replace,
        key,
        signatureFormat,
        registry,
        showSummary,
    });
}

/***/ }),

/***/ 59713:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var lib = __nccwpck_require__(80225);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var core_lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: ./packages/signer/lib/index.js + 11 modules
var signer_lib = __nccwpck_require__(15850);
// EXTERNAL MODULE: ./packages/provenance/lib/index.js + 5 modules
var provenance_lib = __nccwpck_require__(28074);
// EXTERNAL MODULE: ./packages/toolkit/lib/index.js + 37 modules
var toolkit_lib = __nccwpck_require__(42702);
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/report.js


const ATTEST_PROVENANCE_REPORT_SCHEMA_VERSION = 1;
/**
 * The JSON report of an attest-provenance run: what was asked (no secrets: the key by id and source), which
 * engine signed, the predicate attested, and per image the attestation or the error.
 */
function attestProvenanceReport(inputs, signer, outcomes, generatedAt) {
    return {
        schemaVersion: ATTEST_PROVENANCE_REPORT_SCHEMA_VERSION,
        kind: 'sigil/attest-provenance-report',
        generatedAt: generatedAt.toISOString(),
        inputs: {
            images: inputs.images.map((entry) => entry.image),
            ...signer,
            signatureFormat: inputs.signatureFormat,
            predicate: inputs.predicate.origin,
            recursive: inputs.recursive,
            replace: inputs.replace,
            ...(0,toolkit_lib/* registryReportSettings */.Ru)(inputs.registry),
        },
        provenance: {
            predicateType: provenance_lib/* SLSA_PROVENANCE_V1 */.us,
            ...(inputs.predicate.source === undefined ? {} : { source: inputs.predicate.source }),
            ...(inputs.predicate.builderId === undefined ? {} : { builderId: inputs.predicate.builderId }),
            predicate: inputs.predicate.predicate,
        },
        images: outcomes.map((outcome) => ({
            image: outcome.image,
            ...(outcome.target?.tag === undefined ? {} : { tag: outcome.target.tag }),
            digest: outcome.target?.digest ?? null,
            attested: outcome.ok,
            ...(outcome.ok
                ? {
                    attestations: outcome.result.map((attested) => ({
                        digest: attested.digest,
                        ...(attested.platform === undefined ? {} : { platform: attested.platform }),
                        ...(0,toolkit_lib/* writtenLocation */.nC)(attested),
                        replaced: attested.replaced,
                        deduplicated: attested.deduplicated,
                    })),
                }
                : { error: { code: outcome.error.code, message: outcome.error.message } }),
        })),
    };
}
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/summary.js

/** The job summary: what the provenance claims, then one row per attested digest and per failed image. */
function provenanceSummary(predicate, outcomes, signer) {
    const rows = outcomes.flatMap((outcome) => {
        if (!outcome.ok) {
            return [
                [
                    (0,toolkit_lib/* codeSpan */.SS)(outcome.image),
                    outcome.target ? (0,toolkit_lib/* codeSpan */.SS)(outcome.target.digest) : '—',
                    '—',
                    '—',
                    `❌ ${(0,toolkit_lib/* codeSpan */.SS)(outcome.error.code)} ${outcome.error.message}`,
                ],
            ];
        }
        return outcome.result.map((result) => {
            const replaced = result.replaced > 0 ? `, replaced ${result.replaced} earlier` : '';
            return [
                (0,toolkit_lib/* codeSpan */.SS)(result.platform === undefined ? outcome.image : `${outcome.image} (${result.platform})`),
                (0,toolkit_lib/* codeSpan */.SS)(result.digest),
                (0,toolkit_lib/* formatLabel */.wR)(result),
                (0,toolkit_lib/* codeSpan */.SS)(result.ref),
                result.deduplicated ? '✅ already attested by this signer' : `✅ attested${replaced}`,
            ];
        });
    });
    const attested = outcomes.filter((outcome) => outcome.ok).length;
    const claims = (0,toolkit_lib/* markdownTable */.Qj)(['Provenance', ''], [
        [
            'Predicate',
            predicate.origin === 'workflow run' ? 'generated from this workflow run' : (0,toolkit_lib/* codeSpan */.SS)(predicate.origin),
        ],
        ['Source', predicate.source === undefined ? '—' : (0,toolkit_lib/* codeSpan */.SS)(predicate.source)],
        ['Builder', predicate.builderId === undefined ? '—' : (0,toolkit_lib/* codeSpan */.SS)(predicate.builderId)],
    ]);
    return [
        '### sigil attest-provenance',
        '',
        `${attested} of ${outcomes.length} image(s) attested with SLSA Provenance v1. ${(0,toolkit_lib/* publicationNote */.NS)(outcomes.flatMap((outcome) => (outcome.ok ? outcome.result : [])), signer)}`,
        '',
        claims,
        (0,toolkit_lib/* markdownTable */.Qj)(['Image', 'Digest', 'Format', 'Attestation', 'Result'], rows),
    ].join('\n');
}
;// CONCATENATED MODULE: ./actions/attest-provenance/lib/run.js







/** Platforms of one index attested at once. */
const PLATFORM_CONCURRENCY = 4;
/**
 * Attests the provenance predicate to every image of the list (tags resolved once, each digest once),
 * sets the outputs, writes the report and summary, and then fails if any image could not be attested.
 */
async function run(inputs, dependencies) {
    const { logger, outputs } = dependencies;
    const concurrency = inputs.registry.concurrency;
    return (0,toolkit_lib/* withRegistry */.u$)(inputs.registry, dependencies, async (registry) => {
        const makeEngine = dependencies.signingEngine ?? toolkit_lib/* nativeSigningEngineOnly */.nX;
        const engine = await makeEngine(inputs.key, registry, inputs.registry);
        const resolutions = await (0,toolkit_lib/* resolveImages */.Be)(registry, inputs.images, { concurrency, logger });
        const outcomes = await (0,toolkit_lib/* workOnEachImage */.Bm)(resolutions, { concurrency, logger, verb: 'attested' }, (target) => attestWithPlatforms(registry, engine, target, inputs, dependencies.logger));
        outputs.set('attestations', outcomes.flatMap((outcome) => outcome.ok
            ? outcome.result.map((attested) => ({
                image: attested.image,
                digest: attested.digest,
                ...(attested.platform === undefined ? {} : { platform: attested.platform }),
                predicateType: attested.predicateType,
                ...(0,toolkit_lib/* writtenLocation */.nC)(attested),
                replaced: attested.replaced,
                deduplicated: attested.deduplicated,
            }))
            : []));
        const signer = await (0,toolkit_lib/* signerReport */.DV)(inputs.key, engine);
        const report = attestProvenanceReport(inputs, signer, outcomes, (dependencies.now ?? (() => new Date()))());
        outputs.set('report-path', await dependencies.writeReport('attest-provenance-report', report));
        if (inputs.showSummary)
            await dependencies.writeSummary(provenanceSummary(inputs.predicate, outcomes, signer));
        (0,toolkit_lib/* throwIfAnyImageFailed */.mj)(outcomes, 'attested');
        return outcomes;
    });
}
/**
 * Attests the image's digest and, with `recursive`, every runnable platform manifest of its index (the
 * manifests verify-gate with `platforms: all` requires provenance on). Every attestation of the image
 * finishes before a failure of one of them is reported.
 */
async function attestWithPlatforms(registry, engine, target, inputs, logger) {
    const digests = [
        { target },
    ];
    if (inputs.recursive) {
        const tree = await (0,lib/* manifestTree */.as)(registry, target);
        if (tree.isIndex) {
            for (const manifest of tree.platforms) {
                if (!manifest.runnable)
                    continue;
                const image = `${target.repo.registry}/${target.repo.repository}@${manifest.digest}`;
                digests.push({
                    target: { image, repo: target.repo, digest: manifest.digest },
                    platform: manifest.platform,
                });
            }
        }
    }
    const settled = await (0,core_lib/* mapConcurrently */.X2)(digests, PLATFORM_CONCURRENCY, async (entry) => {
        try {
            const attested = await (0,signer_lib/* attestInFormats */.X)(engine, entry.target, { predicateType: provenance_lib/* SLSA_PROVENANCE_V1 */.us, predicate: inputs.predicate.bytes }, { replace: inputs.replace, logger, format: inputs.signatureFormat });
            const platform = entry.platform === undefined ? {} : { platform: entry.platform };
            return { ok: true, value: attested.map((one) => ({ ...one, ...platform })) };
        }
        catch (error) {
            return { ok: false, error };
        }
    });
    const failed = settled.find((result) => !result.ok);
    if (failed !== undefined && !failed.ok)
        throw failed.error;
    return settled.flatMap((result) => (result.ok ? result.value : []));
}

/***/ }),

/***/ 14225:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  T4: () => (/* reexport */ IN_TOTO_PAYLOAD_TYPE),
  DT: () => (/* reexport */ attestImage),
  Cn: () => (/* reexport */ attestationRef),
  BJ: () => (/* reexport */ attestationTag),
  XP: () => (/* reexport */ holdsEquivalentAttestation),
  jm: () => (/* reexport */ inTotoStatementParts),
  Zm: () => (/* reexport */ jsonEqual),
  nj: () => (/* reexport */ parseDsseEnvelope),
  U3: () => (/* reexport */ parseInTotoStatement),
  G_: () => (/* reexport */ preAuthEncodingHeader),
  aF: () => (/* reexport */ readAttestations),
  sE: () => (/* reexport */ verifyImageAttestations)
});

// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var oci_lib = __nccwpck_require__(80225);
;// CONCATENATED MODULE: ./packages/attestations/lib/in-toto-statement.js



/** The DSSE payload type of an in-toto statement; cosign refuses any other on `.att` layers. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPES = {
    'v0.1': 'https://in-toto.io/Statement/v0.1',
    v1: 'https://in-toto.io/Statement/v1',
};
const encoder = new TextEncoder();
/**
 * An in-toto statement with `predicate` embedded verbatim, as three parts whose concatenation is the
 * statement: the head (up to `"predicate":`), a view of the caller's predicate bytes (not a copy), and the
 * closing `}`. Signing and the DSSE envelope consume the parts, so attesting never holds the statement as
 * one buffer and never re-serialises the predicate (a 50 MB SBOM). Field order follows the writers: v0.1 as in-toto-golang (`_type`, `predicateType`, `subject`, `predicate`, as
 * `cosign attest` writes it), v1 as protojson (`_type`, `subject`, `predicateType`, `predicate`). The
 * predicate is trimmed of surrounding whitespace; it must begin with `{` and end with `}` — the caller
 * guarantees that it parses as one JSON object.
 */
function inTotoStatementParts(input) {
    const version = input.version ?? 'v0.1';
    const predicate = trimmedObject(input.predicate);
    if (input.predicateType === '') {
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'the predicate type of an in-toto statement is empty');
    }
    if (input.subjects.length === 0) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'an in-toto statement needs at least one subject');
    }
    const subjects = `[${input.subjects.map(subjectJson).join(',')}]`;
    const type = (0,lib/* goJsonString */.AZ)(STATEMENT_TYPES[version]);
    const predicateType = (0,lib/* goJsonString */.AZ)(input.predicateType);
    const head = version === 'v0.1'
        ? `{"_type":${type},"predicateType":${predicateType},"subject":${subjects},"predicate":`
        : `{"_type":${type},"subject":${subjects},"predicateType":${predicateType},"predicate":`;
    return [encoder.encode(head), predicate, CLOSE_BRACE];
}
function byteLength(parts) {
    return parts.reduce((total, part) => total + part.length, 0);
}
const CLOSE_BRACE = new Uint8Array([0x7d]);
function subjectJson(subject) {
    if (subject.name === '')
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'an in-toto subject name is empty');
    if (!(0,oci_lib/* isManifestDigest */.is)(subject.digest)) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `not a manifest digest: ${JSON.stringify(subject.digest)}`, {
            hint: 'Attest a digest of the form sha256:<64 lowercase hex>.',
        });
    }
    const [algorithm, hex] = subject.digest.split(':');
    return `{"name":${(0,lib/* goJsonString */.AZ)(subject.name)},"digest":{${(0,lib/* goJsonString */.AZ)(algorithm)}:${(0,lib/* goJsonString */.AZ)(hex)}}}`;
}
/** JSON's four whitespace bytes. */
function isJsonSpace(byte) {
    return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
/** `bytes` without surrounding JSON whitespace (a view, not a copy), checked to be delimited by `{…}`. */
function trimmedObject(bytes) {
    let start = 0;
    let end = bytes.length;
    while (start < end && isJsonSpace(bytes[start]))
        start++;
    while (end > start && isJsonSpace(bytes[end - 1]))
        end--;
    if (end - start < 2 || bytes[start] !== 0x7b || bytes[end - 1] !== 0x7d) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'the predicate is not a JSON object (it must be {…})', {
            hint: 'Pass the predicate document itself, a JSON object, as UTF-8 bytes.',
        });
    }
    return bytes.subarray(start, end);
}
;// CONCATENATED MODULE: ./packages/attestations/lib/statement-parser.js


/** SBOMs nest (CycloneDX components within components); the statement adds two levels. */
const MAX_STATEMENT_DEPTH = 128;
const KNOWN_TYPES = Object.values(STATEMENT_TYPES);
/**
 * Parses statement bytes strictly (UTF-8 JSON, no duplicate keys anywhere — a duplicate `predicateType`
 * or `subject` would let two readers see two statements): `_type` is Statement v0.1 or v1; `subject` is
 * a non-empty array of objects with an optional string `name` and a `digest` object of strings;
 * `predicateType` is a non-empty string. Unknown fields are ignored, as the in-toto spec requires.
 */
function parseInTotoStatement(bytes) {
    const parsed = (0,lib/* parseStrictJsonBytesToPlain */.l4)(bytes, MAX_STATEMENT_DEPTH);
    if (!parsed.ok)
        return { ok: false, message: `the statement is not valid JSON: ${parsed.message}` };
    const document = parsed.value;
    if (!(0,lib/* isRecord */.u4)(document))
        return { ok: false, message: 'the statement is not a JSON object' };
    const type = document['_type'];
    if (typeof type !== 'string' || !KNOWN_TYPES.includes(type)) {
        return {
            ok: false,
            message: `the statement's _type is ${describe(type)}, not ${KNOWN_TYPES.join(' or ')}`,
        };
    }
    const predicateType = document['predicateType'];
    if (typeof predicateType !== 'string' || predicateType === '') {
        return {
            ok: false,
            message: `the statement's predicateType is ${describe(predicateType)}, not a URI string`,
        };
    }
    const subjects = parseSubjects(document['subject']);
    if (typeof subjects === 'string')
        return { ok: false, message: subjects };
    return {
        ok: true,
        statement: { type, predicateType, subjects, predicate: document['predicate'], document },
    };
}
function parseSubjects(value) {
    if (!Array.isArray(value) || value.length === 0) {
        return 'the statement has no subject (a non-empty "subject" array)';
    }
    const subjects = [];
    for (const [index, entry] of value.entries()) {
        if (!(0,lib/* isRecord */.u4)(entry))
            return `subject ${index} is not an object`;
        const name = entry['name'];
        if (name !== undefined && typeof name !== 'string')
            return `subject ${index} has a non-string name`;
        const digest = entry['digest'];
        if (digest !== undefined &&
            !((0,lib/* isRecord */.u4)(digest) && Object.values(digest).every((v) => typeof v === 'string'))) {
            return `subject ${index} has a digest that is not an object of strings`;
        }
        subjects.push({ name, digest: (digest ?? {}) });
    }
    return subjects;
}
function describe(value) {
    if (value === undefined)
        return 'missing';
    if (typeof value === 'string')
        return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
    if (value === null)
        return 'null';
    return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
;// CONCATENATED MODULE: ./packages/attestations/lib/dsse.js




/** Media type of a `.att` layer: the blob is a DSSE envelope. */
const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
const dsse_encoder = new TextEncoder();
/**
 * The DSSE pre-authentication encoding up to the payload: `DSSEv1 <len(type)> <type> <len(payload)> `
 * (lengths in decimal bytes, single spaces). PAE = this header ‖ payload; signers and verifiers feed the
 * two parts to the hash in turn, so the PAE of a large payload is never assembled.
 */
function preAuthEncodingHeader(payloadType, payloadLength) {
    const type = dsse_encoder.encode(payloadType);
    const head = dsse_encoder.encode(`DSSEv1 ${type.length} `);
    const tail = dsse_encoder.encode(` ${payloadLength} `);
    const header = new Uint8Array(head.length + type.length + tail.length);
    header.set(head, 0);
    header.set(type, head.length);
    header.set(tail, head.length + type.length);
    return header;
}
/**
 * A DSSE envelope as cosign v2 writes it (sigstore/sigstore `dsse.WrapSigner`):
 * `{"payloadType":…,"payload":"<b64>","signatures":[{"keyid":"","sig":"<b64>"}]}`. The payload comes as
 * parts (see `inTotoStatementParts`) whose base64 is written straight into the one output buffer, so the
 * envelope (4/3 of the payload) is the only full-size allocation.
 */
function dsseEnvelopeBytes(payloadType, payloadParts, signatures) {
    const head = dsse_encoder.encode(`{"payloadType":${(0,lib/* goJsonString */.AZ)(payloadType)},"payload":"`);
    const tail = dsse_encoder.encode(`","signatures":[${signatures.map((sig) => `{"keyid":"","sig":"${(0,lib/* encodeBase64 */.WG)(sig)}"}`).join(',')}]}`);
    const payloadLength = payloadParts.reduce((total, part) => total + part.length, 0);
    const envelope = Buffer.allocUnsafe(head.length + (0,lib/* base64Length */.wE)(payloadLength) + tail.length);
    envelope.set(head, 0);
    const afterPayload = (0,lib/* writeBase64 */.PC)(payloadParts, envelope, head.length);
    if (afterPayload !== envelope.length - tail.length) {
        throw new lib/* SigilError */.XU('INTERNAL', 'the DSSE payload base64 does not fill its space in the envelope');
    }
    envelope.set(tail, afterPayload);
    return new Uint8Array(envelope.buffer, envelope.byteOffset, envelope.byteLength);
}
const ENVELOPE_KEYS = ['payloadType', 'payload', 'signatures'];
const SIGNATURE_KEYS = ['keyid', 'sig'];
/**
 * Parses a DSSE envelope strictly, whatever its key order or whitespace (cosign v2 and v3 lay it out
 * differently): UTF-8 JSON without duplicate keys; exactly `payloadType` (string), `payload` (strict std
 * base64) and `signatures` (a non-empty array of objects with a string `sig` and an optional string
 * `keyid`, nothing else). Signatures are decoded by the verifier, so a bad one is told apart from a bad
 * envelope.
 */
function parseDsseEnvelope(bytes) {
    const parsed = (0,lib/* parseStrictJsonBytes */.ml)(bytes);
    if (!parsed.ok)
        return { ok: false, message: `the DSSE envelope is not valid JSON: ${parsed.message}` };
    const top = parsed.value;
    if (!(top instanceof Map))
        return { ok: false, message: 'the DSSE envelope is not a JSON object' };
    const unknown = unknownKey(top, ENVELOPE_KEYS);
    if (unknown !== undefined) {
        return { ok: false, message: `the DSSE envelope has an unknown key ${(0,lib/* quoteForMessage */.Hx)(unknown)}` };
    }
    const payloadType = top.get('payloadType');
    if (typeof payloadType !== 'string') {
        return { ok: false, message: 'the DSSE envelope has no string "payloadType"' };
    }
    const payloadText = top.get('payload');
    if (typeof payloadText !== 'string')
        return { ok: false, message: 'the DSSE envelope has no string "payload"' };
    const payload = (0,lib/* decodeBase64Strict */.Fm)(payloadText);
    if (payload === undefined) {
        return { ok: false, message: 'the DSSE payload is not standard padded base64' };
    }
    const signatures = parseSignatures(top.get('signatures'));
    if (typeof signatures === 'string')
        return { ok: false, message: signatures };
    return { ok: true, envelope: { payloadType: detached(payloadType), payload, signatures } };
}
function parseSignatures(value) {
    if (!Array.isArray(value))
        return 'the DSSE envelope has no "signatures" array';
    if (value.length === 0)
        return 'the DSSE envelope has no signatures';
    const signatures = [];
    for (const [index, entry] of value.entries()) {
        if (!(entry instanceof Map))
            return `DSSE signature ${index} is not an object`;
        const unknown = unknownKey(entry, SIGNATURE_KEYS);
        if (unknown !== undefined)
            return `DSSE signature ${index} has an unknown key ${(0,lib/* quoteForMessage */.Hx)(unknown)}`;
        const sig = entry.get('sig');
        const keyid = entry.get('keyid');
        if (typeof sig !== 'string')
            return `DSSE signature ${index} has no string "sig"`;
        if (keyid !== undefined && typeof keyid !== 'string')
            return `DSSE signature ${index} has a non-string "keyid"`;
        const own = detached(sig);
        signatures.push(keyid === undefined ? { sig: own } : { keyid: detached(keyid), sig: own });
    }
    return signatures;
}
function unknownKey(object, known) {
    for (const key of object.keys())
        if (!known.includes(key))
            return key;
    return undefined;
}
/**
 * A copy of `text` that does not share storage with the envelope's JSON text: V8 keeps a substring as a
 * view of its parent, and the parent here is the whole envelope (tens of megabytes for a large SBOM).
 */
function detached(text) {
    return Buffer.from(text, 'utf8').toString('utf8');
}
// EXTERNAL MODULE: ./packages/signatures/lib/index.js + 11 modules
var signatures_lib = __nccwpck_require__(75108);
;// CONCATENATED MODULE: ./packages/attestations/lib/attestation-store.js






/** The `.att` layer annotation naming the statement's predicate type (literally `predicateType`). */
const PREDICATE_TYPE_ANNOTATION = 'predicateType';
/** cosign's `maxLayers` applies to `.att` images as to `.sig` images. */
const MAX_ATTESTATION_LAYERS = signatures_lib/* MAX_SIGNATURE_LAYERS */.zM;
/**
 * Envelopes larger than this are not fetched: 128 MiB of envelope is a statement of about 96 MiB, twice
 * the largest SBOM sigil is built for (50 MB).
 */
const MAX_ENVELOPE_BYTES = 128 * 1024 * 1024;
/** The tag under which cosign stores the attestations of `digest`: `sha256-<hex>.att`. */
function attestationTag(digest) {
    return (0,signatures_lib/* cosignTag */.qv)(digest, 'att');
}
/** `<registry>/<repository>:sha256-<hex>.att`, where the attestations of `imageDigest` live. */
function attestationRef(repo, imageDigest) {
    return `${repo.registry}/${repo.repository}:${attestationTag(imageDigest)}`;
}
/**
 * Reads the `.att` manifest of `imageDigest` (not the envelopes: they can be large, and a verifier needs
 * only the layers of the predicate type it checks; see `fetchEnvelope`). Undefined when the tag does not
 * exist; MANIFEST_INVALID when it holds something other than an OCI image manifest; registry failures
 * propagate.
 */
async function readAttestations(registry, repo, imageDigest) {
    const tag = attestationTag(imageDigest);
    const ref = attestationRef(repo, imageDigest);
    const response = await registry.getManifest(repo, tag);
    if (response === undefined)
        return undefined;
    const manifest = (0,signatures_lib/* parseSignatureManifest */.XY)(response, ref, 'att');
    const layers = manifest.layers.map((descriptor, index) => {
        const annotations = descriptor.annotations ?? {};
        return { index, descriptor, annotations, predicateType: annotations[PREDICATE_TYPE_ANNOTATION] };
    });
    return { ref, tag, manifestDigest: response.digest, manifest, layers };
}
/** The envelope blob of one layer, checked against its descriptor (see `fetchLayerBlob`). */
function fetchEnvelope(registry, repo, layer, maxBytes = MAX_ENVELOPE_BYTES) {
    return (0,signatures_lib/* fetchLayerBlob */.ZV)(registry, repo, layer.descriptor, maxBytes);
}
/**
 * Stores one attestation layer in the `.att` tag of `imageDigest` (read-modify-write): the DSSE envelope
 * as the blob, annotations `dev.cosignproject.cosign/signature: ""` and `predicateType`. Without
 * `replace` the layer is appended unless an equivalent one exists; with `replace` every layer annotated
 * with the same predicate type is removed first (as `cosign attest --replace`) — unless the only such
 * layer is equivalent, in which case nothing changes. Blobs go before the manifest; appends to one tag
 * within this process are serialised; a retry after a lost response finds its own layer and adds none.
 */
async function appendAttestation(registry, repo, imageDigest, attestation, options = {}) {
    const tag = attestationTag(imageDigest);
    const ref = attestationRef(repo, imageDigest);
    return signatures_lib/* cosignTagLock */.H9.run(ref, async () => {
        const response = await registry.getManifest(repo, tag);
        const existing = response === undefined ? undefined : (0,signatures_lib/* parseSignatureManifest */.XY)(response, ref, 'att');
        const layers = existing?.layers ?? [];
        const sameType = layers.flatMap((layer, index) => layer.annotations?.[PREDICATE_TYPE_ANNOTATION] === attestation.predicateType ? [index] : []);
        const candidates = options.replace === true && sameType.length !== 1 ? [] : sameType;
        if (await hasEquivalentLayer(registry, repo, layers, candidates, attestation)) {
            return {
                ref,
                tag,
                manifestDigest: response?.digest ?? '',
                layerCount: layers.length,
                deduplicated: true,
                replaced: 0,
            };
        }
        const keep = [...layers.keys()].filter((index) => options.replace !== true || !sameType.includes(index));
        if (keep.length >= MAX_ATTESTATION_LAYERS) {
            throw new lib/* SigilError */.XU('SIGNATURE_LIMIT', `${ref} already holds ${keep.length} attestations; cosign refuses to grow an attestation image beyond ${MAX_ATTESTATION_LAYERS} layers.`, {
                hint: 'Attest with replace (or delete the .att tag) to drop old attestations of this predicate type.',
            });
        }
        const signed = await attestation.sign();
        const blob = signed.envelope;
        const layer = (0,signatures_lib/* signatureLayerDescriptor */.nc)(blob, {
            ...signed.annotations,
            [signatures_lib/* SIGNATURE_ANNOTATION */.ZB]: '',
            [PREDICATE_TYPE_ANNOTATION]: attestation.predicateType,
        }, DSSE_ENVELOPE_MEDIA_TYPE);
        const written = await (0,signatures_lib/* writeCosignImage */.uo)(registry, repo, { tag, existing, keep, blob, layer });
        return {
            ref,
            tag,
            ...written,
            deduplicated: false,
            replaced: layers.length - keep.length,
            ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
        };
    });
}
/** Room for the envelope's JSON around the payload's base64 (several signatures, key ids, whitespace). */
const ENVELOPE_OVERHEAD = 64 * 1024;
async function hasEquivalentLayer(registry, repo, layers, candidates, attestation) {
    const payloadText = (0,lib/* base64Length */.wE)(attestation.statementLength);
    for (const index of candidates) {
        const layer = layers[index];
        const annotations = layer.annotations ?? {};
        if (layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE ||
            annotations[signatures_lib/* SIGNATURE_ANNOTATION */.ZB] !== '' ||
            layer.size < payloadText ||
            layer.size > payloadText + ENVELOPE_OVERHEAD) {
            continue;
        }
        const blob = await (0,signatures_lib/* fetchLayerBlob */.ZV)(registry, repo, layer, MAX_ENVELOPE_BYTES);
        if (blob.ok && (await attestation.isEquivalent(blob.bytes, annotations)))
            return true;
    }
    return false;
}
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __nccwpck_require__(40353);
;// CONCATENATED MODULE: ./packages/attestations/lib/attest.js









/**
 * Attests `target.digest` as `cosign attest` does in the legacy format: an in-toto Statement v0.1 with one
 * subject `{name: registry/repo, digest: {sha256: hex}}` and the predicate embedded verbatim, signed as a
 * DSSE envelope (ECDSA P-256 / SHA-256 over the PAE, DER), stored as a layer of the `.att` tag.
 *
 * Memory for a predicate of P bytes (the caller's buffer, not copied): the statement is never assembled —
 * its head, a view of the predicate and its tail are hashed for the signature and base64-encoded straight
 * into the envelope, the one full-size allocation (≈ 4/3 P). Digests are streamed; the HTTP upload sends
 * that buffer as is. De-duplication, when a same-sized layer of the same type exists, fetches it (≈ 4/3 P)
 * and decodes its payload (≈ P) before deciding.
 */
async function attestImage(registry, target, key, attestation, options = {}) {
    const parts = inTotoStatementParts({
        predicateType: attestation.predicateType,
        subjects: [{ name: (0,oci_lib/* repositoryName */.aR)(target.repo), digest: target.digest }],
        predicate: attestation.predicate,
    });
    await (0,oci_lib/* requireImage */.rt)(registry, target, 'attest');
    const statementLength = byteLength(parts);
    const paeHeader = preAuthEncodingHeader(IN_TOTO_PAYLOAD_TYPE, statementLength);
    const appended = await appendAttestation(registry, target.repo, target.digest, {
        predicateType: attestation.predicateType,
        statementLength,
        sign: async () => {
            if (key instanceof keys_lib/* SigningKey */.hR)
                return {
                    envelope: dsseEnvelopeBytes(IN_TOTO_PAYLOAD_TYPE, parts, [key.signParts([paeHeader, ...parts])]),
                };
            const signed = await key.signEnvelope(IN_TOTO_PAYLOAD_TYPE, parts);
            const stored = parseDsseEnvelope(signed.envelope);
            if (!stored.ok ||
                stored.envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE ||
                !equalsParts(stored.envelope.payload, parts))
                throw new lib/* SigilError */.XU('INTERNAL', 'the signer returned an envelope of another statement');
            return {
                envelope: signed.envelope,
                annotations: signed.annotations,
                ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
            };
        },
        isEquivalent: async (envelopeBytes, annotations) => {
            const parsed = parseDsseEnvelope(envelopeBytes);
            if (!parsed.ok)
                return false;
            const envelope = parsed.envelope;
            if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE || !equalsParts(envelope.payload, parts))
                return false;
            for (const signature of envelope.signatures) {
                const sig = (0,lib/* decodeBase64Strict */.Fm)(signature.sig);
                if (sig === undefined)
                    continue;
                const encoded = [paeHeader, envelope.payload];
                if (key instanceof keys_lib/* SigningKey */.hR
                    ? (0,keys_lib/* verifyPartsWithPublicKey */.s_)(key.publicKey, encoded, sig)
                    : await key.signedLayer(encoded, sig, annotations))
                    return true;
            }
            return false;
        },
    }, options.replace === undefined ? {} : { replace: options.replace });
    (options.logger ?? lib/* silentLogger */.qq).info(appended.deduplicated
        ? `${target.image}: already attested (${attestation.predicateType}) ${key instanceof keys_lib/* SigningKey */.hR ? 'with this key' : 'by this identity'} in ${appended.ref}; nothing written.`
        : `${target.image}: attested ${target.digest} (${attestation.predicateType}), attestation ${appended.layerCount} in ${appended.ref}` +
            (appended.replaced > 0 ? `, replacing ${appended.replaced}.` : '.'));
    return {
        image: target.image,
        digest: target.digest,
        predicateType: attestation.predicateType,
        format: 'legacy',
        ref: appended.ref,
        deduplicated: appended.deduplicated,
        replaced: appended.replaced,
        ...(appended.tlogIndex === undefined ? {} : { tlogIndex: appended.tlogIndex }),
    };
}
function equalsParts(bytes, parts) {
    if (bytes.length !== byteLength(parts))
        return false;
    let offset = 0;
    for (const part of parts) {
        if (Buffer.compare(bytes.subarray(offset, offset + part.length), part) !== 0)
            return false;
        offset += part.length;
    }
    return true;
}
;// CONCATENATED MODULE: ./packages/attestations/lib/attestation-layer-verifier.js









/**
 * Verifies one attestation layer. The DSSE signature is checked over the PAE of the exact payload bytes
 * first; nothing in the payload is read until a trusted key, or for a keyless layer (one with a certificate)
 * `policy.keyless`, has vouched for it. A layer a trusted key verifies is judged by that key, certificate or not.
 */
function verifyAttestationLayer(layer, policy) {
    if (layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE) {
        return failure('ENVELOPE_INVALID', `layer media type is ${(0,lib/* quoteForMessage */.Hx)(layer.mediaType)}, not ${DSSE_ENVELOPE_MEDIA_TYPE}`);
    }
    const parsed = parseDsseEnvelope(layer.envelope);
    if (!parsed.ok)
        return failure('ENVELOPE_INVALID', parsed.message);
    const envelope = parsed.envelope;
    const signer = findSigner(envelope, policy);
    const certificate = layer.annotations[signatures_lib/* CERTIFICATE_ANNOTATION */.oZ];
    let signedBy;
    if (signer.problem === undefined) {
        const logged = checkKeyLog(layer, envelope, signer, policy);
        if (logged !== undefined && !logged.ok)
            return logged;
        signedBy = { keyId: signer.key.id, ...(logged === undefined ? {} : { logged: true }) };
    }
    else if (signer.problem.reason === 'ATTESTATION_UNTRUSTED' && certificate !== undefined) {
        const keyless = verifyKeylessLayer(layer, envelope, certificate, policy);
        if (!keyless.ok)
            return keyless;
        signedBy = { identity: keyless.identity };
    }
    else
        return signer.problem;
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
        return failure('PAYLOAD_TYPE_INVALID', `the envelope's payload type is ${(0,lib/* quoteForMessage */.Hx)(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`, signedBy);
    }
    const statementParse = parseInTotoStatement(envelope.payload);
    if (!statementParse.ok) {
        return failure('STATEMENT_INVALID', `signed statement rejected: ${statementParse.message}`, signedBy);
    }
    const statement = statementParse.statement;
    const statementType = statement.predicateType;
    const [algorithm, hex] = policy.digest.split(':');
    if (!statement.subjects.some((subject) => subject.digest[algorithm] === hex)) {
        const named = statement.subjects.map((subject) => subject.digest[algorithm] ?? '(none)').join(', ');
        return failure('SUBJECT_MISMATCH', `no subject of the statement has ${algorithm} ${hex} (the image digest); subjects have ${named}`, signedBy, statementType);
    }
    const label = layer.annotations[PREDICATE_TYPE_ANNOTATION];
    if (label !== statementType) {
        return failure('PREDICATE_TYPE_MISMATCH', `the layer's predicateType annotation is ${label === undefined ? 'missing' : (0,lib/* quoteForMessage */.Hx)(label)} but the signed statement's predicateType is ${(0,lib/* quoteForMessage */.Hx)(statementType)} (relabelled)`, signedBy, statementType);
    }
    if (statementType !== policy.predicateType)
        return { ok: true, ...signedBy, statement, ofRequiredType: false };
    const validation = policy.validatePredicate?.(statement.predicate) ?? { ok: true };
    if (!validation.ok) {
        return failure('PREDICATE_INVALID', `the predicate is not valid: ${validation.message}`, signedBy, statementType);
    }
    return { ok: true, ...signedBy, statement, ofRequiredType: true };
}
/**
 * A layer signed with a certificate that no trusted key verifies: `policy.keyless` decides (certificate, Rekor
 * entry, signature over the PAE, signer). The envelope must hold the one signature cosign writes.
 */
function verifyKeylessLayer(layer, envelope, certificate, policy) {
    if (policy.keyless === undefined) {
        return failure('KEYLESS_NOT_CONFIGURED', `the attestation is signed with a certificate (keyless) and verifies with none of the ${policy.trustedKeys.length} trusted key(s); no keyless signer is trusted`);
    }
    const [signature, ...more] = envelope.signatures;
    if (signature === undefined || more.length > 0) {
        return failure('ATTESTATION_UNTRUSTED', `the keyless attestation's envelope holds ${envelope.signatures.length} signatures, not the one its certificate signed`);
    }
    const chain = layer.annotations[signatures_lib/* CHAIN_ANNOTATION */.CB];
    const rekorBundle = layer.annotations[signatures_lib/* REKOR_BUNDLE_ANNOTATION */.BJ];
    const verdict = policy.keyless({
        envelope: { payloadType: envelope.payloadType, payload: envelope.payload, signature: signature.sig },
        certificate,
        ...(chain === undefined ? {} : { chain }),
        ...(rekorBundle === undefined ? {} : { rekorBundle }),
    });
    if (verdict.ok)
        return verdict;
    return failure(verdict.reason, verdict.message, verdict.identity === undefined ? undefined : { identity: verdict.identity });
}
/**
 * The Rekor bundle of a layer a trusted key verified, through `policy.keyLog`: undefined when there is none to
 * check (no verifier, or no bundle annotation), else whether it verified.
 */
function checkKeyLog(layer, envelope, signer, policy) {
    const rekorBundle = layer.annotations[signatures_lib/* REKOR_BUNDLE_ANNOTATION */.BJ];
    if (policy.keyLog === undefined || rekorBundle === undefined)
        return undefined;
    const verdict = policy.keyLog({
        envelope: { payloadType: envelope.payloadType, payload: envelope.payload, signature: signer.sig },
        rekorBundle,
        key: signer.key,
    });
    if (verdict.ok)
        return verdict;
    return failure('TLOG_INVALID', `the layer's Rekor bundle does not verify against trusted-root: ${verdict.message}`, { keyId: signer.key.id });
}
/** Revoked keys first: a signature by one disqualifies the layer even if another signature is trusted. */
function findSigner(envelope, policy) {
    const parts = [preAuthEncodingHeader(envelope.payloadType, envelope.payload.length), envelope.payload];
    const candidates = [...policy.revokedKeys, ...policy.trustedKeys];
    const usable = [];
    let encodingMessage;
    for (const [index, entry] of envelope.signatures.entries()) {
        const signature = (0,lib/* decodeBase64Strict */.Fm)(entry.sig);
        if (signature === undefined || signature.length === 0) {
            encodingMessage ??= `DSSE signature ${index} is not standard padded base64`;
            continue;
        }
        const encoding = (0,keys_lib/* classifyEcdsaSignature */.Hv)(signature);
        if (encoding !== 'der' && !candidates.some((key) => (0,keys_lib/* keyAcceptsEncoding */.O8)(key, signature, encoding))) {
            encodingMessage ??= `DSSE signature ${index}: ${(0,keys_lib/* encodingProblem */.pz)(encoding, signature)}`;
            continue;
        }
        usable.push({ signature, encoding, sig: entry.sig });
    }
    if (usable.length === 0) {
        return {
            problem: failure('SIGNATURE_ENCODING', encodingMessage ?? 'the envelope has no usable signature'),
        };
    }
    for (const { signature, encoding } of usable) {
        const revoked = (0,keys_lib/* findVerifyingKey */.Ah)(policy.revokedKeys, parts, signature, encoding);
        if (revoked !== undefined) {
            return {
                problem: failure('KEY_REVOKED', `the attestation was signed with revoked key ${revoked.id}`, {
                    keyId: revoked.id,
                }),
            };
        }
    }
    for (const { signature, encoding, sig } of usable) {
        const trusted = (0,keys_lib/* findVerifyingKey */.Ah)(policy.trustedKeys, parts, signature, encoding);
        if (trusted !== undefined)
            return { problem: undefined, key: trusted, sig };
    }
    const edited = envelope.payloadType === IN_TOTO_PAYLOAD_TYPE
        ? ''
        : ` (its payload type is ${(0,lib/* quoteForMessage */.Hx)(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE})`;
    return {
        problem: failure('ATTESTATION_UNTRUSTED', `the DSSE signature does not verify with any of the ${policy.trustedKeys.length} trusted key(s)${edited}`),
    };
}
function failure(reason, message, signer, statementPredicateType) {
    return {
        ok: false,
        reason,
        message,
        ...(signer?.keyId === undefined ? {} : { keyId: signer.keyId }),
        ...(signer?.identity === undefined ? {} : { identity: signer.identity }),
        ...(statementPredicateType === undefined ? {} : { statementPredicateType }),
    };
}
;// CONCATENATED MODULE: ./packages/attestations/lib/verify-attestations.js





/**
 * When no attestation of the required type verifies, the image fails with the most significant outcome
 * among the layers of that type (by annotation or by signed statement), most significant first:
 * 1. `SUBJECT_MISMATCH`: a trusted key attested another image — an attestation copied or replayed.
 * 2. `PREDICATE_TYPE_MISMATCH`: a trusted statement stored under another type's label — relabelled.
 * 3. `PAYLOAD_DIGEST_MISMATCH`: the registry served an envelope that is not the one the manifest names.
 * 4. `KEY_REVOKED`: signed with a key known to be compromised or retired.
 * 5. `TLOG_INVALID`: a keyless layer whose Rekor bundle does not verify — forged or copied.
 * 6. The keyless signer problems (`KEYLESS_SIGNER_SIGNIFICANCE`): a trusted certificate authority's
 *    certificate outside its validity, or for a signer the policy does not accept — ranked as for `.sig` layers.
 * 7. `PREDICATE_INVALID`: a trusted signer attested this image, but the predicate fails validation.
 * 8. `TLOG_MISSING`: a keyless layer that was never logged, so no time vouches for its certificate.
 * 9. `STATEMENT_INVALID`, 10. `PAYLOAD_TYPE_INVALID`: a trusted signer signed something that is not an
 *    in-toto statement.
 * 11. `SIGNATURE_ENCODING`: a signer produced signature bytes no verifier accepts.
 * 12. `SCT_MISSING`, 13. `CERTIFICATE_UNTRUSTED`: a certificate no trusted CT log or certificate authority
 *    vouches for; 14. `KEYLESS_NOT_CONFIGURED`: keyless attestations no one said whose to trust.
 * 15. `ATTESTATION_UNTRUSTED`: signed by someone else, or edited after signing.
 * 16. `PAYLOAD_TOO_LARGE`, 17. `PAYLOAD_MISSING`: the envelope cannot be read.
 * 18. `ENVELOPE_INVALID`: not a DSSE envelope at all.
 * Ties go to the earliest layer.
 */
const ATTESTATION_SIGNIFICANCE = [
    'SUBJECT_MISMATCH',
    'PREDICATE_TYPE_MISMATCH',
    'PAYLOAD_DIGEST_MISMATCH',
    'KEY_REVOKED',
    'TLOG_INVALID',
    ...signatures_lib/* KEYLESS_SIGNER_SIGNIFICANCE */.MF,
    'PREDICATE_INVALID',
    'TLOG_MISSING',
    'STATEMENT_INVALID',
    'PAYLOAD_TYPE_INVALID',
    'SIGNATURE_ENCODING',
    'SCT_MISSING',
    'CERTIFICATE_UNTRUSTED',
    'KEYLESS_NOT_CONFIGURED',
    'ATTESTATION_UNTRUSTED',
    'PAYLOAD_TOO_LARGE',
    'PAYLOAD_MISSING',
    'ENVELOPE_INVALID',
];
const ENVELOPE_FETCH_CONCURRENCY = 4;
/**
 * Verifies the legacy `.att` attestations of `target.digest` against `policy`: the image passes when at
 * least one layer's DSSE signature verifies with a trusted (and not revoked) key over the PAE of the exact
 * payload (or, for a layer signed with a certificate, keylessly as `policy.keyless` accepts), the payload
 * type is in-toto, the statement parses, one subject's digest is the image digest, the statement's predicate
 * type is the required one and equals the layer's `predicateType` annotation, and `validatePredicate`
 * accepts the predicate.
 *
 * Layers labelled with the required type are fetched and checked first; only when none of them verifies
 * are the other layers examined, to find an attestation of the required type stored under another label
 * (`PREDICATE_TYPE_MISMATCH`) — so a passing image costs the envelopes of its own type only. Never throws
 * for registry trouble: every failure to check becomes a failed verdict with its own reason.
 */
async function verifyImageAttestations(registry, target, policy) {
    const base = {
        image: target.image,
        digest: target.digest,
        attestationRef: attestationRef(target.repo, target.digest),
        predicateType: policy.predicateType,
    };
    let stored;
    try {
        stored = await readAttestations(registry, target.repo, target.digest);
        if (stored === undefined && (await registry.resolveDigest(target.repo, target.digest)) === undefined) {
            return failed(base, 'IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
        }
    }
    catch (error) {
        return failed(base, codeOf(error), `could not read the attestations of ${target.image}: ${(0,lib/* messageOf */.bD)(error)}`);
    }
    if (stored === undefined || stored.layers.length === 0) {
        return failed(base, 'NO_ATTESTATIONS', `no attestations found at ${base.attestationRef}`);
    }
    const labelled = stored.layers.filter((layer) => layer.predicateType === policy.predicateType);
    const others = stored.layers.filter((layer) => layer.predicateType !== policy.predicateType);
    const examine = (layers) => (0,lib/* mapConcurrently */.X2)(layers, ENVELOPE_FETCH_CONCURRENCY, (layer) => examineLayer(registry, target, policy, layer));
    let examined;
    try {
        examined = await examine(labelled);
        if (!examined.some((entry) => entry.outcome.verified))
            examined.push(...(await examine(others)));
    }
    catch (error) {
        return failed(base, codeOf(error), `could not read the attestations of ${target.image}: ${(0,lib/* messageOf */.bD)(error)}`);
    }
    const byIndex = new Map(examined.map((entry) => [entry.outcome.index, entry]));
    const layers = stored.layers.map((layer) => byIndex.get(layer.index)?.outcome ?? unchecked(layer));
    const revokedSignatures = layers.flatMap((layer) => layer.reason === 'KEY_REVOKED' && layer.keyId !== undefined
        ? [{ layer: layer.index, keyId: layer.keyId }]
        : []);
    const accepted = examined.filter((entry) => entry.outcome.verified);
    const acceptedKeyIds = [...new Set(accepted.flatMap((entry) => entry.outcome.keyId ?? []))];
    const evidence = { ...base, layers, revokedSignatures, acceptedKeyIds };
    const first = accepted[0];
    if (first !== undefined) {
        return {
            ...evidence,
            verified: true,
            message: `${accepted.length} of ${layers.length} attestation(s) verified as ${policy.predicateType}${keylessSigners(accepted)}`,
            statement: first.statement,
        };
    }
    const relevant = examined.filter((entry) => entry.relevant).map((entry) => entry.outcome);
    const worst = mostSignificantOutcome(relevant);
    if (worst === undefined) {
        const found = [...new Set(stored.layers.map((layer) => layer.predicateType ?? '(unlabelled)'))];
        return {
            ...evidence,
            verified: false,
            reason: 'ATTESTATION_MISSING',
            message: `none of ${layers.length} attestation(s) is of predicate type ${policy.predicateType}; found: ${found.join(', ')}`,
        };
    }
    return {
        ...evidence,
        verified: false,
        reason: worst.reason ?? 'INTERNAL',
        message: `none of ${relevant.length} attestation(s) of type ${policy.predicateType} verified; layer ${worst.index}: ${worst.message}`,
    };
}
async function examineLayer(registry, target, policy, layer) {
    const where = {
        index: layer.index,
        digest: layer.descriptor.digest,
        predicateType: layer.predicateType,
        checked: true,
    };
    const labelledRequired = layer.predicateType === policy.predicateType;
    const blob = await fetchEnvelope(registry, target.repo, layer, policy.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES);
    if (!blob.ok) {
        return {
            outcome: { ...where, verified: false, reason: blob.problem, message: blob.message },
            relevant: labelledRequired,
        };
    }
    const verdict = verifyAttestationLayer({ mediaType: layer.descriptor.mediaType, envelope: blob.bytes, annotations: layer.annotations }, {
        digest: target.digest,
        predicateType: policy.predicateType,
        trustedKeys: policy.trustedKeys,
        revokedKeys: policy.revokedKeys ?? [],
        ...(policy.validatePredicate === undefined ? {} : { validatePredicate: policy.validatePredicate }),
        ...(policy.keyless === undefined ? {} : { keyless: policy.keyless }),
        ...(policy.keyLog === undefined ? {} : { keyLog: policy.keyLog }),
    });
    const signer = {
        ...(verdict.keyId === undefined ? {} : { keyId: verdict.keyId }),
        ...(verdict.identity === undefined ? {} : { identity: verdict.identity }),
    };
    if (verdict.ok) {
        const statementPredicateType = verdict.statement.predicateType;
        const keyless = verdict.identity === undefined ? '' : ` keyless: ${describeIdentity(verdict.identity)}`;
        return {
            outcome: {
                ...where,
                ...(verdict.logged === true ? { logged: true } : {}),
                statementPredicateType,
                verified: verdict.ofRequiredType,
                message: verdict.ofRequiredType
                    ? `verified${keyless}`
                    : `a valid attestation of another type (${statementPredicateType})`,
                ...signer,
            },
            relevant: verdict.ofRequiredType,
            statement: verdict.statement.document,
        };
    }
    return {
        outcome: {
            ...where,
            verified: false,
            reason: verdict.reason,
            message: verdict.message,
            ...signer,
            ...(verdict.statementPredicateType === undefined
                ? {}
                : { statementPredicateType: verdict.statementPredicateType }),
        },
        relevant: labelledRequired || verdict.statementPredicateType === policy.predicateType,
    };
}
function unchecked(layer) {
    return {
        index: layer.index,
        digest: layer.descriptor.digest,
        predicateType: layer.predicateType,
        checked: false,
        verified: false,
        message: 'not examined: labelled with another predicate type',
    };
}
/** ` (keyless: certificate for "…" from "…")` for the keyless signers of accepted layers, each once. */
function keylessSigners(accepted) {
    const named = [
        ...new Set(accepted.flatMap(({ outcome: { identity } }) => identity === undefined ? [] : [describeIdentity(identity)])),
    ];
    return named.length === 0 ? '' : ` (keyless: ${named.join('; ')})`;
}
function describeIdentity({ subjectAlternativeName, issuer }) {
    return `certificate for ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}`;
}
/** See `ATTESTATION_SIGNIFICANCE`; ties go to the earliest layer. */
function mostSignificantOutcome(outcomes) {
    const failures = outcomes.filter((outcome) => !outcome.verified).sort((a, b) => a.index - b.index);
    return (0,signatures_lib/* mostSignificant */.Nm)(failures, ATTESTATION_SIGNIFICANCE);
}
function failed(base, reason, message) {
    return { ...base, verified: false, reason, message, layers: [], acceptedKeyIds: [], revokedSignatures: [] };
}
function codeOf(error) {
    return (0,lib/* isSigilError */.td)(error) && error.code !== 'MANIFEST_NOT_FOUND' ? error.code : 'INTERNAL';
}
;// CONCATENATED MODULE: ./packages/attestations/lib/attestation-equivalence.js




/** SBOMs nest deeply (CycloneDX components within components). */
const MAX_PREDICATE_DEPTH = 128;
/**
 * Whether `stored` already holds what attesting `predicate` as `predicateType` with `key` would add: a
 * layer of that type whose envelope verifies with `key` and whose statement names this repository and
 * digest and carries an equal predicate (as JSON values: the cosign CLI re-serialises predicates, so
 * bytes cannot be compared). With `replace`, only when it is the one layer of that type, as the native
 * writer decides; `replace` would otherwise leave exactly one.
 */
async function holdsEquivalentAttestation(registry, target, stored, key, attestation) {
    const sameType = (stored?.layers ?? []).filter((layer) => layer.predicateType === attestation.predicateType);
    if (sameType.length === 0 || (attestation.replace && sameType.length !== 1))
        return false;
    const wanted = (0,lib/* parseStrictJsonBytesToPlain */.l4)(attestation.predicate, MAX_PREDICATE_DEPTH);
    if (!wanted.ok)
        return false;
    for (const layer of sameType) {
        const envelope = await fetchEnvelope(registry, target.repo, layer);
        if (!envelope.ok)
            continue;
        const verdict = verifyAttestationLayer({ mediaType: layer.descriptor.mediaType, envelope: envelope.bytes, annotations: layer.annotations }, {
            digest: target.digest,
            predicateType: attestation.predicateType,
            trustedKeys: [key],
            revokedKeys: [],
        });
        if (!verdict.ok || !verdict.ofRequiredType)
            continue;
        const { subjects, predicate } = verdict.statement;
        const namesThisImage = subjects.length === 1 &&
            subjects[0]?.name === (0,oci_lib/* repositoryName */.aR)(target.repo) &&
            subjects[0].digest['sha256'] === target.digest.slice('sha256:'.length);
        if (namesThisImage && jsonEqual(predicate, wanted.value))
            return true;
    }
    return false;
}
/** Deep equality of parsed JSON values: arrays in order, objects by key regardless of order. */
function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        return (Array.isArray(a) &&
            Array.isArray(b) &&
            a.length === b.length &&
            a.every((item, i) => jsonEqual(item, b[i])));
    }
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    const left = a;
    const right = b;
    const keys = Object.keys(left);
    return (keys.length === Object.keys(right).length &&
        keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key])));
}
;// CONCATENATED MODULE: ./packages/attestations/lib/index.js









/***/ }),

/***/ 12645:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  DM: () => (/* reexport */ ConcurrencyLimit),
  sk: () => (/* reexport */ KeyedLock),
  iq: () => (/* reexport */ ProcessFailure),
  XU: () => (/* binding */ SigilError),
  tF: () => (/* binding */ asSigilError),
  wE: () => (/* reexport */ base64Length),
  DD: () => (/* binding */ causeChain),
  Fm: () => (/* reexport */ decodeBase64Strict),
  WG: () => (/* reexport */ encodeBase64),
  aY: () => (/* reexport */ findOnPath),
  AZ: () => (/* reexport */ goJsonString),
  u4: () => (/* reexport */ isRecord),
  td: () => (/* binding */ isSigilError),
  X2: () => (/* reexport */ mapConcurrently),
  bD: () => (/* binding */ messageOf),
  RJ: () => (/* reexport */ parseStrictJson),
  ml: () => (/* reexport */ parseStrictJsonBytes),
  l4: () => (/* reexport */ parseStrictJsonBytesToPlain),
  Hx: () => (/* reexport */ quoteForMessage),
  R3: () => (/* reexport */ runProcess),
  Vq: () => (/* reexport */ sha256OfFile),
  qq: () => (/* binding */ silentLogger),
  PC: () => (/* reexport */ writeBase64)
});

// UNUSED EXPORTS: isErrorCode

;// CONCATENATED MODULE: ./packages/core/lib/concurrency.js
// The one concurrency module: a bounded map over a list (per-image work), and a limit shared by tasks
// that arrive over time (registry requests, syft scans).
/**
 * Maps `items` through `work` with at most `limit` calls in flight; results keep the input order.
 * The first rejection rejects the whole map (no new items start after it;
 * callers that must not stop turn errors into values).
 */
async function mapConcurrently(items, limit, work) {
    if (!Number.isSafeInteger(limit) || limit < 1)
        throw new RangeError(`concurrency must be >= 1, got ${limit}`);
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/** At most `limit` tasks run at once; the rest wait in arrival order. */
class ConcurrencyLimit {
    #limit;
    #active = 0;
    #waiting = [];
    constructor(limit) {
        if (!Number.isInteger(limit) || limit < 1)
            throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
        this.#limit = limit;
    }
    get active() {
        return this.#active;
    }
    async run(task) {
        if (this.#active >= this.#limit)
            await new Promise((resolve) => this.#waiting.push(resolve));
        else
            this.#active++;
        try {
            return await task();
        }
        finally {
            const next = this.#waiting.shift();
            if (next)
                next();
            else
                this.#active--;
        }
    }
}
;// CONCATENATED MODULE: ./packages/core/lib/base64.js
/**
 * Standard (RFC 4648 §4) base64 with `=` padding, decoded strictly: only the standard alphabet, correct
 * padding, and the canonical encoding (no stray bits in the last character). Anything else is junk that a
 * lenient decoder would silently accept, so it is refused. Linear in the input and without a re-encoded
 * copy, so a DSSE payload of tens of megabytes costs only its decoded bytes.
 */
const NOT_ALPHABET = /[^A-Za-z0-9+/]/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decodeBase64Strict(text) {
    if (text.length % 4 !== 0)
        return undefined;
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    const bodyLength = text.length - padding;
    if (NOT_ALPHABET.test(padding === 0 ? text : text.slice(0, bodyLength)))
        return undefined;
    if (padding > 0) {
        // The last data character carries 4 (one `=`: 2) bits that fall beyond the data: they must be zero.
        const last = ALPHABET.indexOf(text.charAt(bodyLength - 1));
        if ((last & (padding === 2 ? 0x0f : 0x03)) !== 0)
            return undefined;
    }
    const bytes = Buffer.from(text, 'base64');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function encodeBase64(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
/**
 * Bytes per chunk when encoding into a buffer: 48 KiB in, 64 KiB of text out — small enough that each
 * transient string stays in V8's young generation and is reclaimed at once, instead of piling up in
 * large-object space until a full collection.
 */
const ENCODE_CHUNK = 48 * 1024;
/** Length of the padded std base64 text of `length` bytes. */
function base64Length(length) {
    return Math.ceil(length / 3) * 4;
}
/**
 * Writes the std base64 of the concatenation of `parts` into `target` at `offset`, a chunk at a time, so
 * neither the joined input nor a base64 string of it ever exists; returns the offset after it.
 */
function writeBase64(parts, target, offset) {
    let position = offset;
    const carry = Buffer.alloc(3);
    let carried = 0;
    const emit = (bytes) => {
        position += target.write(bytes.toString('base64'), position, 'latin1');
    };
    for (const part of parts) {
        let start = 0;
        if (carried > 0) {
            const take = Math.min(3 - carried, part.length);
            carry.set(part.subarray(0, take), carried);
            carried += take;
            start = take;
            if (carried < 3)
                continue;
            emit(carry);
        }
        while (part.length - start >= 3) {
            const length = Math.min(ENCODE_CHUNK, part.length - start - ((part.length - start) % 3));
            emit(Buffer.from(part.buffer, part.byteOffset + start, length));
            start += length;
        }
        carry.set(part.subarray(start), 0);
        carried = part.length - start;
    }
    if (carried > 0)
        emit(carry.subarray(0, carried));
    return position;
}
;// CONCATENATED MODULE: ./packages/core/lib/go-json-string.js

const GO_HTML_ESCAPED = /[<>&\u2028\u2029]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * A string as Go's `json.Marshal` writes it: JSON.stringify plus the HTML-safe escapes of `<`, `>`, `&`,
 * U+2028 and U+2029. A lone surrogate is not valid Unicode and is refused (Go would write U+FFFD).
 */
function goJsonString(value) {
    if (LONE_SURROGATE.test(value)) {
        throw new SigilError('INPUT_INVALID', 'a payload string is not valid Unicode (lone surrogate)');
    }
    return JSON.stringify(value).replace(GO_HTML_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
;// CONCATENATED MODULE: ./packages/core/lib/keyed-lock.js
/**
 * Runs async work one at a time per key within this process. Appending a signature is a
 * read-modify-write of one tag with no locking on the registry side, so two appends to the same tag
 * from one process must not interleave. Different keys run concurrently; idle keys are forgotten.
 */
class KeyedLock {
    #tails = new Map();
    async run(key, work) {
        const previous = this.#tails.get(key) ?? Promise.resolve();
        let release;
        const done = new Promise((resolve) => {
            release = resolve;
        });
        const tail = previous.then(() => done);
        this.#tails.set(key, tail);
        await previous;
        try {
            return await work();
        }
        finally {
            release();
            if (this.#tails.get(key) === tail)
                this.#tails.delete(key);
        }
    }
    /** Number of keys with work queued or running (for tests and diagnostics). */
    get activeKeys() {
        return this.#tails.size;
    }
}
;// CONCATENATED MODULE: ./packages/core/lib/strict-json.js
const MAX_DEPTH = 32;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** Characters a JSON string holds as they are: anything but `"`, `\\` and control characters. */
// eslint-disable-next-line no-control-regex -- the run must stop at raw control characters, which JSON forbids
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES = {
    '"': '"',
    '\\': '\\',
    '/': '/',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
};
class StrictJsonError extends Error {
}
/**
 * One decoder for every document: invalid UTF-8 and a byte-order mark are errors (as in Go), and without `stream`
 * each `decode` starts afresh, so nothing of one document carries into the next.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Parses UTF-8 bytes (invalid UTF-8 and a byte-order mark are errors, as in Go). */
function parseStrictJsonBytes(bytes) {
    let text;
    try {
        text = UTF8.decode(bytes);
    }
    catch {
        return { ok: false, message: 'not valid UTF-8' };
    }
    return parseStrictJson(text);
}
function parseStrictJson(text) {
    try {
        const reader = new Reader(text, MAP_OBJECTS, MAX_DEPTH);
        const value = reader.document();
        return { ok: true, value };
    }
    catch (error) {
        if (error instanceof StrictJsonError)
            return { ok: false, message: error.message };
        throw error;
    }
}
/** A JSON object as `parseStrictJsonBytesToPlain` and `JSON.parse` produce it (not an array, not null). */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * The same strict reading (UTF-8, no BOM, no duplicate keys), producing what `JSON.parse` would: plain
 * objects (`__proto__` an ordinary own key) and arrays. For large signed documents handed to code that
 * expects ordinary JSON values (an SBOM predicate); `maxDepth` bounds nesting.
 */
function parseStrictJsonBytesToPlain(bytes, maxDepth) {
    let text;
    try {
        text = UTF8.decode(bytes);
    }
    catch {
        return { ok: false, message: 'not valid UTF-8' };
    }
    const fast = parsePlainNatively(text, maxDepth);
    if (fast !== undefined)
        return { ok: true, value: fast.value };
    try {
        return { ok: true, value: new Reader(text, PLAIN_OBJECTS, maxDepth).document() };
    }
    catch (error) {
        if (error instanceof StrictJsonError)
            return { ok: false, message: error.message };
        throw error;
    }
}
/**
 * The same reading through the engine's `JSON.parse`, several times faster than `Reader` on the bundles and
 * statements the gate reads by the thousand, or undefined when the text may break a rule `JSON.parse` does not
 * keep (the caller then reads it with `Reader`, for the exact error or, should the check be too cautious, the
 * value). `JSON.parse` keeps the last of two equal keys, so the text has a duplicate key exactly when the parsed
 * value has fewer object members than the text has keys; it also reads numbers out of range as Infinity and
 * nests without a bound, both checked on the value. Its objects are `PLAIN_OBJECTS`'s: `__proto__` an own key.
 */
function parsePlainNatively(text, maxDepth) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const members = countMembers(value, 0, maxDepth);
    if (members < 0 || members !== countKeys(text))
        return undefined;
    return { value };
}
/** The object members in a parsed value, or -1 when it nests deeper than `maxDepth` or holds a non-finite number. */
function countMembers(value, depth, maxDepth) {
    if (depth > maxDepth)
        return -1;
    if (typeof value === 'number')
        return Number.isFinite(value) ? 0 : -1;
    if (typeof value !== 'object' || value === null)
        return 0;
    const children = Array.isArray(value) ? value : Object.values(value);
    let total = Array.isArray(value) ? 0 : children.length;
    for (const child of children) {
        // Only containers and numbers can fail or hold members: strings (base64 payloads) are passed over.
        if (typeof child !== 'object' && typeof child !== 'number') {
            if (depth + 1 > maxDepth)
                return -1;
            continue;
        }
        const inner = countMembers(child, depth + 1, maxDepth);
        if (inner < 0)
            return -1;
        total += inner;
    }
    return total;
}
/**
 * The object keys in a text `JSON.parse` accepted: its strings followed by a colon. Outside strings a quote
 * only opens one, and inside, a quote closes it unless an odd run of backslashes precedes it.
 */
function countKeys(text) {
    let keys = 0;
    let open = text.indexOf('"');
    while (open !== -1) {
        let close = text.indexOf('"', open + 1);
        while (close !== -1 && escapedAt(text, close))
            close = text.indexOf('"', close + 1);
        if (close === -1)
            return -1;
        let next = close + 1;
        while (isJsonWhitespace(text.charCodeAt(next)))
            next++;
        if (text.charCodeAt(next) === 0x3a)
            keys++;
        open = text.indexOf('"', next);
    }
    return keys;
}
function escapedAt(text, quote) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c)
        backslashes++;
    return backslashes % 2 === 1;
}
function isJsonWhitespace(code) {
    return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
const MAP_OBJECTS = {
    create: () => new Map(),
    has: (object, key) => object.has(key),
    set: (object, key, value) => object.set(key, value),
};
const PLAIN_OBJECTS = {
    create: () => ({}),
    has: (object, key) => Object.hasOwn(object, key),
    set: (object, key, value) => {
        if (key === '__proto__') {
            Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        }
        else {
            object[key] = value;
        }
    },
};
/** A key or string quoted for an error message: escaped and cut short, since it comes from untrusted input. */
function quoteForMessage(text) {
    return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
// Plain fields, not parameter properties: tests run these sources with Node's type stripping.
class Reader {
    position = 0;
    text;
    objects;
    maxDepth;
    constructor(text, objects, maxDepth) {
        this.text = text;
        this.objects = objects;
        this.maxDepth = maxDepth;
    }
    document() {
        const value = this.value(0);
        this.skipWhitespace();
        if (this.position !== this.text.length)
            this.fail('unexpected data after the JSON value');
        return value;
    }
    value(depth) {
        if (depth > this.maxDepth)
            this.fail(`nesting deeper than ${this.maxDepth} levels`);
        this.skipWhitespace();
        const char = this.text[this.position];
        switch (char) {
            case '{':
                return this.object(depth);
            case '[':
                return this.array(depth);
            case '"':
                return this.string();
            case 't':
                return this.literal('true', true);
            case 'f':
                return this.literal('false', false);
            case 'n':
                return this.literal('null', null);
            default:
                return this.number();
        }
    }
    object(depth) {
        const entries = this.objects.create();
        this.position++;
        this.skipWhitespace();
        if (this.text[this.position] === '}') {
            this.position++;
            return entries;
        }
        for (;;) {
            this.skipWhitespace();
            if (this.text[this.position] !== '"')
                this.fail('expected a string key');
            const key = this.string();
            if (this.objects.has(entries, key))
                this.fail(`Duplicate key ${quoteForMessage(key)}`);
            this.skipWhitespace();
            this.expect(':');
            this.objects.set(entries, key, this.value(depth + 1));
            this.skipWhitespace();
            if (this.text[this.position] === ',') {
                this.position++;
                continue;
            }
            this.expect('}');
            return entries;
        }
    }
    array(depth) {
        const items = [];
        this.position++;
        this.skipWhitespace();
        if (this.text[this.position] === ']') {
            this.position++;
            return items;
        }
        for (;;) {
            items.push(this.value(depth + 1));
            this.skipWhitespace();
            if (this.text[this.position] === ',') {
                this.position++;
                continue;
            }
            this.expect(']');
            return items;
        }
    }
    string() {
        this.position++;
        let result = '';
        for (;;) {
            // Skip the run of ordinary characters natively: a string can be a 70 MB base64 payload.
            PLAIN_RUN.lastIndex = this.position;
            PLAIN_RUN.test(this.text);
            const runEnd = PLAIN_RUN.lastIndex;
            result += this.text.slice(this.position, runEnd);
            this.position = runEnd;
            const code = this.text.charCodeAt(runEnd);
            if (Number.isNaN(code))
                this.fail('unterminated string');
            if (code === 0x22) {
                this.position++;
                return result;
            }
            if (code < 0x20)
                this.fail('control character in a string');
            result += this.escape();
        }
    }
    escape() {
        const char = this.text[this.position + 1];
        if (char === 'u') {
            const hex = this.text.slice(this.position + 2, this.position + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex))
                this.fail('invalid \\u escape');
            this.position += 6;
            return String.fromCharCode(parseInt(hex, 16));
        }
        const replacement = char === undefined ? undefined : ESCAPES[char];
        if (replacement === undefined)
            this.fail('invalid escape in a string');
        this.position += 2;
        return replacement;
    }
    number() {
        NUMBER.lastIndex = this.position;
        const match = NUMBER.exec(this.text);
        if (match === null)
            this.fail('unexpected character');
        this.position += match[0].length;
        const value = Number(match[0]);
        if (!Number.isFinite(value))
            this.fail('number out of range');
        return value;
    }
    literal(word, value) {
        if (!this.text.startsWith(word, this.position))
            this.fail('unexpected character');
        this.position += word.length;
        return value;
    }
    expect(char) {
        if (this.text[this.position] !== char)
            this.fail(`expected "${char}"`);
        this.position++;
    }
    skipWhitespace() {
        for (;;) {
            const char = this.text[this.position];
            if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r')
                return;
            this.position++;
        }
    }
    fail(problem) {
        throw new StrictJsonError(`${problem} at offset ${this.position}`);
    }
}
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(31421);
;// CONCATENATED MODULE: ./packages/core/lib/process-runner.js

/**
 * A program that did not run to its own end. The runner does not know what the program is for, so it
 * carries facts (which program, what happened, the end of stderr); each caller turns it into its own
 * error code and advice.
 */
class ProcessFailure extends Error {
    name = 'ProcessFailure';
    kind;
    /** The program's file name (no directory). */
    program;
    /** The end of what it wrote to stderr before it was killed. */
    stderr;
    /** `not-started` only: the program does not exist (ENOENT). */
    notFound;
    constructor(kind, program, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.kind = kind;
        this.program = program;
        this.stderr = details.stderr ?? '';
        this.notFound = details.cause?.code === 'ENOENT';
    }
}
/** A CLI's error is the last thing it prints: stderr is kept from its end. */
const STDERR_TAIL_CHARS = 64 * 1024;
/**
 * Runs `command` without a shell, with exactly `env`: stdout collected as bytes (one copy when the child
 * ends), the tail of stderr as text, the child killed at the deadline or when stdout passes the cap.
 * Resolves with any exit code; rejects with a ProcessFailure when the program did not run to its end.
 */
const runProcess = (command, args, options) => new Promise((resolve, reject) => {
    const program = command.split(/[\\/]/).at(-1) ?? command;
    const verb = `${program} ${args[0] ?? ''}`.trim();
    const child = (0,external_node_child_process_.spawn)(command, [...args], {
        env: options.env,
        shell: false,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
    });
    let killedFor;
    const kill = (kind, message) => {
        killedFor ??= new ProcessFailure(kind, program, message);
        child.kill('SIGKILL');
    };
    // spawn's own `timeout` leaves its timer running when the program does not exist (no 'exit').
    const timer = setTimeout(() => kill('timeout', `${verb} did not finish within ${Math.ceil(options.timeoutMs / 1000)} s`), options.timeoutMs);
    const chunks = [];
    let outputBytes = 0;
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
        outputBytes += chunk.byteLength;
        if (outputBytes > options.maxOutputBytes) {
            kill('output-limit', `${verb} wrote more than ${options.maxOutputBytes} bytes`);
            return;
        }
        chunks.push(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.once('error', (error) => {
        clearTimeout(timer);
        reject(new ProcessFailure('not-started', program, `${program} could not be started: ${error.message}`, {
            cause: error,
        }));
    });
    child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (killedFor !== undefined) {
            reject(new ProcessFailure(killedFor.kind, program, killedFor.message, { stderr }));
            return;
        }
        const stdout = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
        chunks.length = 0;
        resolve({ exitCode: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
    if (options.input !== undefined) {
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(options.input);
    }
});
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./packages/core/lib/executable-lookup.js



/**
 * The first executable file named `name` in the folders of `PATH`, as a shell would find it (on
 * Windows with each `PATHEXT` extension); undefined when there is none.
 */
async function findOnPath(name, environment) {
    const windows = environment.platform === 'win32';
    const pathApi = windows ? external_node_path_.win32 : external_node_path_.posix;
    const extensions = windows
        ? ['', ...(environment.variable('PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
        : [''];
    for (const folder of environment.path.split(windows ? ';' : ':')) {
        if (folder === '')
            continue;
        for (const extension of extensions) {
            const candidate = pathApi.join(folder, `${name}${extension}`);
            if (await isExecutableFile(candidate, windows))
                return candidate;
        }
    }
    return undefined;
}
async function isExecutableFile(file, windows) {
    try {
        if (!(await (0,promises_.stat)(file)).isFile())
            return false;
        if (!windows)
            await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: ./packages/core/lib/file-sha256.js



/** Lower-case hex sha256 of a file, read as a stream (tool binaries are over 100 MB). */
async function sha256OfFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_namespaceObject.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}
;// CONCATENATED MODULE: ./packages/core/lib/index.js
/**
 * The one error type of sigil. `code` is a closed union so that callers, reports and tests can rely
 * on it; `message` says what went wrong and how to fix it; `cause` keeps the underlying error.
 */
/** Any package: a value that is wrong, a feature that is not there yet, a bug. */
const GENERAL_CODES = ['INPUT_INVALID', 'NOT_YET_SUPPORTED', 'INTERNAL'];
/** @sigil/oci: references, the registry, its content and its credentials. */
const REGISTRY_CODES = [
    'REFERENCE_INVALID',
    'REGISTRY_AUTH',
    'REGISTRY_DENIED',
    'REGISTRY_UNREACHABLE',
    'REGISTRY_PROTOCOL',
    'REGISTRY_INSECURE',
    'MANIFEST_NOT_FOUND',
    'MANIFEST_INVALID',
    'BLOB_NOT_FOUND',
    'CONTENT_DIGEST_MISMATCH',
    'TIMEOUT',
    'CREDENTIAL_HELPER',
    'REFERRER_REFUSED',
    'REFERRERS_INDEX_CONFLICT',
];
/** @sigil/keys: key material. */
const KEY_CODES = ['KEY_INVALID', 'KEY_PASSWORD', 'KEY_UNSUPPORTED'];
/** @sigil/signatures, @sigil/attestations: writing signatures and attestations. */
const SIGNING_CODES = ['SIGNATURE_LIMIT', 'SIGN_FAILED'];
/** @sigil/sbom: syft failed for a reason other than the registry (its stderr is the cause). */
const SBOM_CODES = ['SBOM_GENERATION_FAILED'];
/** @sigil/cosign-cli: the installed cosign is too old, or failed (its message is the cause). */
const COSIGN_CLI_CODES = ['COSIGN_VERSION', 'COSIGN_FAILED'];
/**
 * @sigil/toolkit: installing tools (install-cosign, install-syft) and finding cosign on the runner.
 * TOOL_UNUSABLE: a download that verified is still no usable tool (its archive lacks the binary, the binary
 * does not run, or it reports another version).
 */
const TOOL_CODES = [
    'TOOL_DOWNLOAD_FAILED',
    'TOOL_CHECKSUM_MISMATCH',
    'TOOL_CHECKSUM_UNKNOWN',
    'TOOL_SIGNATURE_INVALID',
    'TOOL_UNUSABLE',
    'PLATFORM_UNSUPPORTED',
    'COSIGN_MISSING',
];
/**
 * @sigil/transparency: keyless signing. The job's identity token (missing permission, the runner's endpoint
 * failing, Fulcio refusing it) and the Sigstore services (Fulcio, Rekor, TSA: unreachable, refusing a request,
 * answering what is not their protocol), and a signing config that cannot be read.
 */
const KEYLESS_CODES = [
    'ID_TOKEN_PERMISSION',
    'ID_TOKEN_REQUEST_FAILED',
    'ID_TOKEN_REFUSED',
    'SIGSTORE_UNREACHABLE',
    'SIGSTORE_REFUSED',
    'SIGSTORE_PROTOCOL',
    'SIGNING_CONFIG_INVALID',
    'TRUST_ROOT_UNAVAILABLE',
];
/** @sigil/gate: the gate refused at least one image (the report and `failed` output say why). */
const GATE_CODES = ['VERIFICATION_FAILED'];
/**
 * Every code, closed: reports, tests and the error boundary rely on the list being whole, so it lives
 * here beside the one error class every package depends on, one group per package that raises them.
 */
const ERROR_CODES = [
    ...GENERAL_CODES,
    ...REGISTRY_CODES,
    ...KEY_CODES,
    ...SIGNING_CODES,
    ...SBOM_CODES,
    ...COSIGN_CLI_CODES,
    ...TOOL_CODES,
    ...KEYLESS_CODES,
    ...GATE_CODES,
];
/** Whether a reason string (e.g. a gate reason) is one of the error codes: something could not be done. */
function isErrorCode(value) {
    return ERROR_CODES.includes(value);
}
class SigilError extends Error {
    name = 'SigilError';
    code;
    field;
    input;
    hint;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.code = code;
        this.field = options.field;
        this.input = options.input;
        this.hint = options.hint;
    }
}
function isSigilError(value) {
    return value instanceof SigilError;
}
/** The chain of causes of an error, outermost first, as printable one-line messages. */
function causeChain(error) {
    const lines = [];
    const seen = new Set();
    let current = error;
    while (current !== undefined && current !== null && !seen.has(current) && lines.length < 10) {
        seen.add(current);
        if (current instanceof Error) {
            const code = current instanceof SigilError ? `[${current.code}] ` : '';
            lines.push(`${code}${current.message}`);
            current = current.cause;
        }
        else {
            lines.push(String(current));
            current = undefined;
        }
    }
    return lines;
}
const silentLogger = Object.freeze({
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
});
/**
 * The message of anything thrown. Checks the shape, not `instanceof Error`: errors from another realm
 * (Node's own under Jest's VM modules) are not instances of this realm's Error.
 */
function messageOf(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}
/** A SigilError as is; anything else wrapped as INTERNAL (a bug: something we did not foresee) with it as the cause. */
function asSigilError(error) {
    if (isSigilError(error))
        return error;
    return new SigilError('INTERNAL', `unexpected failure: ${messageOf(error)}`, { cause: error });
}









/***/ }),

/***/ 40353:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  hR: () => (/* reexport */ signing_key_SigningKey),
  Hv: () => (/* reexport */ classifyEcdsaSignature),
  vj: () => (/* reexport */ decodePemBlocks),
  QQ: () => (/* reexport */ decodeSignatureAnnotation),
  pz: () => (/* reexport */ encodingProblem),
  Ah: () => (/* reexport */ findVerifyingKey),
  O8: () => (/* reexport */ keyAcceptsEncoding),
  PM: () => (/* reexport */ loadPrivateKey),
  CE: () => (/* reexport */ parseKeyReference),
  ee: () => (/* reexport */ public_key_parsePublicKey),
  zp: () => (/* reexport */ publicKeyFromKeyObject),
  JX: () => (/* reexport */ validateKmsKeyUri),
  s_: () => (/* reexport */ verifyPartsWithPublicKey),
  Un: () => (/* reexport */ verifyWithPublicKey)
});

// UNUSED EXPORTS: DEFAULT_ENVIRONMENTS, generateEnvironmentKeys, generateKeyPair, parsePublicKeys

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: ./node_modules/tweetnacl/nacl-fast.js
var nacl_fast = __nccwpck_require__(80668);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
;// CONCATENATED MODULE: ./packages/keys/lib/der.js
/**
 * Reads the element at `offset` (single-byte tags only, which is all ECDSA signatures and PKCS#8
 * headers use). Lengths must be in DER's minimal form; indefinite lengths are BER, not DER.
 */
function readDerElement(bytes, offset, limit = bytes.length) {
    if (offset + 2 > limit)
        return undefined;
    const tag = bytes[offset];
    const first = bytes[offset + 1];
    let length;
    let contentStart;
    if (first < 0x80) {
        length = first;
        contentStart = offset + 2;
    }
    else {
        const count = first & 0x7f;
        if (count === 0 || count > 3 || offset + 2 + count > limit)
            return undefined;
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + bytes[offset + 2 + i];
        if (length < 0x80 || bytes[offset + 2] === 0)
            return undefined;
        contentStart = offset + 2 + count;
    }
    const end = contentStart + length;
    if (end > limit)
        return undefined;
    return { tag, contentStart, end };
}
const DER_TAG = { integer: 0x02, octetString: 0x04, oid: 0x06, sequence: 0x30 };
;// CONCATENATED MODULE: ./packages/keys/lib/encrypted-key-envelope.js


/** go-securesystemslib's three accepted sets: "legacy" 2^15, "standard" 2^16, "OWASP" 2^17; all r=8, p=1. */
const ACCEPTED_SCRYPT_N = [32768, 65536, 131072];
const SECRETBOX_NONCE_BYTES = 24;
const KEY_INPUT = 'key';
function parseEncryptedKeyEnvelope(document, label) {
    const json = parseJsonObject(document, label);
    const kdf = objectField(json, 'kdf', label);
    const cipher = objectField(json, 'cipher', label);
    if (kdf.name !== 'scrypt')
        invalid(label, 'its key derivation is not scrypt');
    if (cipher.name !== 'nacl/secretbox')
        invalid(label, 'its cipher is not nacl/secretbox');
    const params = objectField(kdf, 'params', label);
    const scrypt = { N: params.N, r: params.r, p: params.p };
    if (!ACCEPTED_SCRYPT_N.includes(scrypt.N) || scrypt.r !== 8 || scrypt.p !== 1) {
        invalid(label, 'its scrypt parameters are not one of N=32768/65536/131072 with r=8, p=1');
    }
    const salt = bytesField(kdf, 'salt', 'kdf.salt', label);
    const nonce = bytesField(cipher, 'nonce', 'cipher.nonce', label);
    if (nonce.length !== SECRETBOX_NONCE_BYTES)
        invalid(label, `its nonce is not ${SECRETBOX_NONCE_BYTES} bytes`);
    const ciphertext = bytesField(json, 'ciphertext', 'ciphertext', label);
    return { scrypt: scrypt, salt, nonce, ciphertext };
}
/**
 * Compact JSON in the Go struct field order (`kdf{name,params{N,r,p},salt}`, `cipher{name,nonce}`,
 * `ciphertext`), byte for byte what cosign writes. Base64 never contains the characters Go escapes.
 */
function encrypted_key_envelope_serializeEncryptedKeyEnvelope(envelope) {
    const { N, r, p } = envelope.scrypt;
    const text = `{"kdf":{"name":"scrypt","params":{"N":${N},"r":${r},"p":${p}},"salt":"${encodeBase64(envelope.salt)}"},` +
        `"cipher":{"name":"nacl/secretbox","nonce":"${encodeBase64(envelope.nonce)}"},` +
        `"ciphertext":"${encodeBase64(envelope.ciphertext)}"}`;
    return new TextEncoder().encode(text);
}
function parseJsonObject(document, label) {
    let value;
    try {
        value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(document));
    }
    catch {
        invalid(label, 'its body is not the JSON document cosign writes');
    }
    if (!(0,lib/* isRecord */.u4)(value))
        invalid(label, 'its body is not a JSON object');
    return value;
}
function objectField(parent, name, label) {
    const value = parent[name];
    if (!(0,lib/* isRecord */.u4)(value))
        invalid(label, `its "${name}" field is missing or not an object`);
    return value;
}
function bytesField(parent, name, path, label) {
    const value = parent[name];
    const bytes = typeof value === 'string' ? (0,lib/* decodeBase64Strict */.Fm)(value) : undefined;
    if (bytes === undefined)
        invalid(label, `its "${path}" field is missing or not base64`);
    return bytes;
}
function invalid(label, problem) {
    throw new lib/* SigilError */.XU('KEY_INVALID', `the "${label}" key file is malformed: ${problem}`, {
        input: KEY_INPUT,
        hint: 'Use the key file exactly as cosign generate-key-pair wrote it (cosign.key).',
    });
}
;// CONCATENATED MODULE: ./packages/keys/lib/pem.js

const BEGIN = /^-----BEGIN ([A-Z0-9][A-Z0-9 ]*[A-Z0-9])-----$/;
/**
 * Decodes every PEM block of `text`. Only whitespace may sit between blocks, and blocks may carry no
 * headers. Problems are described by line number only: the text may be secret key material, so it is
 * never quoted back.
 */
function decodePemBlocks(text) {
    const lines = text.split('\n').map((line) => line.replace(/[ \t\r]+$/, ''));
    const blocks = [];
    let label;
    let body = [];
    for (const [index, line] of lines.entries()) {
        const lineNumber = index + 1;
        if (label === undefined) {
            if (line.trim() === '')
                continue;
            const begin = BEGIN.exec(line);
            if (begin === null)
                return { ok: false, problem: `line ${lineNumber} is not part of a PEM block` };
            label = begin[1];
            body = [];
            continue;
        }
        if (line === `-----END ${label}-----`) {
            const der = (0,lib/* decodeBase64Strict */.Fm)(body.join(''));
            if (der === undefined || der.length === 0) {
                return { ok: false, problem: `the body of the PEM block "${label}" is not valid base64` };
            }
            blocks.push({ label, der });
            label = undefined;
            continue;
        }
        if (line.startsWith('-----')) {
            return { ok: false, problem: `line ${lineNumber} is a PEM boundary that does not close "${label}"` };
        }
        if (line.includes(':')) {
            return { ok: false, problem: `the PEM block "${label}" has headers, which are not supported` };
        }
        body.push(line.trim());
    }
    if (label !== undefined)
        return { ok: false, problem: `the PEM block "${label}" has no END line` };
    if (blocks.length === 0)
        return { ok: false, problem: 'no PEM block found' };
    return { ok: true, blocks };
}
/** PEM the way Go's `pem.EncodeToMemory` writes it: 64-column base64 body, newline after the END line. */
function pem_encodePem(label, der) {
    const body = (0,lib/* encodeBase64 */.WG)(der).replace(/(.{64})/g, '$1\n');
    const wrapped = body.endsWith('\n') ? body : `${body}\n`;
    return `-----BEGIN ${label}-----\n${wrapped}-----END ${label}-----\n`;
}
;// CONCATENATED MODULE: ./packages/keys/lib/public-key.js




const MIN_RSA_BITS = 2048;
/** Parses exactly one `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) PEM block. */
function public_key_parsePublicKey(pem, options = {}) {
    const blocks = decodePublicKeyPem(pem, options);
    if (blocks.length !== 1) {
        throw new lib/* SigilError */.XU('KEY_INVALID', `expected one public key PEM block, found ${blocks.length}`, {
            input: options.input,
            field: options.field,
            hint: 'Give each public key separately, or use the input that accepts several keys.',
        });
    }
    return publicKeyFromPemBlock(blocks[0], options);
}
/** Parses every PEM block of `text` (key rotation: several trusted keys in one input); duplicates removed. */
function parsePublicKeys(text, options = {}) {
    const keys = new Map();
    for (const block of decodePublicKeyPem(text, options)) {
        const key = publicKeyFromPemBlock(block, options);
        if (!keys.has(key.id))
            keys.set(key.id, key);
    }
    return [...keys.values()];
}
/** Wraps a Node key object, refusing algorithms sigil does not verify (see `PublicKeyAlgorithm`). */
function publicKeyFromKeyObject(keyObject, options = {}) {
    const publicKey = keyObject.type === 'private' ? (0,external_node_crypto_.createPublicKey)(keyObject) : keyObject;
    const algorithm = verificationAlgorithmOf(publicKey, options);
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const digest = (0,external_node_crypto_.createHash)('sha256').update(spki).digest();
    return {
        keyObject: publicKey,
        id: digest.toString('hex'),
        hint: (0,lib/* encodeBase64 */.WG)(digest),
        pem: pem_encodePem('PUBLIC KEY', spki),
        algorithm,
    };
}
/**
 * True when `signature` over exactly `data` verifies with `key`; false for anything else, never throws.
 * The key object goes to Node as it is: for the two `PublicKeyAlgorithm`s (an `rsa` key, an `ec` key)
 * Node's defaults are exactly PKCS#1 v1.5 padding and DER-encoded ECDSA signatures, and an options object
 * (`{ key, padding }` / `{ key, dsaEncoding: 'der' }`) costs every verification a second pass through
 * Node's key preparation, about 15 µs of the 80 µs a P-256 signature takes.
 */
function verifyWithPublicKey(key, data, signature) {
    try {
        return (0,external_node_crypto_.verify)('sha256', data, key.keyObject, signature);
    }
    catch {
        return false;
    }
}
/**
 * As `verifyWithPublicKey` over the concatenation of `parts`, hashed part by part: a DSSE PAE of a large
 * payload is verified without ever being assembled.
 */
function verifyPartsWithPublicKey(key, parts, signature) {
    try {
        const verifier = (0,external_node_crypto_.createVerify)('sha256');
        for (const part of parts)
            verifier.update(part);
        return verifier.verify(key.keyObject, signature);
    }
    catch {
        return false;
    }
}
function decodePublicKeyPem(text, options) {
    const decoded = decodePemBlocks(text);
    if (!decoded.ok) {
        throw new lib/* SigilError */.XU('KEY_INVALID', `not a PEM public key: ${decoded.problem}`, {
            input: options.input,
            field: options.field,
            hint: 'Pass the PEM text of a public key ("-----BEGIN PUBLIC KEY-----", e.g. cosign.pub).',
        });
    }
    return decoded.blocks;
}
function publicKeyFromPemBlock(block, options) {
    if (block.label !== 'PUBLIC KEY' && block.label !== 'RSA PUBLIC KEY') {
        const isPrivate = block.label.includes('PRIVATE KEY');
        throw new lib/* SigilError */.XU('KEY_INVALID', isPrivate
            ? `a private key ("${block.label}" PEM block) was given where a public key is expected`
            : `unsupported PEM block "${block.label}" where a public key is expected`, {
            input: options.input,
            field: options.field,
            hint: isPrivate
                ? 'Never pass a private key here; pass the public key file (cosign.pub).'
                : 'Pass a "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" PEM block.',
        });
    }
    let keyObject;
    try {
        keyObject = (0,external_node_crypto_.createPublicKey)({
            key: Buffer.from(block.der),
            format: 'der',
            type: block.label === 'PUBLIC KEY' ? 'spki' : 'pkcs1',
        });
    }
    catch (cause) {
        throw new lib/* SigilError */.XU('KEY_INVALID', `the "${block.label}" PEM block does not hold a valid public key`, {
            cause,
            input: options.input,
            field: options.field,
            hint: 'Check that the key file was copied completely (e.g. the output of cosign public-key).',
        });
    }
    return publicKeyFromKeyObject(keyObject, options);
}
function verificationAlgorithmOf(key, options) {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1')
        return 'ecdsa-p256-sha256';
    if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= MIN_RSA_BITS) {
        return 'rsa-pkcs1v15-sha256';
    }
    throw new lib/* SigilError */.XU('KEY_UNSUPPORTED', `unsupported public key: ${describeKey(key)}`, {
        input: options.input,
        field: options.field,
        hint: 'sigil verifies ECDSA P-256 and RSA (2048 bits or more) keys with SHA-256, as podman and skopeo do; ' +
            'create keys with cosign generate-key-pair.',
    });
}
function describeKey(key) {
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
        case 'ec':
            return `ECDSA key on curve ${details.namedCurve ?? 'unknown'}`;
        case 'rsa':
            return `RSA key of ${details.modulusLength ?? 'unknown'} bits`;
        case 'ed25519':
            return 'Ed25519 key';
        default:
            return `${key.asymmetricKeyType ?? 'unknown'} key`;
    }
}
;// CONCATENATED MODULE: ./packages/keys/lib/signing-key.js



/**
 * A private key that signs cosign payloads: ECDSA P-256, SHA-256, ASN.1 DER signatures — the one
 * combination cosign, podman and skopeo all verify. The key object is kept in a private field so it is
 * never serialised, logged or enumerated.
 */
class signing_key_SigningKey {
    #privateKey;
    publicKey;
    constructor(privateKey) {
        if (privateKey.type !== 'private') {
            throw new lib/* SigilError */.XU('INTERNAL', 'SigningKey needs a private key object');
        }
        if (privateKey.asymmetricKeyType !== 'ec' ||
            privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
            throw new lib/* SigilError */.XU('KEY_UNSUPPORTED', `cannot sign with an ${describeKey(privateKey)}`, {
                field: 'signing-key',
                hint: 'sigil signs with ECDSA P-256 only; create a key with cosign generate-key-pair.',
            });
        }
        this.#privateKey = privateKey;
        this.publicKey = publicKeyFromKeyObject(privateKey);
    }
    /** ECDSA P-256 / SHA-256 signature over exactly `data`, ASN.1 DER encoded. */
    sign(data) {
        return new Uint8Array((0,external_node_crypto_.sign)('sha256', data, { key: this.#privateKey, dsaEncoding: 'der' }));
    }
    /**
     * The same signature over the concatenation of `parts`, hashed part by part, so a large message (a DSSE
     * PAE around a big statement) is never assembled in memory.
     */
    signParts(parts) {
        const signer = (0,external_node_crypto_.createSign)('sha256');
        for (const part of parts)
            signer.update(part);
        return new Uint8Array(signer.sign({ key: this.#privateKey, dsaEncoding: 'der' }));
    }
}
;// CONCATENATED MODULE: ./packages/keys/lib/key-file.js








const FORMATS = {
    current: { label: 'ENCRYPTED SIGSTORE PRIVATE KEY', N: 65536 },
    legacy: { label: 'ENCRYPTED COSIGN PRIVATE KEY', N: 32768 },
};
const ACCEPTED_LABELS = [FORMATS.current.label, FORMATS.legacy.label];
const key_file_KEY_INPUT = 'key';
const PASSWORD_INPUT = 'key-password';
const SCRYPT_KEY_BYTES = 32;
const SALT_BYTES = 32;
/**
 * scrypt needs about 128·N·r bytes (128 MiB for N=131072), above Node's 32 MiB default, which even
 * N=32768 exceeds once OpenSSL's overhead is counted.
 */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const ED25519_OID = Uint8Array.of(0x2b, 0x65, 0x70);
/**
 * Loads a cosign key file (`cosign generate-key-pair` / `cosign import-key-pair` output) and decrypts it.
 * Neither the password nor any key byte ever appears in an error.
 */
async function loadPrivateKey(pem, password) {
    const decoded = decodePemBlocks(pem);
    if (!decoded.ok) {
        throw new lib/* SigilError */.XU('KEY_INVALID', `the key is not a PEM key file: ${decoded.problem}`, {
            input: key_file_KEY_INPUT,
            hint: 'Pass the content (or path) of a cosign key file, e.g. cosign.key from cosign generate-key-pair.',
        });
    }
    const [block, ...rest] = decoded.blocks;
    if (block === undefined || rest.length > 0) {
        throw new lib/* SigilError */.XU('KEY_INVALID', `the key file holds ${decoded.blocks.length} PEM blocks, expected one`, {
            input: key_file_KEY_INPUT,
            hint: 'Pass a single cosign key file.',
        });
    }
    if (!ACCEPTED_LABELS.includes(block.label)) {
        throw new lib/* SigilError */.XU('KEY_UNSUPPORTED', `unsupported PEM type "${block.label}": a cosign encrypted key file ("${FORMATS.current.label}" or ` +
            `"${FORMATS.legacy.label}") is expected`, {
            input: key_file_KEY_INPUT,
            hint: 'Create a key with cosign generate-key-pair, or convert an existing PEM key with cosign import-key-pair.',
        });
    }
    const envelope = parseEncryptedKeyEnvelope(block.der, block.label);
    const plaintext = await decrypt(envelope, password);
    try {
        return signingKeyFromPkcs8(plaintext, block.label);
    }
    finally {
        plaintext.fill(0);
    }
}
/** A fresh ECDSA P-256 key pair, the private key encrypted with `password` exactly as cosign does. */
async function key_file_generateKeyPair(password, options = {}) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = await encryptPrivateKey(privateKey, password, options);
    return { privateKeyPem, publicKeyPem: new SigningKey(privateKey).publicKey.pem };
}
/** Encrypts an ECDSA P-256 private key into a cosign key file (PKCS#8 DER → scrypt + secretbox → PEM). */
async function encryptPrivateKey(privateKey, password, options = {}) {
    new SigningKey(privateKey); // throws KEY_UNSUPPORTED for anything but ECDSA P-256
    const format = FORMATS[options.format ?? 'current'];
    const scryptParameters = { N: format.N, r: 8, p: 1 };
    const salt = new Uint8Array(randomBytes(SALT_BYTES));
    const nonce = new Uint8Array(randomBytes(nacl.secretbox.nonceLength));
    const plaintext = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
    const key = await deriveKey(password, salt, scryptParameters);
    try {
        const ciphertext = nacl.secretbox(plaintext, nonce, key);
        const envelope = { scrypt: scryptParameters, salt, nonce, ciphertext };
        return encodePem(format.label, serializeEncryptedKeyEnvelope(envelope));
    }
    finally {
        key.fill(0);
        plaintext.fill(0);
    }
}
async function decrypt(envelope, password) {
    const key = await deriveKey(password, envelope.salt, envelope.scrypt);
    try {
        const plaintext = nacl_fast.secretbox.open(envelope.ciphertext, envelope.nonce, key);
        if (plaintext === null) {
            throw new lib/* SigilError */.XU('KEY_PASSWORD', 'the key file could not be decrypted: the password is wrong', {
                input: PASSWORD_INPUT,
                hint: 'Set key-password (or COSIGN_PASSWORD) to the password the key was created with; an empty password ' +
                    'is valid, and a password piped to cosign keeps its trailing newline.',
            });
        }
        return plaintext;
    }
    finally {
        key.fill(0);
    }
}
function deriveKey(password, salt, parameters) {
    const secret = Buffer.from(password, 'utf8');
    return new Promise((resolve, reject) => {
        (0,external_node_crypto_.scrypt)(secret, salt, SCRYPT_KEY_BYTES, { ...parameters, maxmem: SCRYPT_MAXMEM }, (error, derived) => {
            secret.fill(0);
            if (error !== null) {
                reject(new lib/* SigilError */.XU('INTERNAL', 'scrypt key derivation failed', { cause: error }));
            }
            else {
                resolve(new Uint8Array(derived.buffer, derived.byteOffset, derived.byteLength));
            }
        });
    });
}
function signingKeyFromPkcs8(plaintext, label) {
    let privateKey;
    try {
        privateKey = (0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(plaintext), format: 'der', type: 'pkcs8' });
    }
    catch (cause) {
        throw notPkcs8(plaintext, label, cause);
    }
    if (privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
        return new signing_key_SigningKey(privateKey);
    }
    throw unsupportedAlgorithm(describeKey(privateKey), label, privateKey.asymmetricKeyType === 'ed25519');
}
function notPkcs8(plaintext, label, cause) {
    if (isSec1EcKey(plaintext)) {
        return new lib/* SigilError */.XU('KEY_UNSUPPORTED', `the "${label}" key file decrypts to a SEC1 "EC PRIVATE KEY", not PKCS#8; cosign rejects it too ` +
            '(x509: failed to parse private key)', {
            input: key_file_KEY_INPUT,
            hint: 'Re-encrypt the key with cosign import-key-pair, which writes PKCS#8.',
        });
    }
    if (hasPkcs8AlgorithmOid(plaintext, ED25519_OID))
        return unsupportedAlgorithm('Ed25519 key', label, true);
    return new lib/* SigilError */.XU('KEY_INVALID', `the "${label}" key file does not decrypt to a PKCS#8 private key`, {
        cause: new Error('PKCS#8 parsing failed', { cause }),
        input: key_file_KEY_INPUT,
        hint: 'Use the key file exactly as cosign generate-key-pair wrote it.',
    });
}
function unsupportedAlgorithm(description, label, isEd25519) {
    const why = isEd25519
        ? 'cosign signs with Ed25519ph while podman and skopeo verify plain Ed25519, so the signatures would not ' +
            'verify everywhere'
        : 'ECDSA P-256 with SHA-256 is the one algorithm that cosign, podman and skopeo all verify alike';
    return new lib/* SigilError */.XU('KEY_UNSUPPORTED', `the "${label}" key file holds an ${description}; sigil signs only with ECDSA P-256: ${why}`, { input: key_file_KEY_INPUT, hint: 'Create an ECDSA P-256 key with cosign generate-key-pair.' });
}
function isSec1EcKey(der) {
    try {
        return ((0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(der), format: 'der', type: 'sec1' }).asymmetricKeyType === 'ec');
    }
    catch {
        return false;
    }
}
/** PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm SEQUENCE { OID, … }, … } */
function hasPkcs8AlgorithmOid(der, oid) {
    const info = readDerElement(der, 0);
    if (info?.tag !== DER_TAG.sequence)
        return false;
    const version = readDerElement(der, info.contentStart, info.end);
    if (version?.tag !== DER_TAG.integer)
        return false;
    const algorithm = readDerElement(der, version.end, info.end);
    if (algorithm?.tag !== DER_TAG.sequence)
        return false;
    const identifier = readDerElement(der, algorithm.contentStart, algorithm.end);
    if (identifier?.tag !== DER_TAG.oid)
        return false;
    return Buffer.from(der.subarray(identifier.contentStart, identifier.end)).equals(oid);
}
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./packages/keys/lib/environment-keys.js







/** The environments a promotion pipeline usually signs for, in promotion order. */
const DEFAULT_ENVIRONMENTS = (/* unused pure expression or super */ null && (['dev', 'stage', 'prod']));
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/**
 * Generates one ECDSA P-256 cosign key pair per environment: `<publicKeyDir>/<env>.pub` (PEM, for the
 * repository and verify-gate's `public-keys`) and `<privateKeyDir>/<env>.key` (a cosign key file,
 * scrypt + secretbox as `cosign generate-key-pair` writes it, mode 0600). All or nothing: every key is
 * generated before the first write, no existing file is ever replaced, and a failed write removes the key
 * files this call wrote. Each environment needs its own password. Keys that live in a secret manager are created there with cosign instead (see
 * docs/keys.md); this is for key files.
 */
async function generateEnvironmentKeys(request) {
    const environments = checkedEnvironments(request.environments);
    const publicKeyDir = resolve(request.publicKeyDir);
    const privateKeyDir = resolve(request.privateKeyDir);
    if (isWithin(privateKeyDir, publicKeyDir)) {
        throw new SigilError('INPUT_INVALID', `the private key folder ${privateKeyDir} is inside the public key folder ${publicKeyDir}`, {
            field: 'key-directory',
            hint: 'Keep private keys out of the folder that is committed; write them outside the repository.',
        });
    }
    const passwords = environments.map((environment) => {
        const password = request.passwordFor(environment);
        if (password.length === 0) {
            throw new SigilError('KEY_PASSWORD', `no password for the ${environment} key`, {
                field: 'key-password',
                hint: 'Give every environment its own non-empty password; cosign reads it from COSIGN_PASSWORD.',
            });
        }
        return password;
    });
    const shared = environments.find((environment, index) => passwords.indexOf(passwords[index] ?? '') !== index);
    if (shared !== undefined) {
        throw new SigilError('KEY_PASSWORD', `the ${shared} key would have the password of another environment`, {
            field: 'key-password',
            hint: "Give every environment its own password: one leaked password must not open another stage's key.",
        });
    }
    const planned = await Promise.all(environments.map(async (environment, index) => {
        const pair = await generateKeyPair(passwords[index] ?? '');
        return {
            environment,
            pair,
            publicKeyPath: join(publicKeyDir, `${environment}.pub`),
            privateKeyPath: join(privateKeyDir, `${environment}.key`),
            keyId: parsePublicKey(pair.publicKeyPem).id,
        };
    }));
    const written = [];
    try {
        for (const key of planned) {
            for (const path of [key.publicKeyPath, key.privateKeyPath])
                await refuseExisting(path);
        }
        await mkdir(publicKeyDir, { recursive: true });
        await mkdir(privateKeyDir, { recursive: true, mode: 0o700 });
        for (const key of planned) {
            await writeNew(key.privateKeyPath, key.pair.privateKeyPem, 0o600);
            written.push(key.privateKeyPath);
            await writeNew(key.publicKeyPath, key.pair.publicKeyPem, 0o644);
            written.push(key.publicKeyPath);
        }
    }
    catch (error) {
        await Promise.all(written.map((path) => rm(path, { force: true })));
        if (error instanceof SigilError)
            throw error;
        throw new SigilError('INPUT_INVALID', `could not write the environment keys: ${messageOf(error)}`, {
            cause: error,
            hint: 'Check that both folders can be created and written; no key file was left behind.',
        });
    }
    return planned.map(({ environment, publicKeyPath, privateKeyPath, keyId }) => ({
        environment,
        publicKeyPath,
        privateKeyPath,
        keyId,
    }));
}
function checkedEnvironments(environments) {
    if (environments.length === 0) {
        throw new SigilError('INPUT_INVALID', 'no environments given', {
            field: 'environment-names',
            hint: `Name at least one, e.g. ${DEFAULT_ENVIRONMENTS.join(', ')}.`,
        });
    }
    const seen = new Set();
    for (const environment of environments) {
        if (!ENVIRONMENT_NAME.test(environment)) {
            throw new SigilError('INPUT_INVALID', `"${environment}" is not an environment name`, {
                field: 'environment-names',
                hint: 'Use lowercase letters, digits and -, starting with a letter (at most 32), e.g. prod or eu-prod.',
            });
        }
        if (seen.has(environment)) {
            throw new SigilError('INPUT_INVALID', `environment "${environment}" is listed twice`, {
                field: 'environment-names',
                hint: 'List each environment once.',
            });
        }
        seen.add(environment);
    }
    return [...environments];
}
function isWithin(path, folder) {
    const rel = relative(folder, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
async function refuseExisting(path) {
    const existing = await lstat(path).catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    });
    if (existing !== undefined) {
        throw new SigilError('INPUT_INVALID', `${path} already exists; keys are never overwritten`, {
            hint: 'Move the old key away first (rotation: keep the old public key in public-keys until every image is re-signed).',
        });
    }
}
/**
 * Writes `content` to `path`, which must not exist: the bytes go to a temporary name in the same folder
 * first and are hard-linked into place (link fails if `path` appeared meanwhile), so `path` is either
 * absent or complete.
 */
async function writeNew(path, content, mode) {
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, content, {
        mode,
        flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
    });
    try {
        await link(temporary, path);
    }
    finally {
        await rm(temporary, { force: true });
    }
}
;// CONCATENATED MODULE: ./packages/keys/lib/kms-key-uri.js

/** Key URIs sigil hands to the cosign CLI verbatim: the KMS providers and Kubernetes secrets. */
const KMS_SCHEMES = ['awskms', 'gcpkms', 'azurekms', 'hashivault', 'k8s'];
const HOST = String.raw `(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?`;
const AWS_KEY_ID = String.raw `(?:[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}|mrk-[A-Fa-f0-9]{32})`;
const AWS_ARN = String.raw `arn:(?:aws|aws-us-gov|aws-cn):kms:[a-z0-9-]+:\d{12}:`;
const AWS_ALIAS = String.raw `alias/[A-Za-z0-9/_-]+`;
const GCP_SEGMENT = String.raw `[A-Za-z0-9][A-Za-z0-9_.:-]*`;
const DNS_LABEL = String.raw `[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;
/**
 * The shape of each provider's key URI, as the cosign CLI (sigstore's KMS clients and its Kubernetes
 * secret reader) parses them — narrowed to characters those services allow, so nothing that could be
 * read as a flag, a path or a shell word reaches cosign.
 */
const SHAPES = {
    awskms: {
        pattern: new RegExp(String.raw `^awskms://(?:${HOST})?/(?:${AWS_KEY_ID}|${AWS_ARN}key/${AWS_KEY_ID}|${AWS_ALIAS}|${AWS_ARN}${AWS_ALIAS})$`),
        example: 'awskms:///alias/release, awskms:///arn:aws:kms:us-east-1:123456789012:key/<key id>',
    },
    gcpkms: {
        pattern: new RegExp(String.raw `^gcpkms://projects/${GCP_SEGMENT}/locations/${GCP_SEGMENT}/keyRings/${GCP_SEGMENT}/cryptoKeys/${GCP_SEGMENT}(?:/(?:cryptoKeyVersions|versions)/\d+)?$`),
        example: 'gcpkms://projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
    },
    azurekms: {
        pattern: new RegExp(String.raw `^azurekms://${HOST}/[A-Za-z0-9-]{1,127}(?:/[a-z0-9]+)?$`),
        example: 'azurekms://VAULT.vault.azure.net/KEY',
    },
    hashivault: {
        pattern: /^hashivault:\/\/\w(?:[\w.-]*\w)?$/,
        example: 'hashivault://KEY (with VAULT_ADDR and VAULT_TOKEN in the step env)',
    },
    k8s: {
        // Namespace: an RFC 1123 label; secret name: an RFC 1123 subdomain (what Kubernetes accepts).
        pattern: new RegExp(String.raw `^k8s://${DNS_LABEL}/${DNS_LABEL}(?:\.${DNS_LABEL})*$`),
        example: 'k8s://NAMESPACE/SECRET, e.g. k8s://troubleshooting-agent/prod',
    },
};
const MAX_URI_LENGTH = 2048;
/**
 * Checks that `uri` (already known to start with `scheme://`) has the shape its provider requires, and
 * returns it unchanged: it is passed to cosign verbatim. A wrong shape is INPUT_INVALID naming `input`.
 */
function validateKmsKeyUri(uri, scheme, input) {
    const shape = SHAPES[scheme];
    if (uri.length <= MAX_URI_LENGTH && shape.pattern.test(uri))
        return uri;
    throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\`: "${shown(uri)}" is not a valid ${scheme}:// key URI`, {
        input,
        hint: `Write it as ${shape.example}.`,
    });
}
function shown(text) {
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
;// CONCATENATED MODULE: ./packages/keys/lib/key-reference.js


const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/**
 * Classifies one key value of `input`. A KMS or Kubernetes URI is checked against its provider's shape
 * (and must be written in lower case, as cosign matches schemes); a malformed `env://` or an unknown
 * `scheme://` is an input error.
 */
function parseKeyReference(value, input) {
    const text = value.trim();
    if (text.startsWith('-----BEGIN '))
        return { kind: 'pem', pem: text };
    const written = URI_SCHEME.exec(text)?.[1];
    if (written === undefined)
        return { kind: 'file', path: text };
    const scheme = written.toLowerCase();
    if (scheme === 'env') {
        const name = text.slice('env://'.length);
        if (!ENV_NAME.test(name)) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\`: "${text}" does not name an environment variable`, {
                input,
                hint: `Write env://NAME, e.g. env://COSIGN_KEY, with NAME set in the step's env.`,
            });
        }
        return { kind: 'env', name };
    }
    if (isKmsScheme(scheme)) {
        if (written !== scheme) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\`: write the scheme of "${text}" in lower case`, {
                input,
                hint: `cosign recognises ${scheme}:// only in lower case.`,
            });
        }
        return { kind: 'kms', scheme, uri: validateKmsKeyUri(text, scheme, input) };
    }
    throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\`: unknown key URI scheme "${scheme}://"`, {
        input,
        hint: `Pass a file path, env://NAME, or one of ${KMS_SCHEMES.map((s) => `${s}://`).join(', ')}.`,
    });
}
function isKmsScheme(scheme) {
    return KMS_SCHEMES.includes(scheme);
}
;// CONCATENATED MODULE: ./packages/keys/lib/signature-encoding.js


/** r‖s for P-256 is two 32-byte integers. */
const P256_P1363_LENGTH = 64;
function classifyEcdsaSignature(signature) {
    if (isStrictDerEcdsaSignature(signature))
        return 'der';
    if (signature.length === P256_P1363_LENGTH)
        return 'p1363';
    return 'invalid';
}
function isStrictDerEcdsaSignature(signature) {
    const sequence = readDerElement(signature, 0);
    if (sequence === undefined || sequence.tag !== DER_TAG.sequence || sequence.end !== signature.length)
        return false;
    const r = readDerElement(signature, sequence.contentStart, sequence.end);
    if (r === undefined || !isPositiveMinimalInteger(signature, r.tag, r.contentStart, r.end))
        return false;
    const s = readDerElement(signature, r.end, sequence.end);
    if (s === undefined || !isPositiveMinimalInteger(signature, s.tag, s.contentStart, s.end))
        return false;
    return s.end === sequence.end;
}
/** ECDSA's r and s are in [1, n-1]: positive, so no sign bit, and DER forbids redundant leading zeros. */
function isPositiveMinimalInteger(bytes, tag, start, end) {
    if (tag !== DER_TAG.integer || end <= start)
        return false;
    const first = bytes[start];
    if (first >= 0x80)
        return false;
    if (first === 0x00) {
        if (end - start === 1)
            return false;
        return bytes[start + 1] >= 0x80;
    }
    return true;
}
/** Decodes the `dev.cosignproject.cosign/signature` annotation value (std base64, padded, nothing else). */
function decodeSignatureAnnotation(value) {
    if (value === '')
        return { ok: false, message: 'the signature annotation is empty' };
    const signature = (0,lib/* decodeBase64Strict */.Fm)(value);
    if (signature === undefined) {
        return { ok: false, message: 'the signature annotation is not standard padded base64' };
    }
    return { ok: true, signature };
}
;// CONCATENATED MODULE: ./packages/keys/lib/verifying-key.js

/**
 * The first of `keys` with which `signature` verifies over the concatenation of `parts` (a `.sig` payload
 * is one part; a DSSE PAE is its header and the payload).
 */
function findVerifyingKey(keys, parts, signature, encoding) {
    return keys.find((key) => keyAcceptsEncoding(key, signature, encoding) && verifyPartsWithPublicKey(key, parts, signature));
}
/** ECDSA keys take DER signatures only; RSA signatures are exactly as long as the modulus. */
function keyAcceptsEncoding(key, signature, encoding) {
    if (key.algorithm === 'ecdsa-p256-sha256')
        return encoding === 'der';
    const bits = key.keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    return signature.length === Math.ceil(bits / 8);
}
function encodingProblem(encoding, signature) {
    if (encoding === 'p1363') {
        return ('P1363 signature: the signature is a 64-byte IEEE P1363 r‖s value, not ASN.1 DER; cosign and podman ' +
            'reject these (WebCrypto output must be converted to DER)');
    }
    return `the signature (${signature.length} bytes) is not an ASN.1 DER ECDSA signature`;
}
;// CONCATENATED MODULE: ./packages/keys/lib/index.js










/***/ }),

/***/ 80225:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Z2: () => (/* reexport */ MEDIA_TYPES),
  bP: () => (/* reexport */ RegistryClient),
  o1: () => (/* reexport */ SchemePolicy),
  nZ: () => (/* reexport */ createCredentialSource),
  qY: () => (/* reexport */ credentialHelperServerUrl),
  wV: () => (/* reexport */ dockerRepositoryOf),
  VE: () => (/* reexport */ groupByDigest),
  Dv: () => (/* reexport */ imageNotFound),
  g5: () => (/* reexport */ indexChildren),
  is: () => (/* reexport */ isManifestDigest),
  q9: () => (/* reexport */ isSha256Digest),
  as: () => (/* reexport */ manifestTree),
  Cj: () => (/* reexport */ parseDockerConfig),
  B2: () => (/* reexport */ parseImageList),
  F2: () => (/* reexport */ parseReference),
  ct: () => (/* reexport */ pinnedReference),
  l$: () => (/* reexport */ processExec),
  aR: () => (/* reexport */ repositoryName),
  rt: () => (/* reexport */ requireImage),
  BC: () => (/* reexport */ resolveImageTarget),
  sI: () => (/* reexport */ sha256Digest),
  yA: () => (/* reexport */ uniqueTargets)
});

// UNUSED EXPORTS: MANIFEST_ACCEPT, NodeHttpTransport, TransientFailure, backoffDelay, formatReference, isLoopbackHost, isRetryableStatus, parseRetryAfter, transientFailureOf

;// CONCATENATED MODULE: ./packages/oci/lib/types.js
/**
 * The contract of the registry client. packages/cosign and packages/gate depend only on these
 * types, so they can be tested against any implementation of `Registry` (the real one talks to a
 * Docker Distribution registry in the integration tests).
 */
const MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
};
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(77030);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
;// CONCATENATED MODULE: ./packages/oci/lib/digest.js


const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** `sha256:<hex>` of exactly these bytes. */
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
function isSha256Digest(value) {
    return SHA256_DIGEST.test(value);
}
/** Throws CONTENT_DIGEST_MISMATCH unless `bytes` hash to `expected`. */
function verifyDigest(bytes, expected, what) {
    const actual = sha256Digest(bytes);
    if (actual !== expected) {
        throw new lib/* SigilError */.XU('CONTENT_DIGEST_MISMATCH', `${what} has digest ${actual} but ${expected} was expected; the registry served different content`);
    }
    return actual;
}
;// CONCATENATED MODULE: ./packages/oci/lib/reference.js



/** Where Docker Hub references resolve: the host cosign and go-containerregistry use. */
const DOCKER_HUB_REGISTRY = 'index.docker.io';
const NAME_MAX_LENGTH = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;
const HINT = 'Write it as registry/repository:tag or registry/repository@sha256:<64 lowercase hex>.';
/** Distribution's tag grammar. */
function isTag(value) {
    return TAG.test(value);
}
/** Distribution's repository grammar: lowercase path components separated by single slashes. */
function isRepositoryPath(value) {
    return value.split('/').every((component) => PATH_COMPONENT.test(component));
}
function invalid(input, reason) {
    return new lib/* SigilError */.XU('REFERENCE_INVALID', `image reference "${input}" is invalid: ${reason}`, {
        hint: HINT,
    });
}
/**
 * Parses an image reference strictly and normalises Docker Hub names (`busybox` →
 * `index.docker.io/library/busybox:latest`). A reference without tag or digest gets the tag `latest`.
 */
function parseReference(input) {
    const { name, tag, digest } = splitReference(input);
    const repo = parseName(input, name);
    if (tag === undefined && digest === undefined)
        return { ...repo, tag: 'latest' };
    return {
        ...repo,
        ...(tag === undefined ? {} : { tag }),
        ...(digest === undefined ? {} : { digest }),
    };
}
/** `registry/repository[:tag][@digest]`, the normalised form. */
function formatReference(ref) {
    let text = repositoryName(ref);
    if (ref.tag !== undefined)
        text += `:${ref.tag}`;
    if (ref.digest !== undefined)
        text += `@${ref.digest}`;
    return text;
}
/** `registry/repository`: the identity cosign writes into signature payloads. */
function repositoryName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
function splitReference(input) {
    if (input.length === 0)
        throw invalid(input, 'it is empty');
    if (/\s/.test(input))
        throw invalid(input, 'it contains whitespace');
    const parts = input.split('@');
    if (parts.length > 2)
        throw invalid(input, 'it contains more than one "@"');
    const [nameAndTag = '', digest] = parts;
    if (digest !== undefined)
        checkDigest(input, digest);
    const lastSlash = nameAndTag.lastIndexOf('/');
    const colon = nameAndTag.indexOf(':', lastSlash + 1);
    if (colon < 0)
        return { name: nameAndTag, ...(digest === undefined ? {} : { digest }) };
    const tag = nameAndTag.slice(colon + 1);
    if (!isTag(tag)) {
        throw invalid(input, `tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`);
    }
    return { name: nameAndTag.slice(0, colon), tag, ...(digest === undefined ? {} : { digest }) };
}
function checkDigest(input, digest) {
    if (isSha256Digest(digest))
        return;
    if (!digest.startsWith('sha256:')) {
        throw invalid(input, `digest "${digest}" is not supported: only sha256:<64 lowercase hex> digests are`);
    }
    throw invalid(input, `digest "${digest}" must be "sha256:" followed by 64 lowercase hex characters`);
}
function parseName(input, name) {
    if (name.length === 0)
        throw invalid(input, 'the repository name is empty');
    const firstSlash = name.indexOf('/');
    const first = firstSlash < 0 ? name : name.slice(0, firstSlash);
    const hasRegistry = firstSlash >= 0 && looksLikeRegistry(first);
    // Host names are case-insensitive; one spelling keeps identities comparable.
    let registry = hasRegistry ? first.toLowerCase() : DOCKER_HUB_REGISTRY;
    let repository = hasRegistry ? name.slice(firstSlash + 1) : name;
    if (hasRegistry)
        checkRegistry(input, registry);
    if (registry === 'docker.io')
        registry = DOCKER_HUB_REGISTRY;
    for (const component of repository.split('/'))
        checkPathComponent(input, component);
    if (registry === DOCKER_HUB_REGISTRY && !repository.includes('/'))
        repository = `library/${repository}`;
    if (registry.length + 1 + repository.length > NAME_MAX_LENGTH) {
        throw invalid(input, `the name is longer than ${NAME_MAX_LENGTH} characters`);
    }
    return { registry, repository };
}
/** Docker's rule: the first component is a registry if it has a "." or ":", is `localhost`, or is an IPv6 literal. */
function looksLikeRegistry(component) {
    return (component.includes('.') ||
        component.includes(':') ||
        component === 'localhost' ||
        component.startsWith('[') ||
        component !== component.toLowerCase());
}
function checkRegistry(input, registry) {
    let host = registry;
    let port;
    if (registry.startsWith('[')) {
        const close = registry.indexOf(']');
        if (close < 0)
            throw invalid(input, `registry "${registry}" has an unclosed "["`);
        host = registry.slice(1, close);
        const rest = registry.slice(close + 1);
        if (rest !== '' && !rest.startsWith(':'))
            throw invalid(input, `registry "${registry}" is malformed`);
        if (rest !== '')
            port = rest.slice(1);
        if (!(0,external_node_net_.isIPv6)(host))
            throw invalid(input, `registry "${registry}" is not a valid IPv6 address`);
    }
    else {
        const colon = registry.indexOf(':');
        if (colon >= 0) {
            host = registry.slice(0, colon);
            port = registry.slice(colon + 1);
        }
        const valid = (0,external_node_net_.isIPv4)(host) || host.split('.').every((label) => DOMAIN_LABEL.test(label));
        if (!valid)
            throw invalid(input, `registry host "${host}" is not a valid host name`);
    }
    if (port !== undefined && (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)) {
        throw invalid(input, `registry port "${port}" must be a number from 1 to 65535`);
    }
}
function checkPathComponent(input, component) {
    if (component.length === 0)
        throw invalid(input, 'the repository has an empty path component');
    if (PATH_COMPONENT.test(component))
        return;
    if (PATH_COMPONENT.test(component.toLowerCase())) {
        throw invalid(input, `repository component "${component}" must be lowercase`);
    }
    throw invalid(input, `repository component "${component}" may only contain lowercase letters, digits and single separators (".", "_", "__", "-")`);
}
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(37067);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: ./packages/oci/lib/transport.js




function headerValue(response, name) {
    return response.headers[name.toLowerCase()]?.[0];
}
/** node:http/https with keep-alive agents and a client-wide limit on requests in flight. */
class NodeHttpTransport {
    #limit;
    #httpAgent;
    #httpsAgent;
    #idleTimeoutMs;
    #defaultMaxBodyBytes;
    constructor(options = {}) {
        const concurrency = options.concurrency ?? 8;
        this.#limit = new lib/* ConcurrencyLimit */.DM(concurrency);
        this.#httpAgent = new external_node_http_.Agent({ keepAlive: true, maxSockets: concurrency });
        this.#httpsAgent = new external_node_https_namespaceObject.Agent({ keepAlive: true, maxSockets: concurrency });
        this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
        this.#defaultMaxBodyBytes = options.defaultMaxBodyBytes ?? 512 * 1024 * 1024;
    }
    /** Requests currently on the wire. */
    get inFlight() {
        return this.#limit.active;
    }
    send = (request) => this.#limit.run(() => this.#send(request));
    /** Closes idle keep-alive sockets. */
    close() {
        this.#httpAgent.destroy();
        this.#httpsAgent.destroy();
    }
    #send(request) {
        const https = request.url.protocol === 'https:';
        const send = https ? external_node_https_namespaceObject.request : external_node_http_.request;
        const headers = { ...request.headers };
        if (request.body !== undefined)
            headers['content-length'] = String(request.body.byteLength);
        const maxBodyBytes = request.maxBodyBytes ?? this.#defaultMaxBodyBytes;
        return new Promise((resolve, reject) => {
            const req = send(request.url, {
                method: request.method,
                headers,
                agent: https ? this.#httpsAgent : this.#httpAgent,
            });
            // Whether a connection was made tells "slow" from "unreachable" when the deadline comes.
            let connected = false;
            req.on('socket', (socket) => {
                if (socket.connecting)
                    socket.once('connect', () => (connected = true));
                else
                    connected = true;
            });
            const deadline = request.timeoutMs === undefined
                ? undefined
                : setTimeout(() => req.destroy(Object.assign(coded('request deadline reached', 'SIGIL_DEADLINE'), { connected })), sharedTimerDuration(request.timeoutMs));
            const settle = () => deadline !== undefined && clearTimeout(deadline);
            req.setTimeout(this.#idleTimeoutMs, () => req.destroy(coded(`no data for ${this.#idleTimeoutMs} ms`, 'SIGIL_IDLE_TIMEOUT')));
            req.on('error', (error) => {
                settle();
                reject(error);
            });
            req.on('response', (res) => {
                readBody(res, request.method === 'HEAD' ? 0 : maxBodyBytes, request.url).then((body) => {
                    settle();
                    resolve({ status: res.statusCode ?? 0, headers: collectHeaders(res.rawHeaders), body });
                }, (error) => {
                    settle();
                    req.destroy();
                    reject(error);
                });
            });
            req.end(request.body === undefined
                ? undefined
                : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength));
        });
    }
}
/**
 * Node keeps one timer list per distinct duration, and a list that is created or emptied costs a priority
 * queue update. The registry client's deadlines are "what is left of the client's budget", a different
 * millisecond count for nearly every request; above two seconds they are taken down to whole seconds, so
 * requests share lists, at the price of a request failing at most a second before the client's deadline.
 */
function sharedTimerDuration(ms) {
    return ms >= 2_000 ? ms - (ms % 1_000) : ms;
}
/** The body in one copy, in memory of its own: not Node's shared pool, which a small body would keep alive. */
function joinChunks(chunks, total) {
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return body;
}
function coded(message, code) {
    return Object.assign(new Error(message), { code });
}
function collectHeaders(raw) {
    const headers = {};
    for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] ?? '').toLowerCase();
        (headers[name] ??= []).push(raw[i + 1] ?? '');
    }
    return headers;
}
function readBody(res, maxBytes, url) {
    return new Promise((resolve, reject) => {
        const declared = Number(res.headers['content-length'] ?? '0');
        if (maxBytes > 0 && declared > maxBytes) {
            res.destroy();
            reject(tooLarge(url, maxBytes));
            return;
        }
        const chunks = [];
        let total = 0;
        res.on('data', (chunk) => {
            total += chunk.byteLength;
            if (total > maxBytes) {
                res.destroy();
                reject(tooLarge(url, maxBytes));
                return;
            }
            chunks.push(chunk);
        });
        res.on('end', () => resolve(joinChunks(chunks, total)));
        res.on('error', reject);
        res.on('aborted', () => reject(coded('response aborted', 'ECONNRESET')));
    });
}
function tooLarge(url, maxBytes) {
    return new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `the response from ${url.host}${url.pathname} is larger than ${maxBytes} bytes; refusing to buffer it`);
}
;// CONCATENATED MODULE: ./packages/oci/lib/manifest-media-type.js



/** The manifest types sigil reads: OCI and Docker images and indexes. */
const MANIFEST_ACCEPT = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
].join(', ');
const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);
const IMAGE_TYPES = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const INDEX_TYPES = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
const NOT_A_MANIFEST_HINT = 'Check that the registry address points at the registry itself, not at a web page, login portal or proxy error page in front of it.';
/**
 * The Content-Type of an answer to a manifest request, when it says the answer cannot be a manifest of
 * a type sigil asked for (an HTML page from a proxy or portal that answers 200): a MANIFEST_INVALID
 * error naming it. Generic types are left to the body's own `mediaType`.
 */
function checkManifestContentType(response, what) {
    const header = servedType(response);
    if (GENERIC_TYPES.has(header) || IMAGE_TYPES.has(header) || INDEX_TYPES.has(header))
        return;
    throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the registry answered with ${JSON.stringify(header.slice(0, 100))}, not a manifest`, { hint: NOT_A_MANIFEST_HINT });
}
/**
 * The served Content-Type, or the manifest's own `mediaType` when the registry sent a generic one.
 * The header is not covered by the digest, so it must agree with the bytes (CVE-2021-41190): a declared
 * `mediaType` must be the served one, an image manifest must not list `manifests`, and an index must not
 * carry `config` or `layers`. Otherwise one digest could be read as an image here and as an index
 * elsewhere — and the platforms of an index served as an image would never be checked.
 */
function manifestMediaType(response, what) {
    checkManifestContentType(response, what);
    const header = servedType(response);
    const document = jsonObject(response.body);
    if (document === undefined) {
        throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the registry's answer is not a JSON manifest`, {
            hint: NOT_A_MANIFEST_HINT,
        });
    }
    const declared = typeof document?.mediaType === 'string' && document.mediaType !== '' ? document.mediaType : undefined;
    const mediaType = GENERIC_TYPES.has(header) ? declared : header;
    if (mediaType === undefined) {
        throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the registry sent no media type and the manifest has none`);
    }
    if (!IMAGE_TYPES.has(mediaType) && !INDEX_TYPES.has(mediaType)) {
        throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the manifest's media type ${JSON.stringify(mediaType.slice(0, 100))} is none sigil reads (OCI or Docker image manifest or index)`, { hint: NOT_A_MANIFEST_HINT });
    }
    if (declared !== undefined && declared !== mediaType) {
        const shown = JSON.stringify(declared.slice(0, 100));
        throw ambiguous(what, `it is served as ${mediaType} but declares mediaType ${shown}`);
    }
    if (IMAGE_TYPES.has(mediaType) && isPresent(document.manifests)) {
        throw ambiguous(what, `it is served as the image manifest ${mediaType} but lists "manifests"`);
    }
    if (INDEX_TYPES.has(mediaType) && (isPresent(document.config) || isPresent(document.layers))) {
        throw ambiguous(what, `it is served as the index ${mediaType} but carries "config" or "layers"`);
    }
    return mediaType;
}
function servedType(response) {
    return headerValue(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}
function jsonObject(body) {
    try {
        const parsed = JSON.parse(Buffer.from(body).toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? parsed
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** Go's decoders, which the other clients use, treat `null` as absent. */
function isPresent(value) {
    return value !== undefined && value !== null;
}
function ambiguous(what, problem) {
    return new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the manifest is ambiguous: ${problem}`, {
        hint: 'The registry serves content that contradicts its media type; it is misconfigured or the content was tampered with. Push the image again with a current client.',
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/challenge.js
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
/**
 * Parses `WWW-Authenticate` header values (RFC 7235): several challenges may share one value,
 * separated by commas, and parameter values may be quoted strings with backslash escapes.
 */
function parseChallenges(values) {
    return values.flatMap(parseValue);
}
function parseValue(value) {
    const challenges = [];
    let rest = value;
    while (rest.length > 0) {
        rest = rest.replace(/^[\s,]+/, '');
        const token = TOKEN.exec(rest)?.[0];
        if (token === undefined) {
            rest = rest.slice(1);
            continue;
        }
        rest = rest.slice(token.length);
        const current = challenges.at(-1);
        const assignment = /^\s*=\s*/.exec(rest);
        if (assignment !== null && current !== undefined) {
            rest = rest.slice(assignment[0].length);
            const [param, remaining] = readParamValue(rest);
            current.params[token.toLowerCase()] = param;
            rest = remaining;
        }
        else {
            challenges.push({ scheme: token.toLowerCase(), params: {} });
        }
    }
    return challenges;
}
function readParamValue(text) {
    if (!text.startsWith('"')) {
        const token = TOKEN.exec(text)?.[0] ?? '';
        return [token, text.slice(token.length)];
    }
    let value = '';
    let i = 1;
    for (; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length)
            i++;
        value += text[i];
    }
    return [value, text.slice(i + 1)];
}
;// CONCATENATED MODULE: ./packages/oci/lib/credentials.js
/** The input a user edits to fix credentials from `source`. */
function credentialInput(credential) {
    return credential?.source === EXPLICIT_SOURCE ? 'registry-password' : 'registry-username';
}
const EXPLICIT_SOURCE = 'registry-username/registry-password';
;// CONCATENATED MODULE: ./packages/oci/lib/token-cache.js
/** Tokens the spec lets omit `expires_in` live 60 s. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** Renew this long before expiry so a token never expires on the wire. */
const EXPIRY_MARGIN_MS = 10_000;
/** Bearer tokens per registry and scope set, kept until shortly before they expire. */
class TokenCache {
    #now;
    #tokens = new Map();
    constructor(now) {
        this.#now = now;
    }
    static key(registry, scopes) {
        return `${registry} ${[...scopes].sort().join(' ')}`;
    }
    get(key) {
        const entry = this.#tokens.get(key);
        if (entry === undefined)
            return undefined;
        if (this.#now() >= entry.expiresAt) {
            this.#tokens.delete(key);
            return undefined;
        }
        return entry.token;
    }
    set(key, token, expiresInSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS) {
        const lifetimeMs = expiresInSeconds * 1000;
        const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
        this.#tokens.set(key, { token, expiresAt: this.#now() + lifetimeMs - margin });
    }
    delete(key) {
        this.#tokens.delete(key);
    }
}
;// CONCATENATED MODULE: ./packages/oci/lib/retry.js

const DEFAULT_RETRY_OPTIONS = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };
const systemRetryEnvironment = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};
/** A failure worth another attempt: a retryable status or a broken connection. */
class TransientFailure extends Error {
    name = 'TransientFailure';
    /** True when the server answered or a connection was made (the host is reachable). */
    reached;
    status;
    retryAfterMs;
    constructor(message, options) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.reached = options.reached;
        this.status = options.status;
        this.retryAfterMs = options.retryAfterMs;
    }
}
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
function isRetryableStatus(status) {
    return RETRYABLE_STATUSES.has(status) || (status >= 506 && status <= 599);
}
/** Connection failures that never reached a server. */
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT']);
/** Connection failures after a server accepted the connection. */
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'SIGIL_IDLE_TIMEOUT', 'UND_ERR_SOCKET']);
/** The transient failure an error stands for, or undefined if retrying cannot help. */
function transientFailureOf(error) {
    if (error instanceof TransientFailure)
        return error;
    if (error instanceof lib/* SigilError */.XU || !isErrorLike(error))
        return undefined;
    const code = error.code;
    if (typeof code === 'string' && UNREACHED_CODES.has(code)) {
        return new TransientFailure(error.message, { reached: false, cause: error });
    }
    if ((typeof code === 'string' && BROKEN_CODES.has(code)) || error.message === 'socket hang up') {
        return new TransientFailure(error.message, { reached: true, cause: error });
    }
    return undefined;
}
/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`; undefined when
 * absent or malformed.
 */
function parseRetryAfter(value, nowMs) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    if (!/[a-z]/i.test(text))
        return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - nowMs);
}
/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^retry)). */
function backoffDelay(retry, options, random) {
    const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
    return Math.floor(random() * cap);
}
const TIMEOUT_HINT = 'Raise timeout-seconds, or check the registry status.';
/**
 * Runs `attempt` until it succeeds, fails permanently, runs out of attempts, or the deadline comes.
 * `attempt` receives the remaining time in ms and should give up its request when it runs out.
 */
async function withRetries(context, attempt) {
    const { env, options, deadline } = context;
    let reached = false;
    let last;
    for (let n = 0; n < options.maxAttempts; n++) {
        const remaining = deadline - env.now();
        if (remaining <= 0)
            throw outOfTime(context, reached, last);
        try {
            return await attempt(remaining);
        }
        catch (error) {
            if (isDeadlineError(error)) {
                throw outOfTime(context, reached || error.connected === true, last, error);
            }
            const failure = transientFailureOf(error);
            if (failure === undefined)
                throw permanent(context, error);
            reached ||= failure.reached;
            last = failure;
        }
        if (n + 1 >= options.maxAttempts)
            break;
        const delay = last.retryAfterMs ?? backoffDelay(n, options, env.random);
        if (env.now() + delay >= deadline)
            throw outOfTime(context, reached, last);
        await env.sleep(delay);
    }
    throw exhausted(context, reached, last);
}
/**
 * Node's errors may come from another realm (a VM context, as under Jest), where `instanceof Error`
 * is false; their shape is what counts.
 */
function isErrorLike(error) {
    return (typeof error === 'object' &&
        error !== null &&
        typeof error.message === 'string');
}
function isDeadlineError(error) {
    return isErrorLike(error) && error.code === 'SIGIL_DEADLINE';
}
/** Network errors that retrying cannot fix (unknown host, TLS failures) become REGISTRY_UNREACHABLE. */
function permanent(context, error) {
    if (error instanceof lib/* SigilError */.XU || !isErrorLike(error))
        return error;
    const code = error.code;
    // Node's own ERR_* codes are programming errors, except TLS/SSL failures.
    if (typeof code !== 'string' || (code.startsWith('ERR_') && !/^ERR_(TLS|SSL)/.test(code)))
        return error;
    const hint = code === 'ENOTFOUND'
        ? 'Check the registry host name.'
        : 'Check the registry address and its TLS certificate, or list it in insecure-registries if it serves plain HTTP.';
    return new lib/* SigilError */.XU('REGISTRY_UNREACHABLE', `could not ${context.what} on registry ${context.host}: ${error.message}`, { cause: error, hint });
}
function describe(failure) {
    if (failure === undefined)
        return 'no answer before the deadline';
    return failure.status === undefined ? failure.message : `HTTP ${failure.status}`;
}
function unreachable(context, last, cause) {
    return new lib/* SigilError */.XU('REGISTRY_UNREACHABLE', `registry ${context.host} is unreachable (${describe(last)}) while trying to ${context.what}`, { cause, hint: 'Check the registry host and port, and that the runner can reach it.' });
}
function outOfTime(context, reached, last, cause = last) {
    // Out of time before any attempt is a timeout; out of time without ever reaching the host is not.
    if (!reached && cause !== undefined)
        return unreachable(context, last, cause);
    const detail = last === undefined ? '' : ` (last failure: ${describe(last)})`;
    return new lib/* SigilError */.XU('TIMEOUT', `timed out trying to ${context.what} on registry ${context.host}${detail}`, { cause, field: 'deadline', hint: TIMEOUT_HINT });
}
function exhausted(context, reached, last) {
    if (!reached)
        return unreachable(context, last, last);
    return new lib/* SigilError */.XU('REGISTRY_UNREACHABLE', `registry ${context.host} kept failing (${describe(last)}) after ${context.options.maxAttempts} attempts to ${context.what}`, { cause: last, hint: 'The registry may be overloaded or down; try again later.' });
}
;// CONCATENATED MODULE: ./packages/oci/lib/token-client.js





const CLIENT_ID = 'sigil';
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
/**
 * Gets a bearer token from the challenge's realm (distribution token spec): an identity token is
 * exchanged with an OAuth2 `refresh_token` POST; user and password go as Basic auth on a GET;
 * without credentials the GET is anonymous.
 */
async function fetchToken(send, request, now) {
    let realm;
    try {
        realm = new URL(request.realm);
    }
    catch (error) {
        throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `registry ${request.registry} sent an invalid token realm`, {
            cause: error,
        });
    }
    const response = request.credential?.kind === 'identity-token'
        ? await send(refreshTokenPost(realm, request, request.credential.token))
        : await send(tokenGet(realm, request));
    if (response.status === 200)
        return parseGrant(response, request.registry);
    if (response.status === 401 || response.status === 403)
        throw tokenRefused(request);
    if (isRetryableStatus(response.status)) {
        throw new TransientFailure(`token service answered HTTP ${response.status}`, {
            reached: true,
            status: response.status,
            retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), now()),
        });
    }
    throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `the token service of registry ${request.registry} (${realm.host}) answered HTTP ${response.status}`);
}
function tokenGet(realm, request) {
    const url = new URL(realm);
    if (request.service !== undefined)
        url.searchParams.set('service', request.service);
    for (const scope of request.scopes)
        url.searchParams.append('scope', scope);
    const headers = { accept: 'application/json' };
    const credential = request.credential;
    if (credential?.kind === 'basic') {
        url.searchParams.set('account', credential.username);
        headers.authorization = basicAuthorization(credential.username, credential.password);
    }
    url.searchParams.set('client_id', CLIENT_ID);
    return { method: 'GET', url, headers, maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES };
}
function refreshTokenPost(realm, request, refreshToken) {
    const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: CLIENT_ID,
    });
    if (request.service !== undefined)
        form.set('service', request.service);
    if (request.scopes.length > 0)
        form.set('scope', request.scopes.join(' '));
    return {
        method: 'POST',
        url: realm,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: Buffer.from(form.toString()),
        maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
    };
}
function basicAuthorization(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
function parseGrant(response, registry) {
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(response.body).toString('utf8'));
    }
    catch {
        parsed = undefined;
    }
    const token = typeof parsed?.access_token === 'string' && parsed.access_token ? parsed.access_token : parsed?.token;
    if (typeof token !== 'string' || token === '') {
        throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `the token service of registry ${registry} answered without a token`);
    }
    const expires = parsed?.expires_in;
    const expiresInSeconds = typeof expires === 'number' && Number.isFinite(expires) && expires > 0
        ? expires
        : DEFAULT_TOKEN_LIFETIME_SECONDS;
    return { token, expiresInSeconds };
}
function tokenRefused(request) {
    const { credential, registry } = request;
    if (credential === undefined)
        return loginNeeded(registry);
    return new lib/* SigilError */.XU('REGISTRY_AUTH', `registry ${registry} rejected the credentials from ${credential.source}`, {
        input: credentialInput(credential),
        hint: `Check registry-username and registry-password, or run docker login ${registry} (docker/login-action) again.`,
    });
}
function loginNeeded(registry) {
    return new lib/* SigilError */.XU('REGISTRY_AUTH', `registry ${registry} requires authentication and no credentials were found for it`, {
        field: 'registry-user',
        hint: `Set registry-username and registry-password, or run docker login ${registry} (docker/login-action) before this step.`,
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/authenticator.js





/**
 * Answers a registry's 401 challenges: Basic with the registry's credentials, or a Bearer token per
 * scope set from the challenge's realm, cached until it expires. Never logs a credential or token.
 */
class Authenticator {
    #credentials;
    #send;
    #now;
    #schemes = new Map();
    #tokens;
    #pending = new Map();
    constructor(options) {
        this.#credentials = options.credentials ?? (async () => undefined);
        this.#send = options.send;
        this.#now = options.now;
        this.#tokens = new TokenCache(options.now);
    }
    /** The Authorization header to send up front, once the registry's scheme is known. */
    cached(registry, scopes) {
        const scheme = this.#schemes.get(registry);
        if (scheme?.kind === 'basic')
            return scheme.header;
        if (scheme?.kind === 'bearer') {
            const token = this.#tokens.get(TokenCache.key(registry, scopes));
            return token === undefined ? undefined : `Bearer ${token}`;
        }
        return undefined;
    }
    /** After a 401: a fresh Authorization header for the challenge, or REGISTRY_AUTH. */
    async authorize(registry, scopes, response) {
        const challenges = parseChallenges(response.headers['www-authenticate'] ?? []);
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basic = challenges.find((c) => c.scheme === 'basic');
        const credential = await this.#credentials(registry);
        if (bearer !== undefined) {
            this.#schemes.set(registry, { kind: 'bearer', challenge: bearer });
            return `Bearer ${await this.#freshToken(registry, scopes, bearer, credential)}`;
        }
        if (basic !== undefined) {
            if (credential === undefined)
                throw loginNeeded(registry);
            if (credential.kind !== 'basic') {
                throw new lib/* SigilError */.XU('REGISTRY_AUTH', `registry ${registry} asks for a user and password (Basic auth), but ${credential.source} holds a token for it`, {
                    field: 'registry-user',
                    hint: `Set registry-username and registry-password, or log in to ${registry} with a password.`,
                });
            }
            const header = basicAuthorization(credential.username, credential.password);
            this.#schemes.set(registry, { kind: 'basic', header });
            return header;
        }
        throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `registry ${registry} answered 401 without a Basic or Bearer challenge (WWW-Authenticate)`);
    }
    /** The error for a 401 that persisted after `authorize`. */
    async rejected(registry, scopes) {
        const credential = await this.#credentials(registry);
        const scheme = this.#schemes.get(registry);
        if (credential === undefined)
            return loginNeeded(registry);
        if (scheme?.kind === 'bearer' && credential.kind !== 'registry-token') {
            return new lib/* SigilError */.XU('REGISTRY_DENIED', `registry ${registry} accepted the credentials from ${credential.source} but they do not grant ${scopes.join(' ')}`, {
                input: credentialInput(credential),
                hint: 'Grant this account access to the repository, or use other credentials.',
            });
        }
        return new lib/* SigilError */.XU('REGISTRY_AUTH', `registry ${registry} rejected the credentials from ${credential.source}`, {
            input: credentialInput(credential),
            hint: `Check registry-username and registry-password, or run docker login ${registry} (docker/login-action) again.`,
        });
    }
    #freshToken(registry, scopes, challenge, credential) {
        const key = TokenCache.key(registry, scopes);
        this.#tokens.delete(key);
        const pending = this.#pending.get(key);
        if (pending !== undefined)
            return pending;
        const fetching = this.#fetch(registry, scopes, challenge, credential).then((grant) => {
            this.#tokens.set(key, grant.token, grant.expiresInSeconds);
            return grant.token;
        });
        this.#pending.set(key, fetching);
        const forget = () => this.#pending.delete(key);
        fetching.then(forget, forget);
        return fetching;
    }
    async #fetch(registry, scopes, challenge, credential) {
        if (credential?.kind === 'registry-token')
            return { token: credential.token, expiresInSeconds: 3600 };
        const realm = challenge.params.realm;
        if (realm === undefined || realm === '') {
            throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `registry ${registry} sent a Bearer challenge without a realm`);
        }
        const challenged = (challenge.params.scope ?? '').split(' ').filter(Boolean);
        return fetchToken(this.#send, {
            registry,
            realm,
            service: challenge.params.service,
            scopes: [...new Set([...scopes, ...challenged])],
            credential,
        }, this.#now);
    }
}
;// CONCATENATED MODULE: ./packages/oci/lib/registry-http.js




const MAX_REDIRECTS = 5;
/**
 * One authenticated request to a registry: answers a 401 once through the Authenticator, turns
 * retryable statuses into TransientFailure, follows redirects without credentials when they leave
 * the registry. Every URL passes the scheme policy; the logger sees method, host, path and status only.
 */
class RegistryHttp {
    #send;
    #policy;
    #now;
    #deadline;
    #logger;
    #auth;
    #bases = new Map();
    constructor(options) {
        this.#send = options.send;
        this.#policy = options.policy;
        this.#now = options.now;
        this.#deadline = options.deadline;
        this.#logger = options.logger;
        this.#auth = new Authenticator({
            ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
            send: (request) => this.#transmit(request),
            now: options.now,
        });
    }
    baseUrl(registry) {
        return this.#policy.baseUrl(registry);
    }
    /** `baseUrl` as text, for every request: a URL is not built twice per request for the same few registries. */
    #base(registry) {
        let base = this.#bases.get(registry);
        if (base === undefined) {
            const url = this.baseUrl(registry);
            base = { href: url.href, origin: url.origin };
            if (this.#bases.size < 256)
                this.#bases.set(registry, base);
        }
        return base;
    }
    /** `extraScopes` adds scopes beyond `repo` (e.g. pull on the source of a cross-repository mount). */
    async request(repo, access, request, extraScopes = []) {
        const scopes = [repositoryScope(repo, access), ...extraScopes];
        const base = this.#base(repo.registry);
        let url = typeof request.target === 'string' ? new URL(request.target, base.href) : request.target;
        for (let hop = 0;; hop++) {
            const sameOrigin = url.origin === base.origin;
            let authorization = sameOrigin ? this.#auth.cached(repo.registry, scopes) : undefined;
            let response = await this.#sendWith(request, url, authorization);
            if (response.status === 401 && sameOrigin) {
                authorization = await this.#auth.authorize(repo.registry, scopes, response);
                response = await this.#sendWith(request, url, authorization);
                if (response.status === 401)
                    throw await this.#auth.rejected(repo.registry, scopes);
            }
            if (isRetryableStatus(response.status)) {
                throw new TransientFailure(`HTTP ${response.status}`, {
                    reached: true,
                    status: response.status,
                    retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), this.#now()),
                });
            }
            const location = headerValue(response, 'location');
            if (!request.followRedirects || !isRedirect(response.status) || location === undefined)
                return response;
            if (hop >= MAX_REDIRECTS) {
                throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `registry ${repo.registry} redirected more than ${MAX_REDIRECTS} times`);
            }
            url = new URL(location, url);
        }
    }
    #sendWith(request, url, authorization) {
        const headers = { ...request.headers };
        if (authorization !== undefined)
            headers.authorization = authorization;
        return this.#transmit({
            method: request.method,
            url,
            headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            ...(request.maxBodyBytes === undefined ? {} : { maxBodyBytes: request.maxBodyBytes }),
        });
    }
    /** Every request, token requests included, leaves through here. */
    async #transmit(request) {
        this.#policy.assertAllowedUrl(request.url);
        const response = await this.#send({ ...request, timeoutMs: Math.max(1, this.#deadline - this.#now()) });
        this.#logger?.debug(`${request.method} ${request.url.host}${request.url.pathname} → ${response.status}`);
        return response;
    }
}
/** `repository:<name>:pull` or `repository:<name>:pull,push`. */
function repositoryScope(repo, access) {
    return `repository:${repo.repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
}
function isRedirect(status) {
    return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
;// CONCATENATED MODULE: ./packages/oci/lib/registry-errors.js

/** The first `{code, message}` of a Distribution error body, as `CODE: message`, if there is one. */
function distributionError(response) {
    if (response.body.byteLength === 0 || response.body.byteLength > 64 * 1024)
        return undefined;
    try {
        const parsed = JSON.parse(Buffer.from(response.body).toString('utf8'));
        const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
        if (first === undefined)
            return undefined;
        const code = typeof first.code === 'string' ? first.code : 'UNKNOWN';
        return typeof first.message === 'string' ? `${code}: ${first.message}` : code;
    }
    catch {
        return undefined;
    }
}
/** The error for a response the operation did not expect. */
function unexpectedResponse(response, host, what) {
    const detail = distributionError(response);
    const suffix = detail === undefined ? '' : ` (${detail})`;
    const message = `registry ${host} answered HTTP ${response.status} to ${what}${suffix}`;
    if (response.status === 403) {
        return new lib/* SigilError */.XU('REGISTRY_DENIED', message, {
            hint: 'The credentials are valid but lack permission for this repository; grant access or use other credentials.',
        });
    }
    if (response.status === 400 && /^(MANIFEST_|TAG_INVALID|BLOB_UNKNOWN)/.test(detail ?? '')) {
        return new lib/* SigilError */.XU('MANIFEST_INVALID', message);
    }
    return new lib/* SigilError */.XU('REGISTRY_PROTOCOL', message);
}
;// CONCATENATED MODULE: ./packages/oci/lib/registry-paths.js



/**
 * The Distribution API paths of a repository. Names and references are validated here, with the
 * grammar the reference parser uses, so nothing a caller passes can reach another path.
 */
function checkRepository(repo) {
    if (VALID_REPOSITORIES.has(repo.repository))
        return repo;
    if (!isRepositoryPath(repo.repository)) {
        throw new lib/* SigilError */.XU('REFERENCE_INVALID', `repository "${repo.repository}" is not a valid repository name`);
    }
    // Every request names its repository: a gate of many images asks about the same few names thousands of times.
    if (VALID_REPOSITORIES.size < MAX_REMEMBERED_REPOSITORIES)
        VALID_REPOSITORIES.add(repo.repository);
    return repo;
}
const MAX_REMEMBERED_REPOSITORIES = 1024;
/** Names `isRepositoryPath` accepted: its answer for a string never changes. */
const VALID_REPOSITORIES = new Set();
function manifestPath(repo, reference) {
    checkRepository(repo);
    if (!isSha256Digest(reference) && !isTag(reference)) {
        throw badReference(repo, reference, 'expected a tag or sha256:<64 lowercase hex>');
    }
    return `/v2/${repo.repository}/manifests/${reference}`;
}
function blobPath(repo, digest) {
    checkRepository(repo);
    if (!isSha256Digest(digest))
        throw badReference(repo, digest, 'a blob is addressed by sha256:<64 lowercase hex>');
    return `/v2/${repo.repository}/blobs/${digest}`;
}
/** Starts an upload; with `mountFrom`, asks the registry to mount the blob from that repository instead. */
function uploadsPath(repo, mount) {
    const path = `/v2/${checkRepository(repo).repository}/blobs/uploads/`;
    if (mount === undefined)
        return path;
    const from = checkRepository(mount.from).repository;
    return `${path}?mount=${encodeURIComponent(mount.digest)}&from=${encodeURIComponent(from)}`;
}
/** The OCI 1.1 referrers API for a manifest digest. */
function referrersPath(repo, digest) {
    checkRepository(repo);
    if (!isSha256Digest(digest))
        throw badReference(repo, digest, 'referrers are listed for a sha256:<64 lowercase hex> digest');
    return `/v2/${repo.repository}/referrers/${digest}`;
}
function tagsPath(repo) {
    return `/v2/${checkRepository(repo).repository}/tags/list`;
}
/** `:tag` or `@digest`, for messages. */
function referenceSuffix(reference) {
    return isSha256Digest(reference) ? `@${reference}` : `:${reference}`;
}
function badReference(repo, reference, reason) {
    return new lib/* SigilError */.XU('REFERENCE_INVALID', `"${reference}" is not a valid reference in ${repo.repository}: ${reason}`);
}
;// CONCATENATED MODULE: ./packages/oci/lib/scheme-policy.js

/**
 * Plain HTTP is used only for loopback registries (`localhost`, `127.0.0.0/8`, `[::1]`) and hosts the
 * user listed in `insecure-registries`; everything else is HTTPS. Every URL the client requests —
 * registry endpoints, upload locations, redirects and token realms — passes `assertAllowedUrl`.
 */
class SchemePolicy {
    #insecure;
    /** The answers of `allowsPlainHttp`, asked for every request: a client talks to a handful of hosts. */
    #plainHttp = new Map();
    constructor(insecureRegistries = []) {
        this.#insecure = new Set(insecureRegistries.map((entry) => entry.trim().toLowerCase()).filter(Boolean));
    }
    /** `http` or `https` for a registry host (`host[:port]`). */
    schemeFor(registry) {
        return this.allowsPlainHttp(registry) ? 'http' : 'https';
    }
    /** `<scheme>://<registry>` */
    baseUrl(registry) {
        return new URL(`${this.schemeFor(registry)}://${registry}`);
    }
    allowsPlainHttp(registry) {
        const known = this.#plainHttp.get(registry);
        if (known !== undefined)
            return known;
        const lower = registry.toLowerCase();
        const allowed = isLoopbackHost(hostOf(lower)) || this.#insecure.has(lower) || this.#insecure.has(hostOf(lower));
        // Bounded: redirects and token realms can name hosts without end.
        if (this.#plainHttp.size < MAX_REMEMBERED_HOSTS)
            this.#plainHttp.set(registry, allowed);
        return allowed;
    }
    /** Throws REGISTRY_INSECURE for a plain-HTTP URL to a host that may not use it. */
    assertAllowedUrl(url) {
        if (url.protocol === 'https:')
            return;
        if (url.protocol === 'http:' && this.allowsPlainHttp(url.host))
            return;
        throw new lib/* SigilError */.XU('REGISTRY_INSECURE', `refusing to send a request to ${url.protocol}//${url.host}: plain HTTP is allowed only for loopback hosts and insecure-registries`, {
            field: 'plain-http-registries',
            hint: `If ${url.host} really serves plain HTTP on a trusted network, list it in insecure-registries.`,
        });
    }
}
const MAX_REMEMBERED_HOSTS = 256;
/** `host` without its port (and without the brackets of an IPv6 literal). */
function hostOf(registry) {
    if (registry.startsWith('[')) {
        const close = registry.indexOf(']');
        return close < 0 ? registry : registry.slice(0, close + 1);
    }
    const colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.slice(0, colon);
}
function isLoopbackHost(host) {
    const lower = host.toLowerCase();
    if (lower === 'localhost' || lower === '[::1]' || lower === '::1')
        return true;
    const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(lower);
    return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}
;// CONCATENATED MODULE: ./packages/oci/lib/referrers.js



/** More entries than this in one listing (all pages) is refused: no image has that many signatures. */
const MAX_REFERRERS = 4096;
/** Pages of the referrers API followed through `Link` before the listing is refused. */
const MAX_REFERRER_PAGES = 64;
/** The fallback tag of the referrers tag schema for `digest`: `sha256-<hex>` (no suffix). */
function referrersTag(digest) {
    if (!isSha256Digest(digest))
        throw new lib/* SigilError */.XU('REFERENCE_INVALID', `"${digest}" is not a sha256 digest`);
    return `sha256-${digest.slice('sha256:'.length)}`;
}
/**
 * The descriptors of an OCI image index (a referrers API page or the fallback index). Anything else is
 * `MANIFEST_INVALID`: the listing decides which evidence is looked at.
 */
function parseReferrersIndex(bytes, where) {
    const parsed = (0,lib/* parseStrictJsonBytesToPlain */.l4)(bytes, 16);
    if (!parsed.ok)
        throw referrers_invalid(where, `is not JSON (${parsed.message})`);
    const index = parsed.value;
    if (!(0,lib/* isRecord */.u4)(index))
        throw referrers_invalid(where, 'is not a JSON object');
    if (index['schemaVersion'] !== 2)
        throw referrers_invalid(where, 'does not have schemaVersion 2');
    if (index['mediaType'] !== undefined && index['mediaType'] !== MEDIA_TYPES.ociIndex)
        throw referrers_invalid(where, `has mediaType ${JSON.stringify(index['mediaType'])}, not an OCI image index`);
    const manifests = index['manifests'];
    if (!Array.isArray(manifests))
        throw referrers_invalid(where, 'has no "manifests" array');
    return manifests.map((entry, position) => descriptorOf(entry, position, where));
}
function descriptorOf(entry, position, where) {
    if (!(0,lib/* isRecord */.u4)(entry))
        throw referrers_invalid(where, `entry ${position} is not an object`);
    const { mediaType, digest, size, artifactType, annotations } = entry;
    if (typeof digest !== 'string' || !isSha256Digest(digest))
        throw referrers_invalid(where, `entry ${position} has digest ${JSON.stringify(digest)}, not sha256:<64 hex>`);
    if (typeof mediaType !== 'string' || mediaType === '')
        throw referrers_invalid(where, `entry ${position} has no mediaType`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw referrers_invalid(where, `entry ${position} has no valid size`);
    if (artifactType !== undefined && typeof artifactType !== 'string')
        throw referrers_invalid(where, `entry ${position} has an artifactType that is not a string`);
    const labels = stringRecord(annotations);
    return {
        mediaType,
        digest,
        size,
        ...(artifactType === undefined || artifactType === '' ? {} : { artifactType }),
        ...(labels === undefined ? {} : { annotations: labels }),
    };
}
/** Client-side `?artifactType=` filtering (registries may ignore the parameter; ggcr's does). */
function filterReferrers(descriptors, artifactTypes) {
    if (artifactTypes === undefined)
        return [...descriptors];
    return descriptors.filter(({ artifactType }) => artifactType === undefined ||
        artifactType === MEDIA_TYPES.ociEmpty ||
        artifactTypes.includes(artifactType));
}
function stringRecord(value) {
    if (!(0,lib/* isRecord */.u4)(value))
        return undefined;
    const entries = Object.entries(value).filter((entry) => typeof entry[1] === 'string');
    return Object.fromEntries(entries);
}
function referrers_invalid(where, problem) {
    return new lib/* SigilError */.XU('MANIFEST_INVALID', `The referrers index ${where} ${problem}.`);
}
;// CONCATENATED MODULE: ./packages/oci/lib/referrers-index-update.js



const DEFAULT_INDEX_UPDATE_POLICY = { settleMs: 1000, staleMs: 250, maxRounds: 40 };
/** An ETag no registry serves: a 412 to it proves the registry checks `If-Match`. */
const IMPOSSIBLE_ETAG = `"sha256:${'0'.repeat(64)}"`;
/** An OCI index beyond this is refused by Distribution (and us) as a manifest. */
const MAX_INDEX_BYTES = 4 * 1024 * 1024;
const encoder = new TextEncoder();
/**
 * Adds `entry` to the referrers tag schema's fallback index: read, append (every other entry and field kept
 * exactly as it was, `artifactType` and annotations included), write. Concurrent writers never lose an
 * entry: where the registry enforces `If-Match` (learned once per registry by a probe whose condition cannot
 * hold), the write is conditional and a 412 means read again; where it does not, the writer re-reads after
 * `settleMs` and writes again until its entry has stayed. No attempt of a write starts more than `staleMs`
 * after its read (a retry after a 429's Retry-After or a lost answer reads again instead), so whatever could
 * drop an entry lands before its writer re-reads. Already listed: nothing is written.
 */
async function addToReferrersIndex(store, entry, where, environment, policy = DEFAULT_INDEX_UPDATE_POLICY) {
    let lastWrite;
    // Another writer's read and write are about as slow as ours under the same load: a write of theirs that
    // could drop our entry lands within `staleMs` plus their read's and their write's time after our write.
    let slowest = 0;
    const settleMs = () => Math.max(policy.settleMs, policy.staleMs + 3 * slowest);
    for (let round = 0; round < policy.maxRounds; round++) {
        const readStarted = environment.now();
        const copy = await store.read();
        const readAt = environment.now();
        slowest = Math.max(slowest, readAt - readStarted);
        const index = EditableIndex.parse(copy?.bytes, where);
        if (index.lists(entry.digest)) {
            if (lastWrite === undefined || environment.conditional() === 'honoured')
                return { written: lastWrite !== undefined };
            // Only a read that began after the settling time shows what every earlier write left.
            const settled = lastWrite + settleMs() - readStarted;
            if (settled <= 0)
                return { written: true };
            await environment.sleep(settled);
            continue;
        }
        const bytes = index.withEntry(entry, where);
        const startBy = readAt + policy.staleMs;
        if (environment.now() > startBy)
            continue;
        const writeAt = environment.now();
        const outcome = await writeOnce(store, bytes, copy, environment, startBy);
        slowest = Math.max(slowest, environment.now() - writeAt);
        if (outcome === 'stale') {
            // An attempt may have landed before its answer was lost: verified after settling, like any write.
            lastWrite = environment.now();
            continue;
        }
        if (outcome === 'conflict') {
            await environment.sleep(Math.floor(environment.random() * 50 * (round + 1)));
            continue;
        }
        lastWrite = environment.now();
        if (environment.conditional() === 'honoured')
            return { written: true };
        await environment.sleep(settleMs());
    }
    throw new lib/* SigilError */.XU('REFERRERS_INDEX_CONFLICT', `${where}: the referrers index kept changing under concurrent writers; after ${policy.maxRounds} attempts it still does not list ${entry.digest}`, { hint: 'Run the job again; the referrer manifest is pushed and the next run adds it to the index.' });
}
async function writeOnce(store, bytes, copy, environment, startBy) {
    if (copy === undefined)
        return store.write(bytes, { ifNoneMatch: '*' }, startBy);
    if (copy.etag === undefined)
        return store.write(bytes, undefined, startBy);
    if (environment.conditional() === 'unknown') {
        const probe = await store.write(bytes, { ifMatch: IMPOSSIBLE_ETAG }, startBy);
        if (probe === 'stale')
            return probe;
        if (probe === 'written') {
            environment.remember('ignored');
            return 'written';
        }
        environment.remember('honoured');
    }
    return store.write(bytes, { ifMatch: copy.etag }, startBy);
}
/** A fallback index as JSON values: unknown fields and entries are written back exactly as they came. */
class EditableIndex {
    #top;
    #entries;
    #digests;
    constructor(top, entries, digests) {
        this.#top = top;
        this.#entries = entries;
        this.#digests = digests;
    }
    static parse(bytes, where) {
        if (bytes === undefined)
            return new EditableIndex({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex }, [], new Set());
        const descriptors = parseReferrersIndex(bytes, where);
        const parsed = (0,lib/* parseStrictJsonBytesToPlain */.l4)(bytes, 16);
        if (!parsed.ok)
            throw new lib/* SigilError */.XU('INTERNAL', `${where}: a parsed index no longer parses`);
        const top = parsed.value;
        return new EditableIndex(top, [...top['manifests']], new Set(descriptors.map(({ digest }) => digest)));
    }
    lists(digest) {
        return this.#digests.has(digest);
    }
    withEntry(entry, where) {
        if (this.#entries.length >= MAX_REFERRERS)
            throw full(where, `already lists ${this.#entries.length} referrers`);
        const added = {
            mediaType: entry.mediaType,
            digest: entry.digest,
            size: entry.size,
            ...(entry.artifactType === undefined ? {} : { artifactType: entry.artifactType }),
            ...(entry.annotations === undefined ? {} : { annotations: entry.annotations }),
        };
        const bytes = encoder.encode(JSON.stringify({ ...this.#top, mediaType: MEDIA_TYPES.ociIndex, manifests: [...this.#entries, added] }));
        if (bytes.byteLength > MAX_INDEX_BYTES)
            throw full(where, `would be ${bytes.byteLength} bytes, over 4 MiB`);
        return bytes;
    }
}
function full(where, problem) {
    return new lib/* SigilError */.XU('REFERRER_REFUSED', `The referrers index ${where} ${problem}; nothing was added.`, {
        hint: 'Remove stale signatures and attestations of this image, or use a registry with the OCI 1.1 referrers API.',
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/tag-list.js

/** The `tags` of a `/tags/list` page (null or absent means none). */
function parseTagList(response, what) {
    try {
        const parsed = JSON.parse(Buffer.from(response.body).toString('utf8'));
        if (parsed.tags === null || parsed.tags === undefined)
            return [];
        if (Array.isArray(parsed.tags) && parsed.tags.every((t) => typeof t === 'string'))
            return parsed.tags;
    }
    catch {
        // fall through to the error
    }
    throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: the registry sent an unreadable tag list`);
}
/** The `rel="next"` target of a `Link` header (RFC 8288), if any. */
function nextLink(link) {
    if (link === undefined)
        return undefined;
    for (const part of link.split(',')) {
        const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
        if (match?.[1] !== undefined && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(match[2] ?? ''))
            return match[1];
    }
    return undefined;
}
;// CONCATENATED MODULE: ./packages/oci/lib/client.js













/** Distribution refuses larger manifests; so do we. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAG_PAGE_BYTES = 16 * 1024 * 1024;
const MAX_TAG_PAGES = 1000;
/** The registry client: Distribution API v2 over HTTP, with auth, retries and digest checks. */
class RegistryClient {
    #ownedTransport;
    #http;
    #retry;
    #env;
    #deadline;
    /** Registries that answered the referrers API with "no such endpoint": later lookups go to the fallback tag. */
    #withoutReferrersApi = new Set();
    /** What a probe showed about each registry's `If-Match` on manifest PUTs. */
    #conditionalWrites = new Map();
    #indexUpdate;
    constructor(options = {}) {
        let send = options.http;
        if (send === undefined) {
            this.#ownedTransport = new NodeHttpTransport({ concurrency: options.concurrency ?? 8 });
            send = this.#ownedTransport.send;
        }
        this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
        this.#env = options.environment ?? systemRetryEnvironment;
        this.#deadline = this.#env.now() + (options.timeoutMs ?? 600_000);
        this.#indexUpdate = { ...DEFAULT_INDEX_UPDATE_POLICY, ...options.referrersIndexUpdate };
        this.#http = new RegistryHttp({
            send,
            policy: new SchemePolicy(options.insecureRegistries),
            ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
            now: () => this.#env.now(),
            deadline: this.#deadline,
            ...(options.logger === undefined ? {} : { logger: options.logger }),
        });
    }
    /** Closes the keep-alive connections of the default transport. */
    close() {
        this.#ownedTransport?.close();
    }
    async resolveDigest(repo, reference) {
        const path = manifestPath(repo, reference);
        const what = `resolve ${repo.repository}${referenceSuffix(reference)}`;
        const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', {
            method: 'HEAD',
            target: path,
            headers: { accept: MANIFEST_ACCEPT },
        }));
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw unexpectedResponse(response, repo.registry, what);
        checkManifestContentType(response, what);
        const served = headerValue(response, 'docker-content-digest');
        if (served === undefined || !isSha256Digest(served))
            return (await this.getManifest(repo, reference))?.digest;
        if (isSha256Digest(reference) && served !== reference)
            throw mismatch(what, served, reference);
        return served;
    }
    async getManifest(repo, reference) {
        const path = manifestPath(repo, reference);
        const what = `get manifest ${repo.repository}${referenceSuffix(reference)}`;
        const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', {
            method: 'GET',
            target: path,
            headers: { accept: MANIFEST_ACCEPT },
            maxBodyBytes: MAX_MANIFEST_BYTES,
        }));
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw unexpectedResponse(response, repo.registry, what);
        const bytes = response.body;
        const digest = isSha256Digest(reference) ? verifyDigest(bytes, reference, what) : sha256Digest(bytes);
        checkServedDigest(response, digest, what);
        return { bytes, digest, mediaType: manifestMediaType(response, what) };
    }
    async putManifest(repo, reference, bytes, mediaType) {
        const { digest, response } = await this.#putManifest(repo, reference, bytes, mediaType);
        if (response.status !== 201 && response.status !== 200) {
            const what = `push manifest ${repo.repository}${referenceSuffix(reference)}`;
            throw unexpectedResponse(response, repo.registry, what);
        }
        return digest;
    }
    async #putManifest(repo, reference, bytes, mediaType, headers = {}, startBy) {
        const path = manifestPath(repo, reference);
        const what = `push manifest ${repo.repository}${referenceSuffix(reference)}`;
        const digest = sha256Digest(bytes);
        if (isSha256Digest(reference) && reference !== digest)
            throw mismatch(what, digest, reference);
        if (bytes.byteLength > MAX_MANIFEST_BYTES) {
            throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${what}: the manifest is ${bytes.byteLength} bytes, over 4 MiB`);
        }
        const response = await this.#retrying(repo, what, () => {
            if (startBy !== undefined && this.#env.now() > startBy)
                throw new StaleWrite();
            return this.#http.request(repo, 'push', {
                method: 'PUT',
                target: path,
                headers: { 'content-type': mediaType, ...headers },
                body: bytes,
            });
        });
        if (response.status === 201 || response.status === 200)
            checkServedDigest(response, digest, what);
        return { digest, response };
    }
    /**
     * Pushes a referrer manifest by digest and makes it discoverable from its subject: a registry that
     * answers with `OCI-Subject`, or whose referrers API lists it, keeps the list itself; otherwise the
     * referrers tag schema's fallback index gets an entry (`addToReferrersIndex`: concurrent writers lose
     * nothing). The manifest is written before the index, so a reader never finds an entry without its
     * manifest. A registry that refuses the manifest (its size, media type or count) is `REFERRER_REFUSED`
     * with the registry's own words, and nothing is listed.
     */
    async pushReferrer(repo, push) {
        const what = `push referrer of ${repo.repository}@${push.subject}`;
        const digest = sha256Digest(push.manifest);
        const { response } = await this.#putManifest(repo, digest, push.manifest, MEDIA_TYPES.ociManifest);
        if (response.status !== 201 && response.status !== 200) {
            if ([400, 404, 405, 409, 413, 415, 422].includes(response.status))
                throw refused(unexpectedResponse(response, repo.registry, what));
            throw unexpectedResponse(response, repo.registry, what);
        }
        if (headerValue(response, 'oci-subject') === push.subject)
            return { digest, source: 'referrers-api' };
        if (!this.#withoutReferrersApi.has(repo.registry)) {
            const listed = await this.#referrersFromApi(repo, push.subject, what);
            if (listed !== undefined) {
                if (listed.some((entry) => entry.digest === digest))
                    return { digest, source: 'referrers-api' };
                throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} has the referrers API but does not list the referrer ${digest} it just accepted`);
            }
        }
        await this.#addToFallbackIndex(repo, push, digest);
        return { digest, source: 'referrers-tag' };
    }
    async #addToFallbackIndex(repo, push, digest) {
        const tag = referrersTag(push.subject);
        const where = `${repo.registry}/${repo.repository}:${tag}`;
        const what = `update referrers index ${repo.repository}:${tag}`;
        const store = {
            read: async () => {
                const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', {
                    method: 'GET',
                    target: manifestPath(repo, tag),
                    headers: { accept: MEDIA_TYPES.ociIndex },
                    maxBodyBytes: MAX_MANIFEST_BYTES,
                }));
                if (response.status === 404)
                    return undefined;
                if (response.status !== 200)
                    throw unexpectedResponse(response, repo.registry, what);
                const mediaType = manifestMediaType(response, what);
                if (mediaType !== MEDIA_TYPES.ociIndex) {
                    throw new lib/* SigilError */.XU('MANIFEST_INVALID', `The referrers index ${where} is a ${mediaType}, not an OCI image index.`);
                }
                checkServedDigest(response, sha256Digest(response.body), what);
                return { bytes: response.body, etag: headerValue(response, 'etag') };
            },
            write: async (bytes, condition, startBy) => {
                const headers = condition === undefined
                    ? {}
                    : 'ifMatch' in condition
                        ? { 'if-match': condition.ifMatch }
                        : { 'if-none-match': condition.ifNoneMatch };
                let response;
                try {
                    ({ response } = await this.#putManifest(repo, tag, bytes, MEDIA_TYPES.ociIndex, headers, startBy));
                }
                catch (error) {
                    if (error instanceof StaleWrite)
                        return 'stale';
                    throw error;
                }
                if (response.status === 412)
                    return 'conflict';
                if (response.status === 201 || response.status === 200)
                    return 'written';
                const error = unexpectedResponse(response, repo.registry, what);
                throw [400, 413, 415].includes(response.status) ? refused(error) : error;
            },
        };
        const environment = {
            now: () => this.#env.now(),
            sleep: (ms) => this.#env.sleep(ms),
            random: () => this.#env.random(),
            conditional: () => this.#conditionalWrites.get(repo.registry) ?? 'unknown',
            remember: (support) => this.#conditionalWrites.set(repo.registry, support),
        };
        const entry = {
            mediaType: MEDIA_TYPES.ociManifest,
            digest,
            size: push.manifest.byteLength,
            artifactType: push.artifactType,
            ...(push.annotations === undefined ? {} : { annotations: push.annotations }),
        };
        await addToReferrersIndex(store, entry, where, environment, this.#indexUpdate);
    }
    async getBlob(repo, digest) {
        const path = blobPath(repo, digest);
        const what = `get blob ${repo.repository}@${digest}`;
        const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', { method: 'GET', target: path, followRedirects: true }));
        if (response.status === 404) {
            throw new lib/* SigilError */.XU('BLOB_NOT_FOUND', `blob ${digest} is not in ${repo.registry}/${repo.repository}`);
        }
        if (response.status !== 200)
            throw unexpectedResponse(response, repo.registry, what);
        verifyDigest(response.body, digest, what);
        return response.body;
    }
    async hasBlob(repo, digest) {
        const path = blobPath(repo, digest);
        const what = `check blob ${repo.repository}@${digest}`;
        const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', { method: 'HEAD', target: path, followRedirects: true }));
        if (response.status === 200)
            return true;
        if (response.status === 404)
            return false;
        throw unexpectedResponse(response, repo.registry, what);
    }
    async putBlob(repo, bytes, options = {}) {
        const digest = sha256Digest(bytes);
        const what = `push blob ${repo.repository}@${digest}`;
        const path = blobPath(repo, digest);
        const from = options.mountFrom;
        const mountable = from !== undefined && from.registry === repo.registry && from.repository !== repo.repository;
        const start = uploadsPath(repo, mountable ? { digest, from } : undefined);
        const extraScopes = mountable ? [repositoryScope(from, 'pull')] : [];
        // One attempt is a whole upload session, from HEAD on: a retry after a lost answer finds the blob.
        await this.#retrying(repo, what, async () => {
            const head = await this.#http.request(repo, 'push', { method: 'HEAD', target: path });
            if (head.status === 200)
                return;
            if (head.status !== 404)
                throw unexpectedResponse(head, repo.registry, what);
            const started = await this.#http.request(repo, 'push', { method: 'POST', target: start, headers: { 'content-length': '0' } }, extraScopes);
            if (started.status === 201 && mountable)
                return;
            if (started.status !== 202)
                throw unexpectedResponse(started, repo.registry, what);
            const location = this.#uploadLocation(repo, started, what);
            location.searchParams.set('digest', digest);
            const finished = await this.#http.request(repo, 'push', {
                method: 'PUT',
                target: location,
                headers: { 'content-type': 'application/octet-stream' },
                body: bytes,
            });
            if (finished.status !== 201)
                throw unexpectedResponse(finished, repo.registry, what);
            checkServedDigest(finished, digest, what);
        });
        return { digest, size: bytes.byteLength };
    }
    /** Deletes a manifest by digest; false if it was not there. */
    async deleteManifest(repo, digest) {
        if (!isSha256Digest(digest))
            throw badReference(repo, digest, 'a manifest is deleted by its sha256 digest');
        const path = manifestPath(repo, digest);
        const what = `delete manifest ${repo.repository}@${digest}`;
        const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'push', { method: 'DELETE', target: path }));
        if (response.status === 202 || response.status === 200)
            return true;
        if (response.status === 404)
            return false;
        throw unexpectedResponse(response, repo.registry, what);
    }
    /**
     * Every tag of the repository, following `Link` pagination (`pageSize` asks for pages of that many);
     * empty if the repository does not exist.
     */
    async listTags(repo, options = {}) {
        checkRepository(repo);
        const what = `list tags of ${repo.repository}`;
        const tags = [];
        let target = tagsPath(repo);
        if (options.pageSize !== undefined)
            target = `${target}?n=${Math.max(1, Math.floor(options.pageSize))}`;
        for (let page = 0; page < MAX_TAG_PAGES; page++) {
            const current = target;
            const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', {
                method: 'GET',
                target: current,
                maxBodyBytes: MAX_TAG_PAGE_BYTES,
            }));
            if (response.status === 404)
                return tags;
            if (response.status !== 200)
                throw unexpectedResponse(response, repo.registry, what);
            tags.push(...parseTagList(response, what));
            const next = nextLink(headerValue(response, 'link'));
            if (next === undefined)
                return tags;
            target = new URL(next, this.#http.baseUrl(repo.registry));
        }
        throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} paginated endlessly`);
    }
    /**
     * The manifests whose `subject` is `digest`: from the OCI 1.1 referrers API, following `Link` pages (at
     * most `MAX_REFERRER_PAGES` pages and `MAX_REFERRERS` entries), or, on a registry that answers the API's
     * path with 404/405/501/400 or a redirect (GHCR's 303; remembered for the client's lifetime), from the referrers tag schema's
     * fallback index under the tag `sha256-<hex>` (404: no referrers). A 404 naming an unknown repository or
     * manifest (`NAME_UNKNOWN`, `MANIFEST_UNKNOWN`: the API exists) falls back for this lookup only. A listing
     * that is not an OCI image index is `MANIFEST_INVALID`. `artifactTypes` filters here, client-side (see
     * `ReferrersOptions`).
     */
    async listReferrers(repo, digest, options = {}) {
        const what = `list referrers of ${repo.repository}@${digest}`;
        if (!this.#withoutReferrersApi.has(repo.registry)) {
            const listed = await this.#referrersFromApi(repo, digest, what);
            if (listed !== undefined)
                return { source: 'referrers-api', descriptors: filterReferrers(listed, options.artifactTypes) };
        }
        const tag = referrersTag(digest);
        const fallback = await this.getManifest(repo, tag);
        if (fallback === undefined)
            return { source: 'referrers-tag', descriptors: [] };
        const where = `${repo.registry}/${repo.repository}:${tag}`;
        if (fallback.mediaType !== MEDIA_TYPES.ociIndex) {
            throw new lib/* SigilError */.XU('MANIFEST_INVALID', `The referrers index ${where} is a ${fallback.mediaType}, not an OCI image index.`);
        }
        const descriptors = parseReferrersIndex(fallback.bytes, where);
        if (descriptors.length > MAX_REFERRERS)
            throw tooManyReferrers(what, repo.registry);
        return { source: 'referrers-tag', descriptors: filterReferrers(descriptors, options.artifactTypes) };
    }
    async #referrersFromApi(repo, digest, what) {
        const descriptors = [];
        let target = referrersPath(repo, digest);
        for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
            const current = target;
            const response = await this.#retrying(repo, what, () => this.#http.request(repo, 'pull', {
                method: 'GET',
                target: current,
                headers: { accept: MEDIA_TYPES.ociIndex },
                maxBodyBytes: MAX_MANIFEST_BYTES,
            }));
            if (page === 0 && isNoReferrersApi(response)) {
                if (!namesUnknownContent(response))
                    this.#withoutReferrersApi.add(repo.registry);
                return undefined;
            }
            if (response.status !== 200)
                throw unexpectedResponse(response, repo.registry, what);
            descriptors.push(...parseReferrersIndex(response.body, `${repo.registry}/${repo.repository} (referrers of ${digest})`));
            if (descriptors.length > MAX_REFERRERS)
                throw tooManyReferrers(what, repo.registry);
            const next = nextLink(headerValue(response, 'link'));
            if (next === undefined)
                return descriptors;
            target = new URL(next, this.#http.baseUrl(repo.registry));
        }
        throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} paginated endlessly`);
    }
    #retrying(repo, what, attempt) {
        const context = {
            host: repo.registry,
            what,
            deadline: this.#deadline,
            options: this.#retry,
            env: this.#env,
        };
        return withRetries(context, attempt);
    }
    #uploadLocation(repo, response, what) {
        const location = headerValue(response, 'location');
        if (location === undefined) {
            throw new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} started an upload without a Location`);
        }
        return new URL(location, this.#http.baseUrl(repo.registry));
    }
}
/**
 * What a registry without the referrers API answers for its path: 404, 405, 501, 400, or a redirect away
 * from the API (GHCR answers 303 to a github.com page that is a 404; go-containerregistry follows it and
 * falls back, we fall back without following).
 */
function isNoReferrersApi(response) {
    return [404, 405, 501, 400].includes(response.status) || (response.status >= 300 && response.status < 400);
}
/** A 404 in the registry's error format naming an unknown repository or manifest: the API itself exists. */
function namesUnknownContent(response) {
    if (response.status !== 404)
        return false;
    try {
        const body = JSON.parse(new TextDecoder().decode(response.body));
        return (Array.isArray(body.errors) &&
            body.errors.some(({ code }) => code === 'NAME_UNKNOWN' || code === 'MANIFEST_UNKNOWN'));
    }
    catch {
        return false;
    }
}
/** A write not attempted (again) because what it would write was read too long ago; not retried. */
class StaleWrite extends Error {
    name = 'StaleWrite';
    constructor() {
        super('the bytes to write were read too long ago');
    }
}
/** A registry's refusal of a referrer or of the index that lists it: named, with its own words. */
function refused(error) {
    return new lib/* SigilError */.XU('REFERRER_REFUSED', `${error.message}; nothing was listed`, {
        cause: error,
        hint: 'The registry refuses this referrer (its size, media type or count): write `signature-format: legacy` for this registry, or raise its limits.',
    });
}
function tooManyReferrers(what, host) {
    return new lib/* SigilError */.XU('REGISTRY_PROTOCOL', `${what}: registry ${host} lists more than ${MAX_REFERRERS} referrers`);
}
/** A Docker-Content-Digest the registry sends must name the bytes we hold. */
function checkServedDigest(response, digest, what) {
    const served = headerValue(response, 'docker-content-digest');
    if (served !== undefined && served.startsWith('sha256:') && served !== digest)
        throw mismatch(what, digest, served);
}
function mismatch(what, actual, expected) {
    return new lib/* SigilError */.XU('CONTENT_DIGEST_MISMATCH', `${what}: the content has digest ${actual} but the registry or the request says ${expected}`);
}
;// CONCATENATED MODULE: ./packages/oci/lib/credential-helper.js

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NOT_FOUND = /credentials not found/i;
/**
 * Asks `docker-credential-<helper> get` for the credentials of `serverUrl`. Undefined when the helper
 * has none. A `<token>` username means the secret is an identity token.
 */
async function credentialFromHelper(helper, serverUrl, exec) {
    const program = `docker-credential-${helper}`;
    if (!HELPER_NAME.test(helper)) {
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', `"${helper}" is not a valid credential helper name`, {
            hint: 'Fix credHelpers/credsStore in the Docker config.',
        });
    }
    let result;
    try {
        result = await exec(program, ['get'], { input: serverUrl });
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', missing ? `${program} is not on PATH` : `${program} could not be run: ${error.message}`, {
            cause: error,
            hint: `Install ${program}, or remove it from credHelpers/credsStore in the Docker config.`,
        });
    }
    if (result.exitCode !== 0) {
        const said = `${result.stdout.toString('utf8')} ${result.stderr}`.trim().slice(0, 200);
        if (NOT_FOUND.test(said))
            return undefined;
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', `${program} get failed for ${serverUrl} (exit ${result.exitCode}): ${said}`, {
            hint: `Run "echo ${serverUrl} | ${program} get" on the runner to see why.`,
        });
    }
    return parseHelperOutput(result.stdout.toString('utf8'), program, serverUrl);
}
function parseHelperOutput(stdout, program, serverUrl) {
    let parsed;
    try {
        parsed = JSON.parse(stdout);
    }
    catch {
        // The output may hold a secret: never quote it.
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', `${program} get printed something other than JSON for ${serverUrl}`);
    }
    const { Username: username, Secret: secret } = (parsed ?? {});
    if (typeof username !== 'string' || typeof secret !== 'string') {
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', `${program} get did not print {"Username","Secret"} strings for ${serverUrl}`);
    }
    if (secret === '')
        return undefined;
    const source = `credential helper ${program}`;
    if (username === '<token>')
        return { kind: 'identity-token', token: secret, source };
    return { kind: 'basic', username, password: secret, source };
}
/** Helpers print one small JSON object: more than this is not a credential helper's answer. */
const MAX_HELPER_OUTPUT_BYTES = 1024 * 1024;
/**
 * An ExecFunction over the one process runner with exactly `env` (PATH decides where helpers are found),
 * `input` on stdin. A helper that cannot be started rejects with the system's error (ENOENT: not on PATH).
 */
function processExec(options) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const run = options.run ?? lib/* runProcess */.R3;
    return async (command, args, { input }) => {
        try {
            return await run(command, args, {
                env: options.env,
                timeoutMs,
                maxOutputBytes: MAX_HELPER_OUTPUT_BYTES,
                input,
            });
        }
        catch (error) {
            if (error instanceof lib/* ProcessFailure */.iq && error.kind === 'not-started')
                throw error.cause ?? error;
            throw error;
        }
    };
}
;// CONCATENATED MODULE: ./packages/oci/lib/docker-config.js


/** The server address docker login uses for Docker Hub (in `auths` and for credential helpers). */
const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set([
    'index.docker.io',
    'docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
/** The host a Docker config key stands for: scheme and path dropped, lower case, Docker Hub aliases merged. */
function dockerConfigHost(key) {
    const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const host = withoutScheme.split('/')[0]?.toLowerCase() ?? '';
    return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB_REGISTRY : host;
}
/** The address credential helpers know a registry by. */
function credentialHelperServerUrl(registry) {
    return dockerConfigHost(registry) === DOCKER_HUB_REGISTRY ? DOCKER_HUB_SERVER_URL : registry;
}
function parseDockerConfig(text, path) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        // Not kept as the cause: V8 quotes the text around the error, which may be a credential.
        throw configError(path, 'is not valid JSON');
    }
    if (!(0,lib/* isRecord */.u4)(parsed))
        throw configError(path, 'is not a JSON object');
    const auths = new Map();
    for (const [key, value] of Object.entries(objectField(parsed, 'auths', path))) {
        if (!(0,lib/* isRecord */.u4)(value))
            throw configError(path, `has an auths entry for "${key}" that is not an object`);
        auths.set(dockerConfigHost(key), authEntry(value, key, path));
    }
    const credHelpers = new Map();
    for (const [key, value] of Object.entries(objectField(parsed, 'credHelpers', path))) {
        if (typeof value !== 'string')
            throw configError(path, `has a credHelpers entry for "${key}" that is not a string`);
        credHelpers.set(dockerConfigHost(key), value);
    }
    const credsStore = parsed.credsStore;
    if (credsStore !== undefined && typeof credsStore !== 'string') {
        throw configError(path, 'has a credsStore that is not a string');
    }
    return { path, auths, credHelpers, ...(credsStore ? { credsStore } : {}) };
}
/** Credentials stored directly in `auths` for a registry; undefined when there are none. */
function credentialFromAuths(config, registry) {
    const entry = config.auths.get(dockerConfigHost(registry));
    if (entry === undefined)
        return undefined;
    const source = `docker config ${config.path}`;
    if (entry.registrytoken)
        return { kind: 'registry-token', token: entry.registrytoken, source };
    if (entry.identitytoken)
        return { kind: 'identity-token', token: entry.identitytoken, source };
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0 || !/^[A-Za-z0-9+/=\s]+$/.test(entry.auth)) {
            throw configError(config.path, `has an "auth" for ${registry} that is not base64 of "user:password"`);
        }
        return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
    }
    if (entry.username && entry.password) {
        return { kind: 'basic', username: entry.username, password: entry.password, source };
    }
    return undefined;
}
function authEntry(value, key, path) {
    const entry = {};
    for (const field of ['auth', 'username', 'password', 'identitytoken', 'registrytoken']) {
        const v = value[field];
        if (v === undefined || v === null)
            continue;
        if (typeof v !== 'string')
            throw configError(path, `has an auths entry for "${key}" whose ${field} is not a string`);
        entry[field] = v;
    }
    return entry;
}
function objectField(parsed, name, path) {
    const value = parsed[name];
    if (value === undefined || value === null)
        return {};
    if (!(0,lib/* isRecord */.u4)(value))
        throw configError(path, `has a "${name}" that is not an object`);
    return value;
}
function configError(path, problem) {
    return new lib/* SigilError */.XU('REGISTRY_AUTH', `the Docker config ${path} ${problem}`, {
        hint: 'Fix or remove the file, or run docker login (docker/login-action) again.',
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/credential-source.js




/**
 * Credentials in the order docker uses them: explicit inputs first, then the registry's
 * `credHelpers` entry, then `credsStore`, then `auths`. Each registry is looked up once.
 */
function createCredentialSource(options) {
    const cache = new Map();
    return (registry) => {
        const host = dockerConfigHost(registry);
        let found = cache.get(host);
        if (found === undefined) {
            found = lookUp(options, registry);
            cache.set(host, found);
            found.catch(() => cache.delete(host));
        }
        return found;
    };
}
async function lookUp(options, registry) {
    const { explicit, dockerConfig } = options;
    if (explicit !== undefined) {
        return {
            kind: 'basic',
            username: explicit.username,
            password: explicit.password,
            source: EXPLICIT_SOURCE,
        };
    }
    if (dockerConfig === undefined)
        return undefined;
    const helper = dockerConfig.credHelpers.get(dockerConfigHost(registry));
    if (helper !== undefined)
        return fromHelper(helper, registry, dockerConfig, options.exec);
    if (dockerConfig.credsStore !== undefined) {
        const stored = await fromHelper(dockerConfig.credsStore, registry, dockerConfig, options.exec);
        if (stored !== undefined)
            return stored;
    }
    return credentialFromAuths(dockerConfig, registry);
}
function fromHelper(helper, registry, config, exec) {
    if (exec === undefined) {
        throw new lib/* SigilError */.XU('CREDENTIAL_HELPER', `the Docker config ${config.path} names credential helper docker-credential-${helper}, but no way to run programs was given`);
    }
    return credentialFromHelper(helper, credentialHelperServerUrl(registry), exec);
}
;// CONCATENATED MODULE: ./packages/oci/lib/manifest-digest-format.js
/**
 * The manifest digest forms sigil accepts in payloads and policies: the algorithms go-digest's `Parse`
 * knows (sha256, sha384, sha512), lowercase hex of the right length.
 */
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;
function isManifestDigest(value) {
    return DIGEST.test(value);
}
;// CONCATENATED MODULE: ./packages/oci/lib/image-index.js


const INDEX_MEDIA_TYPES = new Set([
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifestList,
]);
const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
function isIndexMediaType(mediaType) {
    return INDEX_MEDIA_TYPES.has(mediaType);
}
/** `linux/arm64/v8`, `unknown/unknown`, or `unspecified platform` when the index gives none. */
function formatPlatform(platform) {
    if (platform === undefined)
        return 'unspecified platform';
    const parts = [platform.os, platform.architecture];
    if (platform.variant !== undefined && platform.variant !== '')
        parts.push(platform.variant);
    return parts.join('/');
}
/**
 * The children of an image index, in index order; undefined when `manifest` is not an index. A
 * malformed index is an error: what it lists decides what gets signed or must verify.
 */
function indexChildren(manifest, where) {
    if (!isIndexMediaType(manifest.mediaType))
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest.bytes));
    }
    catch (cause) {
        throw image_index_invalid(where, 'is not valid UTF-8 JSON', cause);
    }
    if (!(0,lib/* isRecord */.u4)(parsed) || !Array.isArray(parsed['manifests']))
        throw image_index_invalid(where, 'has no "manifests" array');
    return parsed['manifests'].map((entry, position) => {
        if (!(0,lib/* isRecord */.u4)(entry))
            throw image_index_invalid(where, `entry ${position} is not an object`);
        const { digest, mediaType, platform } = entry;
        if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) {
            throw image_index_invalid(where, `entry ${position} has digest ${JSON.stringify(digest)}, not sha256:<64 hex>`);
        }
        if (typeof mediaType !== 'string' || mediaType === '')
            throw image_index_invalid(where, `entry ${position} has no mediaType`);
        return { digest, mediaType, platform: parsePlatform(platform) };
    });
}
function parsePlatform(value) {
    if (!(0,lib/* isRecord */.u4)(value))
        return undefined;
    const { architecture, os, variant } = value;
    if (typeof architecture !== 'string' || typeof os !== 'string')
        return undefined;
    return { architecture, os, ...(typeof variant === 'string' ? { variant } : {}) };
}
function image_index_invalid(where, problem, cause) {
    return new lib/* SigilError */.XU('MANIFEST_INVALID', `The image index ${where} ${problem}.`, { cause });
}
;// CONCATENATED MODULE: ./packages/oci/lib/image-target.js


/**
 * Pins a reference to a digest. A digest reference is used as is (a tag next to it is ignored, as
 * docker does); a tag is resolved once, with a warning that the digest is what counts from now on.
 */
async function resolveImageTarget(registry, image, reference, logger = lib/* silentLogger */.qq) {
    const repo = { registry: reference.registry, repository: reference.repository };
    if (reference.digest !== undefined)
        return { image, repo, digest: reference.digest, tag: undefined };
    const tag = reference.tag ?? 'latest';
    const digest = await registry.resolveDigest(repo, tag);
    if (digest === undefined) {
        throw new lib/* SigilError */.XU('MANIFEST_NOT_FOUND', `${repositoryName(repo)}:${tag} does not exist (no such tag).`, {
            field: 'image-reference',
            hint: 'Push the image first, or reference it by digest (registry/repo@sha256:…).',
        });
    }
    logger.warning(`${image} is a tag; it was resolved to ${digest}, and that digest is what is used. Reference images by digest to pin them.`);
    return { image, repo, digest, tag };
}
/** `registry/repository@sha256:…` */
function pinnedReference(target) {
    return `${repositoryName(target.repo)}@${target.digest}`;
}
/**
 * The one "each digest once" rule: items naming the same `registry/repository@digest` form one group,
 * at the first one's position, members in input order; an item without a target (not pinned) stands alone.
 */
function groupByDigest(items, targetOf) {
    const groups = [];
    const byDigest = new Map();
    for (const item of items) {
        const target = targetOf(item);
        if (target === undefined) {
            groups.push([item]);
            continue;
        }
        const id = pinnedReference(target);
        const group = byDigest.get(id);
        if (group === undefined) {
            const created = [item];
            byDigest.set(id, created);
            groups.push(created);
        }
        else {
            group.push(item);
        }
    }
    return groups;
}
/** The first target for each `registry/repository@digest`, in input order. */
function uniqueTargets(targets) {
    return groupByDigest(targets, (target) => target).map(([first]) => first);
}
/**
 * Parses the entries of an image list input strictly: every entry must be a valid reference, and the list
 * must not be empty. Errors name `input`.
 */
function parseImageList(entries, input) {
    if (entries.length === 0) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\` lists no image`, {
            input,
            hint: `List one image per line in \`${input}\`, as registry/repo:tag or registry/repo@sha256:<hex>.`,
        });
    }
    return entries.map((image) => {
        try {
            return { image, reference: parseReference(image) };
        }
        catch (error) {
            const message = (0,lib/* isSigilError */.td)(error) ? error.message : String(error);
            throw new lib/* SigilError */.XU('REFERENCE_INVALID', `input \`${input}\`: ${message}`, {
                cause: error,
                input,
                hint: 'Write each image as registry/repository:tag or registry/repository@sha256:<64 lowercase hex>.',
            });
        }
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/platform-manifests.js



const MAX_INDEX_DEPTH = 4;
/**
 * Reads the digest's manifest and, when it is an index, lists its manifests and those of nested indexes
 * (read in turn, at most four levels). A child's kind is taken from its media type in the index, which the
 * index digest covers. Throws `MANIFEST_NOT_FOUND` when the digest does not exist, `MANIFEST_INVALID` for
 * a malformed or too deeply nested index, and registry errors as they come.
 */
async function manifestTree(registry, target) {
    const platforms = await listPlatforms(registry, target, 0);
    return platforms === undefined ? { isIndex: false } : { isIndex: true, platforms };
}
async function listPlatforms(registry, target, depth) {
    const where = pinnedReference(target);
    const manifest = await registry.getManifest(target.repo, target.digest);
    if (manifest === undefined)
        throw new lib/* SigilError */.XU('MANIFEST_NOT_FOUND', `${where} does not exist`);
    const children = indexChildren(manifest, where);
    if (children === undefined)
        return undefined;
    if (depth >= MAX_INDEX_DEPTH) {
        throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${where} nests indexes more than ${MAX_INDEX_DEPTH} deep`);
    }
    const listed = [];
    for (const child of children) {
        const platform = formatPlatform(child.platform);
        const isIndex = isIndexMediaType(child.mediaType);
        listed.push({
            digest: child.digest,
            platform,
            isIndex,
            runnable: !isIndex && platform !== 'unknown/unknown',
        });
        if (isIndex) {
            listed.push(...((await listPlatforms(registry, { repo: target.repo, digest: child.digest }, depth + 1)) ?? []));
        }
    }
    return listed;
}
;// CONCATENATED MODULE: ./packages/oci/lib/docker-repository.js

/**
 * The repository a docker reference names, as `<registry>/<path>`, with any tag or digest removed and
 * Docker Hub spelled one way (`docker.io`, `index.docker.io`, `busybox` and `library/busybox` are the
 * same repository). `undefined` when the text is not a valid docker reference. One parser for the
 * whole product: the same rules that read the `images` input read the identity inside a payload.
 */
function dockerRepositoryOf(reference) {
    try {
        return repositoryName(parseReference(reference));
    }
    catch {
        return undefined;
    }
}
;// CONCATENATED MODULE: ./packages/oci/lib/image-existence.js

const WORDING = {
    sign: { nothing: 'nothing to sign', push: 'signing' },
    attest: { nothing: 'nothing to attest', push: 'attesting' },
};
/** Throws MANIFEST_NOT_FOUND (naming the `images` input) unless the target's digest exists in its repository. */
async function requireImage(registry, target, action) {
    // A digest just resolved from a tag was served by the registry a moment ago: asking again proves nothing.
    if (target.tag !== undefined)
        return;
    if ((await registry.resolveDigest(target.repo, target.digest)) === undefined) {
        throw imageNotFound(target.image, action);
    }
}
function imageNotFound(image, action) {
    const wording = WORDING[action];
    return new lib/* SigilError */.XU('MANIFEST_NOT_FOUND', `${image} does not exist in the registry; ${wording.nothing}.`, {
        field: 'image-reference',
        hint: `Push the image before ${wording.push} it, and check the digest.`,
    });
}
;// CONCATENATED MODULE: ./packages/oci/lib/index.js




















/***/ }),

/***/ 28074:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  us: () => (/* reexport */ SLSA_PROVENANCE_V1),
  c0: () => (/* reexport */ buildContextProblems),
  Sw: () => (/* reexport */ buildProvenance),
  AD: () => (/* reexport */ provenanceBuilderId),
  Xs: () => (/* reexport */ provenanceSource),
  kq: () => (/* reexport */ validateSlsaV1Predicate)
});

// UNUSED EXPORTS: SLSA_PROVENANCE_V02, builderIdMatches, sourceMatches, validateSlsaV02Predicate

;// CONCATENATED MODULE: ./packages/provenance/lib/slsa-provenance.js
/** The in-toto predicate type of SLSA Provenance v1 (`cosign attest --type slsaprovenance1`). */
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** SLSA Provenance v0.2 (`cosign attest --type slsaprovenance`), still written by older tooling. */
const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
/** The build type GitHub's own build provenance (`actions/attest-build-provenance`) uses. */
const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
;// CONCATENATED MODULE: ./packages/provenance/lib/build-context.js
const SERVER_URL = /^https?:\/\/[^/\s?#@]+(?:\/[^\s?#@]*[^/\s?#@])?$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const NUMERIC_ID = /^[1-9][0-9]*$/;
const GIT_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const EVENT_NAME = /^[a-z_]+$/;
const RUNNER_ENVIRONMENTS = ['github-hosted', 'self-hosted'];
/**
 * Every problem of `context`, first field first; empty when the context makes a sound predicate. The
 * action uses the problems to name the runner variable to fix; `buildProvenance` refuses on the first.
 */
function buildContextProblems(context) {
    const problems = [];
    const check = (field, ok, problem) => {
        if (!ok)
            problems.push({ field, problem });
    };
    check('serverUrl', SERVER_URL.test(context.serverUrl), 'is not an http(s) URL without a trailing slash, query or credentials');
    check('repository', REPOSITORY.test(context.repository), 'is not `owner/name`');
    check('repositoryId', NUMERIC_ID.test(context.repositoryId), 'is not a numeric id');
    check('repositoryOwnerId', NUMERIC_ID.test(context.repositoryOwnerId), 'is not a numeric id');
    check('eventName', EVENT_NAME.test(context.eventName), 'is not an event name such as `push`');
    check('ref', /^refs\/\S+$/.test(context.ref), 'is not a git ref (`refs/…`)');
    check('sha', GIT_COMMIT.test(context.sha), 'is not a git commit id (40 or 64 lowercase hex digits)');
    check('workflowRef', splitWorkflowRef(context.workflowRef, context.repository) !== undefined, `is not \`${context.repository}/<path of a .yml or .yaml file>@<ref>\``);
    if (context.jobWorkflowRef !== undefined) {
        check('jobWorkflowRef', /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\S+\.ya?ml@\S+$/.test(context.jobWorkflowRef), 'is not `owner/name/<path of a .yml or .yaml file>@<ref>`');
    }
    check('runId', NUMERIC_ID.test(context.runId), 'is not a numeric id');
    check('runAttempt', NUMERIC_ID.test(context.runAttempt), 'is not a positive whole number');
    check('runnerEnvironment', RUNNER_ENVIRONMENTS.includes(context.runnerEnvironment), `is not one of ${RUNNER_ENVIRONMENTS.map((value) => `\`${value}\``).join(', ')}`);
    return problems;
}
/**
 * `owner/name/.github/workflows/release.yml@refs/tags/v1@2` → the path and the ref. The path ends at
 * the first `.yml@` or `.yaml@` (workflow files have one of those extensions), so an `@` in the ref,
 * as in a changesets tag `refs/tags/@scope/pkg@1.0.0`, stays in the ref.
 */
function splitWorkflowRef(workflowRef, repository) {
    const prefix = `${repository}/`;
    if (workflowRef.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase())
        return undefined;
    const match = /^(\S+?\.ya?ml)@(\S+)$/.exec(workflowRef.slice(prefix.length));
    if (match === null)
        return undefined;
    const [, path, ref] = match;
    return path === undefined || ref === undefined ? undefined : { path, ref };
}
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
;// CONCATENATED MODULE: ./packages/provenance/lib/github-provenance.js



/**
 * The SLSA Provenance v1 predicate of a workflow run, in the shape of GitHub's own build provenance
 * (build type `https://actions.github.io/buildtypes/workflow/v1`), so that a policy written for
 * `actions/attest-build-provenance` reads it the same way. Refuses an unsound context (INPUT_INVALID).
 */
function buildProvenance(context) {
    const first = buildContextProblems(context)[0];
    if (first !== undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `build context: \`${first.field}\` ${first.problem}`, {
            hint: 'Provenance is made from the workflow run: run the step in GitHub Actions, or give a predicate file.',
        });
    }
    const workflow = splitWorkflowRef(context.workflowRef, context.repository);
    if (workflow === undefined)
        throw new lib/* SigilError */.XU('INTERNAL', 'a checked workflow ref did not split');
    const repositoryUrl = `${context.serverUrl}/${context.repository}`;
    return {
        buildDefinition: {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: {
                workflow: { ref: workflow.ref, repository: repositoryUrl, path: workflow.path },
            },
            internalParameters: {
                github: {
                    event_name: context.eventName,
                    repository_id: context.repositoryId,
                    repository_owner_id: context.repositoryOwnerId,
                    runner_environment: context.runnerEnvironment,
                },
            },
            resolvedDependencies: [
                { uri: `git+${repositoryUrl}@${context.ref}`, digest: { gitCommit: context.sha } },
            ],
        },
        runDetails: {
            builder: { id: `${context.serverUrl}/${context.jobWorkflowRef ?? context.workflowRef}` },
            metadata: {
                invocationId: `${repositoryUrl}/actions/runs/${context.runId}/attempts/${context.runAttempt}`,
            },
        },
    };
}
;// CONCATENATED MODULE: ./packages/provenance/lib/predicate-validation.js
class Invalid extends Error {
}
/**
 * Checks that `predicate` (parsed JSON) is a SLSA Provenance v1 predicate
 * (https://slsa.dev/spec/v1.0/provenance): `buildDefinition` with a `buildType` URI and
 * `externalParameters` object, optional `internalParameters`, `resolvedDependencies` as resource
 * descriptors, and `runDetails` with a `builder.id` URI; optional metadata with RFC 3339 times. Unknown
 * fields are allowed, as the spec says consumers must ignore them. The message names the first bad field.
 */
function validateSlsaV1Predicate(predicate) {
    return checking(() => {
        const root = object(predicate, 'predicate');
        const definition = object(root['buildDefinition'], 'buildDefinition');
        uri(definition['buildType'], 'buildDefinition.buildType');
        object(definition['externalParameters'], 'buildDefinition.externalParameters');
        optional(definition['internalParameters'], (value) => object(value, 'buildDefinition.internalParameters'));
        optional(definition['resolvedDependencies'], (value) => resourceDescriptors(value, 'buildDefinition.resolvedDependencies'));
        const details = object(root['runDetails'], 'runDetails');
        const builder = object(details['builder'], 'runDetails.builder');
        uri(builder['id'], 'runDetails.builder.id');
        optional(builder['version'], (value) => stringMap(value, 'runDetails.builder.version'));
        optional(builder['builderDependencies'], (value) => resourceDescriptors(value, 'runDetails.builder.builderDependencies'));
        optional(details['metadata'], (value) => {
            const metadata = object(value, 'runDetails.metadata');
            optional(metadata['invocationId'], (id) => string(id, 'runDetails.metadata.invocationId'));
            optional(metadata['startedOn'], (time) => timestamp(time, 'runDetails.metadata.startedOn'));
            optional(metadata['finishedOn'], (time) => timestamp(time, 'runDetails.metadata.finishedOn'));
        });
        optional(details['byproducts'], (value) => resourceDescriptors(value, 'runDetails.byproducts'));
    });
}
/**
 * Checks that `predicate` is a SLSA Provenance v0.2 predicate (https://slsa.dev/spec/v0.2/provenance),
 * as `cosign attest --type slsaprovenance` stores it: `builder.id` and `buildType` URIs, optional
 * `invocation`, `metadata` and `materials`.
 */
function validateSlsaV02Predicate(predicate) {
    return checking(() => {
        const root = object(predicate, 'predicate');
        uri(object(root['builder'], 'builder')['id'], 'builder.id');
        uri(root['buildType'], 'buildType');
        optional(root['invocation'], (value) => {
            const invocation = object(value, 'invocation');
            optional(invocation['configSource'], (source) => {
                const configSource = object(source, 'invocation.configSource');
                optional(configSource['uri'], (text) => uri(text, 'invocation.configSource.uri'));
                optional(configSource['digest'], (digest) => stringMap(digest, 'invocation.configSource.digest'));
                optional(configSource['entryPoint'], (text) => string(text, 'invocation.configSource.entryPoint'));
            });
        });
        optional(root['metadata'], (value) => {
            const metadata = object(value, 'metadata');
            optional(metadata['buildInvocationId'], (id) => string(id, 'metadata.buildInvocationId'));
            optional(metadata['buildStartedOn'], (time) => timestamp(time, 'metadata.buildStartedOn'));
            optional(metadata['buildFinishedOn'], (time) => timestamp(time, 'metadata.buildFinishedOn'));
        });
        optional(root['materials'], (value) => {
            array(value, 'materials').forEach((item, index) => {
                const material = object(item, `materials[${index}]`);
                optional(material['uri'], (text) => uri(text, `materials[${index}].uri`));
                optional(material['digest'], (digest) => stringMap(digest, `materials[${index}].digest`));
            });
        });
    });
}
function checking(check) {
    try {
        check();
        return { ok: true };
    }
    catch (error) {
        if (error instanceof Invalid)
            return { ok: false, message: error.message };
        throw error;
    }
}
function optional(value, check) {
    if (value !== undefined)
        check(value);
}
function object(value, path) {
    if (value === undefined)
        throw new Invalid(`${path} is missing`);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new Invalid(`${path} is not a JSON object`);
    }
    return value;
}
function array(value, path) {
    if (!Array.isArray(value))
        throw new Invalid(`${path} is not a JSON array`);
    return value;
}
function string(value, path) {
    if (value === undefined)
        throw new Invalid(`${path} is missing`);
    if (typeof value !== 'string')
        throw new Invalid(`${path} is not a string`);
    return value;
}
// A URI as SLSA uses them: a scheme, then something (https://…, git+https://…, pkg:…, urn:…).
function uri(value, path) {
    const text = string(value, path);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(text))
        throw new Invalid(`${path} is not a URI: ${quote(text)}`);
    return text;
}
function stringMap(value, path) {
    for (const [key, entry] of Object.entries(object(value, path)))
        string(entry, `${path}.${key}`);
}
// RFC 3339 as the spec requires (a time zone is mandatory), and a real date.
function timestamp(value, path) {
    const text = string(value, path);
    const shaped = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(text);
    if (!shaped || Number.isNaN(Date.parse(text))) {
        throw new Invalid(`${path} is not an RFC 3339 timestamp: ${quote(text)}`);
    }
}
function resourceDescriptors(value, path) {
    array(value, path).forEach((item, index) => {
        const at = `${path}[${index}]`;
        const descriptor = object(item, at);
        optional(descriptor['uri'], (text) => uri(text, `${at}.uri`));
        optional(descriptor['name'], (text) => string(text, `${at}.name`));
        optional(descriptor['digest'], (digest) => stringMap(digest, `${at}.digest`));
        optional(descriptor['content'], (content) => string(content, `${at}.content`));
        if (descriptor['uri'] === undefined &&
            descriptor['digest'] === undefined &&
            descriptor['content'] === undefined) {
            throw new Invalid(`${at} has none of uri, digest, content`);
        }
    });
}
function quote(text) {
    return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
;// CONCATENATED MODULE: ./packages/provenance/lib/provenance-claims.js
/**
 * What a provenance predicate claims about where an artifact came from, for policies such as the
 * gate's `provenance-source` and `provenance-builder`. Each reader takes the parsed predicate of a
 * SLSA v1 or v0.2 attestation (validated first) and answers `undefined` when the claim is absent.
 */
/**
 * The source repository the provenance names, as a URL without `git+` and without `@ref`:
 * `https://github.com/owner/repo`. SLSA v1: `externalParameters.workflow.repository` (GitHub's build
 * types), else the first resolved dependency's URI. SLSA v0.2: `invocation.configSource.uri`, else the
 * first material's URI.
 */
function provenanceSource(predicate) {
    const root = record(predicate);
    const definition = record(root?.['buildDefinition']);
    if (definition !== undefined) {
        const workflow = record(record(definition['externalParameters'])?.['workflow']);
        const repository = provenance_claims_text(workflow?.['repository']);
        if (repository !== undefined)
            return repositoryUrl(repository);
        const dependencies = definition['resolvedDependencies'];
        const first = Array.isArray(dependencies) ? record(dependencies[0]) : undefined;
        const uri = provenance_claims_text(first?.['uri']);
        return uri === undefined ? undefined : repositoryUrl(uri);
    }
    const configUri = provenance_claims_text(record(record(root?.['invocation'])?.['configSource'])?.['uri']);
    if (configUri !== undefined)
        return repositoryUrl(configUri);
    const materials = root?.['materials'];
    const material = provenance_claims_text(Array.isArray(materials) ? record(materials[0])?.['uri'] : undefined);
    return material === undefined ? undefined : repositoryUrl(material);
}
/** The builder id: `runDetails.builder.id` (SLSA v1) or `builder.id` (v0.2). */
function provenanceBuilderId(predicate) {
    const root = record(predicate);
    const v1 = record(record(root?.['runDetails'])?.['builder']);
    if (v1 !== undefined)
        return provenance_claims_text(v1['id']);
    return provenance_claims_text(record(root?.['builder'])?.['id']);
}
/**
 * Whether a source URL names the `expected` repository. `expected` is a URL (`https://github.com/o/r`,
 * which must match host and path) or `owner/repo` (which matches that path on any host, e.g. a GHES
 * server). Letter case is ignored, as GitHub ignores it; a trailing `.git` or `/` is ignored.
 */
function sourceMatches(source, expected) {
    const actual = splitUrl(repositoryUrl(source));
    const wanted = expected.includes('://') ? splitUrl(repositoryUrl(expected)) : undefined;
    if (actual === undefined)
        return false;
    if (wanted !== undefined)
        return actual.host === wanted.host && actual.path === wanted.path;
    return actual.path === trimRepository(expected).toLowerCase();
}
/**
 * Whether `builderId` starts with `prefix` at a boundary: equal, or the prefix ends with `/` or `@`, or
 * the id continues with `/` or `@`. So `https://github.com/org/repo` does not admit `…/org/repo-fork`.
 */
function builderIdMatches(builderId, prefix) {
    if (prefix === '' || !builderId.startsWith(prefix))
        return false;
    if (builderId.length === prefix.length || prefix.endsWith('/') || prefix.endsWith('@'))
        return true;
    const next = builderId[prefix.length];
    return next === '/' || next === '@';
}
// `git+https://host/owner/repo@refs/heads/main` → `https://host/owner/repo`
function repositoryUrl(uri) {
    const withoutScheme = uri.startsWith('git+') ? uri.slice('git+'.length) : uri;
    const schemeEnd = withoutScheme.indexOf('://');
    const pathStart = schemeEnd === -1 ? 0 : withoutScheme.indexOf('/', schemeEnd + 3);
    const at = pathStart === -1 ? -1 : withoutScheme.indexOf('@', pathStart);
    return trimRepository(at === -1 ? withoutScheme : withoutScheme.slice(0, at));
}
function trimRepository(value) {
    return value
        .trim()
        .replace(/\/+$/, '')
        .replace(/\.git$/, '');
}
function splitUrl(url) {
    const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/]+)\/(.+)$/.exec(url);
    if (match === null)
        return undefined;
    return { host: (match[1] ?? '').toLowerCase(), path: (match[2] ?? '').toLowerCase() };
}
function record(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
function provenance_claims_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
;// CONCATENATED MODULE: ./packages/provenance/lib/index.js






/***/ }),

/***/ 75108:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  oZ: () => (/* reexport */ CERTIFICATE_ANNOTATION),
  CB: () => (/* reexport */ CHAIN_ANNOTATION),
  MF: () => (/* reexport */ KEYLESS_SIGNER_SIGNIFICANCE),
  zM: () => (/* reexport */ MAX_SIGNATURE_LAYERS),
  BJ: () => (/* reexport */ REKOR_BUNDLE_ANNOTATION),
  ZB: () => (/* reexport */ SIGNATURE_ANNOTATION),
  qv: () => (/* reexport */ cosignTag),
  H9: () => (/* reexport */ cosignTagLock),
  gC: () => (/* reexport */ digestsToSign),
  ZV: () => (/* reexport */ fetchLayerBlob),
  Nm: () => (/* reexport */ mostSignificant),
  XY: () => (/* reexport */ parseSignatureManifest),
  Ct: () => (/* reexport */ signEachImage),
  jV: () => (/* reexport */ signImage),
  U_: () => (/* reexport */ signImages),
  nc: () => (/* reexport */ signatureLayerDescriptor),
  wm: () => (/* reexport */ signatureRef),
  bG: () => (/* reexport */ signatureTag),
  a$: () => (/* reexport */ verifyImageSignatures),
  uo: () => (/* reexport */ writeCosignImage)
});

// UNUSED EXPORTS: reservedAnnotationKey

// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var oci_lib = __nccwpck_require__(80225);
;// CONCATENATED MODULE: ./packages/signatures/lib/payload.js



const SIMPLE_SIGNING_TYPE = 'cosign container image signature';
const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
/**
 * `optional` keys whose value containers/image (podman, skopeo) and sigil's gate read with a type other
 * than string: `timestamp` is Unix seconds as an integer. An annotation is always a string, so one under
 * such a key would make a payload every strict verifier refuses (PAYLOAD_INVALID).
 */
const NON_STRING_OPTIONAL_KEYS = ['timestamp'];
/** The first annotation key that cannot be written as a string annotation, if any. */
function reservedAnnotationKey(annotations) {
    return Object.keys(annotations).find((key) => NON_STRING_OPTIONAL_KEYS.includes(key));
}
/**
 * The simple-signing payload cosign writes (sigstore/sigstore `payload.Cosign`), byte for byte: compact
 * JSON, keys in the order `critical.identity`, `critical.image`, `critical.type`, `optional`; `optional`
 * is `null` without annotations, else the annotations with keys sorted bytewise (Go map order); strings
 * escaped as Go does, including `<`, `>`, `&`, U+2028 and U+2029. The JSON is assembled by hand because a
 * JavaScript object would reorder integer-like annotation keys.
 */
function simpleSigningPayload(identity, digest, annotations) {
    if (identity === '')
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'the payload identity (docker reference) is empty');
    if (!(0,oci_lib/* isManifestDigest */.is)(digest)) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `not a manifest digest: ${JSON.stringify(digest)}`, {
            hint: 'Sign a digest of the form sha256:<64 lowercase hex>.',
        });
    }
    const reserved = reservedAnnotationKey(annotations ?? {});
    if (reserved !== undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `the annotation ${JSON.stringify(reserved)} is reserved: verifiers read optional.${reserved} as an integer, not a string`, { hint: `Use another annotation key than ${JSON.stringify(reserved)}.` });
    }
    const entries = Object.entries(annotations ?? {}).sort(([a], [b]) => Buffer.compare(utf8(a), utf8(b)));
    const optional = entries.length === 0
        ? 'null'
        : `{${entries.map(([k, v]) => `${(0,lib/* goJsonString */.AZ)(k)}:${(0,lib/* goJsonString */.AZ)(v)}`).join(',')}}`;
    const text = `{"critical":{"identity":{"docker-reference":${(0,lib/* goJsonString */.AZ)(identity)}},` +
        `"image":{"docker-manifest-digest":${(0,lib/* goJsonString */.AZ)(digest)}},"type":${(0,lib/* goJsonString */.AZ)(SIMPLE_SIGNING_TYPE)}},` +
        `"optional":${optional}}`;
    return utf8(text);
}
function utf8(text) {
    return new TextEncoder().encode(text);
}
;// CONCATENATED MODULE: ./packages/signatures/lib/signature-image.js



/** Layer annotation holding the std-base64 DER signature over the layer blob (spec §3.3). */
const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
/** cosign's Rekor bundle annotation on a `.sig` layer (the entry's SET and payload). */
const REKOR_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';
/** cosign's keyless annotations: the signing certificate and the rest of its chain (PEM). */
const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
const CHAIN_ANNOTATION = 'dev.sigstore.cosign/chain';
/** cosign refuses to grow a signature image beyond this many layers (`maxLayers`). */
const MAX_SIGNATURE_LAYERS = 1000;
const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const encoder = new TextEncoder();
const KIND_NOUN = { sig: 'signature', att: 'attestation' };
/** The tag under which cosign stores the signatures of `digest`: `sha256-<hex>.sig`. */
function signatureTag(digest) {
    return cosignTag(digest, 'sig');
}
/** `sha256-<hex>.sig` or `sha256-<hex>.att`. */
function cosignTag(digest, kind) {
    if (!DIGEST_PATTERN.test(digest)) {
        throw new lib/* SigilError */.XU('INTERNAL', `${kind === 'sig' ? 'signatureTag' : 'attestationTag'} needs a sha256 digest, got "${digest}"`);
    }
    return `${digest.replace(':', '-')}.${kind}`;
}
/**
 * Parses what the registry serves under a `.sig` (or, with kind `att`, `.att`) tag. Only an OCI image
 * manifest is a signature image: containers/image rejects Docker media types there, and an index or anything else means the
 * tag holds something we must not overwrite.
 */
function parseSignatureManifest(response, where, kind = 'sig') {
    const invalid = (problem, cause) => invalidManifest(kind, where, problem, cause);
    if (response.mediaType !== oci_lib/* MEDIA_TYPES */.Z2.ociManifest) {
        throw invalid(`is served as "${response.mediaType}", not as an OCI image manifest`);
    }
    let parsed;
    try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.bytes));
    }
    catch (cause) {
        throw invalid('is not valid UTF-8 JSON', cause);
    }
    if (!(0,lib/* isRecord */.u4)(parsed))
        throw invalid('is not a JSON object');
    if (parsed['schemaVersion'] !== 2)
        throw invalid('does not have schemaVersion 2');
    if (parsed['mediaType'] !== undefined && parsed['mediaType'] !== oci_lib/* MEDIA_TYPES */.Z2.ociManifest) {
        throw invalid(`declares mediaType ${JSON.stringify(parsed['mediaType'])}, not an OCI image manifest`);
    }
    const config = parseDescriptor(parsed['config'], `${where} config`, kind);
    const layerValues = parsed['layers'];
    if (!Array.isArray(layerValues))
        throw invalid('has no "layers" array');
    const rawLayers = [];
    const layers = layerValues.map((value, index) => {
        const descriptor = parseDescriptor(value, `${where} layer ${index}`, kind);
        rawLayers.push(value);
        return descriptor;
    });
    const annotations = parsed['annotations'];
    if (annotations !== undefined && !isStringRecord(annotations)) {
        throw invalid('has annotations that are not a string-to-string object');
    }
    return { config, layers, rawLayers, annotations };
}
/**
 * The config blob go-containerregistry writes for a signature image: `empty.Image` plus one history
 * entry per layer, `diff_ids` listing the (uncompressed) payload digests — byte-identical to cosign's.
 */
function signatureConfig(layerDigests) {
    return encoder.encode(JSON.stringify({
        architecture: '',
        created: ZERO_TIME,
        history: layerDigests.map(() => ({ created: ZERO_TIME })),
        os: '',
        rootfs: { type: 'layers', diff_ids: layerDigests },
        config: {},
    }));
}
/**
 * The descriptor of a new signature (or, with the DSSE media type, attestation) layer, in
 * go-containerregistry's field order, its annotations sorted by key as Go marshals cosign's annotation map.
 */
function signatureLayerDescriptor(payload, annotations, mediaType = SIMPLE_SIGNING_MEDIA_TYPE) {
    return {
        mediaType,
        size: payload.length,
        digest: (0,oci_lib/* sha256Digest */.sI)(payload),
        annotations: Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
}
/** The manifest bytes of a signature image, in go-containerregistry's field order. */
function signatureManifestBytes(config, layers, annotations) {
    return encoder.encode(JSON.stringify({
        schemaVersion: 2,
        mediaType: oci_lib/* MEDIA_TYPES */.Z2.ociManifest,
        config: { mediaType: oci_lib/* MEDIA_TYPES */.Z2.ociConfig, size: config.size, digest: config.digest },
        layers,
        ...(annotations === undefined ? {} : { annotations }),
    }));
}
function parseDescriptor(value, where, kind) {
    const invalid = (at, problem) => invalidManifest(kind, at, problem);
    if (!(0,lib/* isRecord */.u4)(value))
        throw invalid(where, 'is not a descriptor object');
    const { mediaType, digest, size, annotations } = value;
    if (typeof mediaType !== 'string' || mediaType === '')
        throw invalid(where, 'has no mediaType');
    if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) {
        throw invalid(where, `has digest ${JSON.stringify(digest)}, not sha256:<64 lowercase hex>`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw invalid(where, `has size ${JSON.stringify(size)}, not a non-negative integer`);
    }
    if (annotations !== undefined && !isStringRecord(annotations)) {
        throw invalid(where, 'has annotations that are not a string-to-string object');
    }
    return { mediaType, digest, size, ...(annotations === undefined ? {} : { annotations }) };
}
function invalidManifest(kind, where, problem, cause) {
    return new lib/* SigilError */.XU('MANIFEST_INVALID', `The ${KIND_NOUN[kind]} manifest ${where} ${problem}.`, {
        cause,
        hint: `Something other than a cosign ${KIND_NOUN[kind]} image is stored under this .${kind} tag; inspect or delete it.`,
    });
}
function isStringRecord(value) {
    return (0,lib/* isRecord */.u4)(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
;// CONCATENATED MODULE: ./packages/signatures/lib/cosign-image-writer.js



/**
 * Appends to a `.sig` or `.att` tag are read-modify-write of one tag with no locking on the registry side,
 * so within this process they are serialised per tag (keyed by the tag's full reference).
 */
const cosignTagLock = new lib/* KeyedLock */.sk();
/**
 * Writes the new manifest of a cosign tag: the new blob and the config first, then the manifest, so a
 * manifest never references a missing blob. Kept layers are re-serialised exactly as they were parsed;
 * the manifest's own annotations are kept. Returns the digest of the new manifest and its layer count.
 */
async function writeCosignImage(registry, repo, update) {
    const existing = update.existing;
    const keptRaw = existing === undefined ? [] : update.keep.map((index) => existing.rawLayers[index] ?? {});
    const keptDigests = existing === undefined ? [] : update.keep.map((index) => existing.layers[index]?.digest ?? '');
    const layers = [...keptRaw, update.layer];
    const blobDigest = update.layer['digest'];
    const newDigest = typeof blobDigest === 'string' ? blobDigest : (0,oci_lib/* sha256Digest */.sI)(update.blob);
    const config = signatureConfig([...keptDigests, newDigest]);
    await registry.putBlob(repo, update.blob);
    const configBlob = await registry.putBlob(repo, config);
    const manifest = signatureManifestBytes(configBlob, layers, existing?.annotations);
    const manifestDigest = await registry.putManifest(repo, update.tag, manifest, oci_lib/* MEDIA_TYPES */.Z2.ociManifest);
    return { manifestDigest, layerCount: layers.length };
}
;// CONCATENATED MODULE: ./packages/signatures/lib/layer-blob.js

/**
 * Fetches the blob of one `.sig` / `.att` layer, checked against its descriptor (digest by the registry
 * client, size here). A missing blob, a digest mismatch or a descriptor over `maxBytes` is a recorded
 * problem, not an error, so one bad layer does not hide a good one; registry failures propagate.
 */
async function fetchLayerBlob(registry, repo, descriptor, maxBytes) {
    if (descriptor.size > maxBytes) {
        return {
            ok: false,
            problem: 'PAYLOAD_TOO_LARGE',
            message: `layer ${descriptor.digest} claims ${descriptor.size} bytes; payloads over ${maxBytes} bytes are not fetched`,
        };
    }
    try {
        const bytes = await registry.getBlob(repo, descriptor.digest);
        if (bytes.length !== descriptor.size) {
            return {
                ok: false,
                problem: 'PAYLOAD_DIGEST_MISMATCH',
                message: `layer ${descriptor.digest} is ${bytes.length} bytes, but its descriptor says ${descriptor.size}`,
            };
        }
        return { ok: true, bytes };
    }
    catch (error) {
        if ((0,lib/* isSigilError */.td)(error) && error.code === 'CONTENT_DIGEST_MISMATCH') {
            return { ok: false, problem: 'PAYLOAD_DIGEST_MISMATCH', message: error.message };
        }
        if ((0,lib/* isSigilError */.td)(error) && error.code === 'BLOB_NOT_FOUND') {
            return { ok: false, problem: 'PAYLOAD_MISSING', message: error.message };
        }
        throw error;
    }
}
;// CONCATENATED MODULE: ./packages/signatures/lib/signature-store.js







/** Payloads are a few hundred bytes; a layer claiming more than this is not fetched. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const PAYLOAD_FETCH_CONCURRENCY = 8;
/** `<registry>/<repository>:sha256-<hex>.sig`, where the signatures of `imageDigest` live. */
function signatureRef(repo, imageDigest) {
    return `${repo.registry}/${repo.repository}:${signatureTag(imageDigest)}`;
}
/**
 * Reads the signatures of `imageDigest` from its repository. Returns undefined when the `.sig` tag
 * does not exist. A tag holding something other than an OCI signature manifest is an error
 * (MANIFEST_INVALID); registry failures propagate. A layer whose blob is missing or does not match its
 * digest is returned with the problem recorded, so one bad layer does not hide a good one.
 */
async function readSignatures(registry, repo, imageDigest) {
    const tag = signatureTag(imageDigest);
    const ref = signatureRef(repo, imageDigest);
    const response = await registry.getManifest(repo, tag);
    if (response === undefined)
        return undefined;
    const manifest = parseSignatureManifest(response, ref);
    const layers = await (0,lib/* mapConcurrently */.X2)(manifest.layers, PAYLOAD_FETCH_CONCURRENCY, async (descriptor, index) => {
        const annotations = descriptor.annotations ?? {};
        return {
            index,
            descriptor,
            annotations,
            signature: annotations[SIGNATURE_ANNOTATION],
            payload: await fetchLayerBlob(registry, repo, descriptor, MAX_PAYLOAD_BYTES),
        };
    });
    return { ref, tag, manifestDigest: response.digest, layers };
}
/**
 * Appends one signature layer to the `.sig` tag of `imageDigest` (read-modify-write), unless an
 * equivalent layer exists (cosign's de-duplication). Blobs are uploaded before the manifest, so a
 * manifest never references a missing blob. Because equivalent layers are detected, repeating the
 * call after a lost response leaves one layer, not two. Appends to the same tag within this process
 * are serialised; the registry offers no locking across processes.
 */
function appendSignature(registry, repo, imageDigest, signature) {
    const extraAnnotations = signature.annotations ?? {};
    return appendSignedLayer(registry, repo, imageDigest, signature.payload, {
        signedLayer: (annotations) => {
            const stored = annotations[SIGNATURE_ANNOTATION];
            return (Object.entries(extraAnnotations).every(([key, value]) => annotations[key] === value) &&
                stored !== undefined &&
                stored !== '' &&
                signature.verifiesWithSignerKey(stored));
        },
        sign: () => Promise.resolve({ signature: signature.signature, annotations: extraAnnotations }),
    });
}
/**
 * `appendSignature` for a signer that signs only when needed (a keyless signer logs each signature): the
 * existing layers over the same payload are offered to `signer.signedLayer` first, under the tag's lock.
 */
async function appendSignedLayer(registry, repo, imageDigest, payload, signer) {
    const tag = signatureTag(imageDigest);
    const ref = signatureRef(repo, imageDigest);
    return cosignTagLock.run(ref, async () => {
        const response = await registry.getManifest(repo, tag);
        const existing = response === undefined ? undefined : parseSignatureManifest(response, ref);
        if (existing !== undefined && (await hasEquivalentLayer(existing, payload, signer))) {
            return {
                ref,
                tag,
                manifestDigest: response?.digest ?? '',
                layerCount: existing.layers.length,
                deduplicated: true,
            };
        }
        const previousCount = existing?.layers.length ?? 0;
        if (previousCount >= MAX_SIGNATURE_LAYERS) {
            throw new lib/* SigilError */.XU('SIGNATURE_LIMIT', `${ref} already holds ${previousCount} signatures; cosign refuses to grow a signature image beyond ${MAX_SIGNATURE_LAYERS} layers.`, { hint: 'Delete the .sig tag (or old signatures in it) before signing this digest again.' });
        }
        const signed = await signer.sign();
        const layer = signatureLayerDescriptor(payload, {
            ...signed.annotations,
            [SIGNATURE_ANNOTATION]: signed.signature,
        });
        const { manifestDigest, layerCount } = await writeCosignImage(registry, repo, {
            tag,
            existing,
            keep: [...Array(previousCount).keys()],
            blob: payload,
            layer,
        });
        return {
            ref,
            tag,
            manifestDigest,
            layerCount,
            deduplicated: false,
            ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
        };
    });
}
async function hasEquivalentLayer(existing, payload, signer) {
    const payloadDigest = (0,oci_lib/* sha256Digest */.sI)(payload);
    for (const layer of existing.layers) {
        if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE || layer.digest !== payloadDigest)
            continue;
        if (await signer.signedLayer(layer.annotations ?? {}))
            return true;
    }
    return false;
}
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __nccwpck_require__(40353);
;// CONCATENATED MODULE: ./packages/signatures/lib/sign.js












/** An index nested deeper than this is refused rather than walked. */
const MAX_INDEX_DEPTH = 4;
/**
 * Signs `target.digest` with `key` and appends the signature to its `.sig` tag. With `recursive`, an
 * index is signed first, then each manifest it lists (depth first), each under its own `.sig` tag with a
 * payload naming that manifest. The payload identity is `registry/repository`, as cosign writes it.
 */
async function signImage(registry, target, key, options = {}) {
    const digests = options.recursive === true ? await digestsToSign(registry, target.repo, target.digest) : [];
    if (digests.length === 0) {
        await (0,oci_lib/* requireImage */.rt)(registry, target, 'sign');
        digests.push(target.digest);
    }
    const signed = [];
    for (const [position, digest] of digests.entries()) {
        const image = position === 0 ? target.image : (0,oci_lib/* pinnedReference */.ct)({ repo: target.repo, digest });
        signed.push(await signDigest(registry, target.repo, digest, image, key, options));
    }
    return signed;
}
async function signDigest(registry, repo, digest, image, key, options) {
    const payload = simpleSigningPayload((0,oci_lib/* repositoryName */.aR)(repo), digest, options.annotations);
    const appended = key instanceof keys_lib/* SigningKey */.hR
        ? await appendSignature(registry, repo, digest, {
            payload,
            signature: (0,lib/* encodeBase64 */.WG)(key.sign(payload)),
            verifiesWithSignerKey: (stored) => {
                const decoded = (0,keys_lib/* decodeSignatureAnnotation */.QQ)(stored);
                return decoded.ok && (0,keys_lib/* verifyWithPublicKey */.Un)(key.publicKey, payload, decoded.signature);
            },
        })
        : await appendSignedLayer(registry, repo, digest, payload, key.forPayload(payload));
    (options.logger ?? lib/* silentLogger */.qq).info(appended.deduplicated
        ? `${image}: already signed ${key instanceof keys_lib/* SigningKey */.hR ? 'with this key' : 'by this identity'} in ${appended.ref}; nothing written.`
        : `${image}: signed ${digest}, signature ${appended.layerCount} in ${appended.ref}${appended.tlogIndex === undefined ? '' : `, logged at transparency-log index ${appended.tlogIndex}`}.`);
    return {
        image,
        digest,
        format: 'legacy',
        ref: appended.ref,
        deduplicated: appended.deduplicated,
        ...(appended.tlogIndex === undefined ? {} : { tlogIndex: appended.tlogIndex }),
    };
}
/** The digest itself, then every manifest it lists if it is an index (depth first, in index order). */
async function digestsToSign(registry, repo, digest, depth = 0) {
    const where = (0,oci_lib/* pinnedReference */.ct)({ repo, digest });
    if (depth > MAX_INDEX_DEPTH) {
        throw new lib/* SigilError */.XU('MANIFEST_INVALID', `${where} is nested more than ${MAX_INDEX_DEPTH} indexes deep.`);
    }
    const manifest = await registry.getManifest(repo, digest);
    if (manifest === undefined)
        throw (0,oci_lib/* imageNotFound */.Dv)(where, 'sign');
    const children = (0,oci_lib/* indexChildren */.g5)(manifest, where) ?? [];
    const nested = await Promise.all(children.map((child) => digestsToSign(registry, repo, child.digest, depth + 1)));
    return [digest, ...nested.flat()];
}
/**
 * Signs many images concurrently. A target naming the same digest in the same repository as an
 * earlier one is skipped (each digest is signed once); outcomes follow the input order of the targets
 * kept. A failure of one image does not stop the others: the caller decides how to report it.
 */
async function signImages(registry, targets, key, options = {}) {
    return signEachImage(targets, options.concurrency ?? 8, (target) => signImage(registry, target, key, options));
}
/**
 * Runs `sign` for each target concurrently, each digest once (a target naming the same digest in the same
 * repository as an earlier one is skipped); one outcome per target kept, in input order. Any format's signer.
 */
function signEachImage(targets, concurrency, sign) {
    return (0,lib/* mapConcurrently */.X2)((0,oci_lib/* uniqueTargets */.yA)(targets), concurrency, async (target) => {
        try {
            return { ok: true, target, signatures: await sign(target) };
        }
        catch (error) {
            return { ok: false, target, error: (0,lib/* asSigilError */.tF)(error) };
        }
    });
}
;// CONCATENATED MODULE: ./packages/signatures/lib/layer-significance.js
/**
 * When no layer of an image verifies, the image fails with the most significant layer failure, most
 * significant first:
 * 1. `CLAIM_DIGEST_MISMATCH`, `IDENTITY_MISMATCH`: a trusted key really signed this layer, but for another
 *    image or repository — the signature of a real image was copied or replayed. The strongest evidence of
 *    tampering there is, so it must not hide behind a benign reason.
 * 2. `PAYLOAD_DIGEST_MISMATCH`: the registry served payload bytes that do not match their digest — its
 *    storage was edited.
 * 3. `KEY_REVOKED`: someone signs with a key known to be compromised or retired.
 * 4. `TLOG_INVALID`: a trusted signer's layer whose Rekor bundle does not verify — forged or copied.
 * 5. `ANNOTATION_MISMATCH`: a trusted signer signed this image, but not with the required annotations
 *    (e.g. signed for another environment) — the policy, not the signature, is what failed;
 *    `TLOG_MISSING`: one that was never logged, where the policy requires it.
 * 5. `SIGNATURE_ENCODING`: a signer produced bytes no verifier accepts (P1363 from WebCrypto); it tells a
 *    user why their own signing step is not counted.
 * 6. `PAYLOAD_INVALID`: a trusted key signed a payload podman and skopeo would reject.
 * 7. `SIGNATURE_UNTRUSTED`: signed by someone else — common and benign (layers skopeo copied along, old keys).
 * 8. `PAYLOAD_MISSING`, `PAYLOAD_TOO_LARGE`: a layer whose payload cannot be had.
 * 9. `MEDIA_TYPE`, `SIGNATURE_MISSING`: not a cosign signature layer at all.
 */
const SIGNATURE_SIGNIFICANCE = [
    'CLAIM_DIGEST_MISMATCH',
    'IDENTITY_MISMATCH',
    'PAYLOAD_DIGEST_MISMATCH',
    'KEY_REVOKED',
    'TLOG_INVALID',
    'ANNOTATION_MISMATCH',
    'TLOG_MISSING',
    'SIGNATURE_ENCODING',
    'PAYLOAD_INVALID',
    'SIGNATURE_UNTRUSTED',
    'PAYLOAD_MISSING',
    'PAYLOAD_TOO_LARGE',
    'MEDIA_TYPE',
    'SIGNATURE_MISSING',
];
/**
 * The item whose `reason` comes first in `order` (a reason not in it ranks last); ties go to the earliest
 * item. The one ranking mechanism for signature and attestation layers.
 */
function mostSignificant(items, order) {
    const rank = (item) => {
        const position = item.reason === undefined ? -1 : order.indexOf(item.reason);
        return position === -1 ? order.length : position;
    };
    let best;
    for (const item of items) {
        if (best === undefined || rank(item) < rank(best))
            best = item;
    }
    return best;
}
;// CONCATENATED MODULE: ./packages/signatures/lib/payload-parser.js



class PayloadFormatError extends Error {
}
/**
 * Parses a payload as strictly as containers/image (podman, skopeo) does, so that whatever sigil accepts
 * they accept too: exactly the keys `critical` and `optional`; `critical` exactly `identity`, `image`,
 * `type`; no duplicate key anywhere; `type` the cosign signature type; a valid digest; `optional` null or
 * an object whose `creator`, if present, is a string and `timestamp` an integer. cosign itself is laxer.
 */
function parseSimpleSigningPayload(bytes) {
    const parsed = (0,lib/* parseStrictJsonBytes */.ml)(bytes);
    if (!parsed.ok)
        return { ok: false, message: `payload is not valid JSON: ${parsed.message}` };
    try {
        return { ok: true, payload: readPayload(parsed.value) };
    }
    catch (error) {
        if (error instanceof PayloadFormatError)
            return { ok: false, message: error.message };
        throw error;
    }
}
function readPayload(document) {
    const top = exactObject(document, 'payload', ['critical', 'optional']);
    const critical = exactObject(top.get('critical'), 'critical', ['identity', 'image', 'type']);
    const type = critical.get('type');
    if (type !== SIMPLE_SIGNING_TYPE) {
        fail(`critical.type is ${describe(type)}, expected ${(0,lib/* quoteForMessage */.Hx)(SIMPLE_SIGNING_TYPE)}`);
    }
    const identity = exactObject(critical.get('identity'), 'critical.identity', ['docker-reference']);
    const dockerReference = identity.get('docker-reference');
    if (typeof dockerReference !== 'string' || dockerReference === '') {
        fail('critical.identity.docker-reference is not a non-empty string');
    }
    const image = exactObject(critical.get('image'), 'critical.image', ['docker-manifest-digest']);
    const dockerManifestDigest = image.get('docker-manifest-digest');
    if (typeof dockerManifestDigest !== 'string' || !(0,oci_lib/* isManifestDigest */.is)(dockerManifestDigest)) {
        fail(`critical.image.docker-manifest-digest is not a valid digest: ${describe(dockerManifestDigest)}`);
    }
    return { dockerReference, dockerManifestDigest, ...readOptional(top.get('optional')) };
}
function readOptional(value) {
    if (value === null)
        return { optional: null, annotations: {} };
    if (!(value instanceof Map))
        fail(`optional is ${describe(value)}, expected null or an object`);
    const creator = value.get('creator');
    if (creator !== undefined && typeof creator !== 'string')
        fail('optional.creator is not a string');
    const timestamp = value.get('timestamp');
    if (timestamp !== undefined && !(typeof timestamp === 'number' && Number.isSafeInteger(timestamp))) {
        fail('optional.timestamp is not an integer');
    }
    const annotations = Object.fromEntries([...value].filter((entry) => typeof entry[1] === 'string'));
    return {
        optional: value,
        annotations,
        ...(creator === undefined ? {} : { creator }),
        ...(timestamp === undefined ? {} : { timestamp }),
    };
}
function exactObject(value, path, keys) {
    if (!(value instanceof Map))
        fail(`${path} is ${describe(value)}, expected an object`);
    for (const key of value.keys()) {
        if (!keys.includes(key))
            fail(`${path} has an unknown key ${(0,lib/* quoteForMessage */.Hx)(key)}`);
    }
    for (const key of keys) {
        if (!value.has(key))
            fail(`${path} is missing the key ${(0,lib/* quoteForMessage */.Hx)(key)}`);
    }
    return value;
}
function describe(value) {
    if (value === undefined)
        return 'missing';
    if (value === null)
        return 'null';
    if (value instanceof Map)
        return 'an object';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'string')
        return (0,lib/* quoteForMessage */.Hx)(value);
    return `${typeof value} ${String(value)}`;
}
function fail(message) {
    throw new PayloadFormatError(message);
}
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
;// CONCATENATED MODULE: ./packages/transparency/lib/rekor-set.js





class RekorSetError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
/**
 * Verifies a cosign Rekor bundle the way cosign's `VerifySET` does: the SignedEntryTimestamp is a Rekor
 * signature over the RFC 8785 canonical JSON of `Payload`, and the logged `hashedrekord` entry must name
 * this layer's payload hash, signature and key.
 *
 * The gate checks `.sig` layers' Rekor bundles with it against `trusted-root` (through the `./rekor-set`
 * subpath, which loads no sigstore-js).
 */
function verifyRekorBundle(check) {
    try {
        const bundle = readBundle(check.bundle);
        const rekorKey = check.rekorKeys.find((key) => key.id === bundle.logId);
        if (rekorKey === undefined) {
            throw new RekorSetError('REKOR_KEY_UNKNOWN', `no trusted Rekor key has the log ID ${bundle.logId}`);
        }
        if (!(0,keys_lib/* verifyWithPublicKey */.Un)(rekorKey, canonicalPayload(bundle), bundle.signedEntryTimestamp)) {
            throw new RekorSetError('SET_INVALID', `the SignedEntryTimestamp does not verify with Rekor key ${rekorKey.id}`);
        }
        checkEntry(bundle.body, check);
        return {
            ok: true,
            logId: bundle.logId,
            logIndex: bundle.logIndex,
            integratedTime: bundle.integratedTime,
        };
    }
    catch (error) {
        if (error instanceof RekorSetError)
            return { ok: false, reason: error.reason, message: error.message };
        throw error;
    }
}
/** RFC 8785: keys sorted, no whitespace; strings as JSON.stringify writes them, integers in decimal. */
function canonicalPayload(bundle) {
    const text = `{"body":${JSON.stringify(bundle.body)},"integratedTime":${bundle.integratedTime},` +
        `"logID":${JSON.stringify(bundle.logId)},"logIndex":${bundle.logIndex}}`;
    return new TextEncoder().encode(text);
}
/**
 * `{"SignedEntryTimestamp":b64,"Payload":{"body":b64,"integratedTime","logIndex","logID":hex}}` as cosign's
 * `bundle.RekorBundle` marshals it, read strictly (nothing in it verified), or what is wrong with it.
 */
function readCosignRekorBundle(text) {
    try {
        return { ok: true, bundle: readBundle(text) };
    }
    catch (error) {
        if (error instanceof RekorSetError)
            return { ok: false, message: error.message };
        throw error;
    }
}
function readBundle(text) {
    const parsed = (0,lib/* parseStrictJson */.RJ)(text);
    if (!parsed.ok)
        invalid(`the Rekor bundle is not valid JSON: ${parsed.message}`);
    const top = object(parsed.value, 'the Rekor bundle');
    const payload = object(top.get('Payload'), 'Payload');
    const signedEntryTimestamp = (0,lib/* decodeBase64Strict */.Fm)(string(top.get('SignedEntryTimestamp'), 'SignedEntryTimestamp'));
    if (signedEntryTimestamp === undefined)
        invalid('SignedEntryTimestamp is not base64');
    const logId = string(payload.get('logID'), 'Payload.logID');
    if (!/^[0-9a-f]{64}$/.test(logId))
        invalid('Payload.logID is not a hex SHA-256');
    return {
        signedEntryTimestamp,
        body: string(payload.get('body'), 'Payload.body'),
        integratedTime: integer(payload.get('integratedTime'), 'Payload.integratedTime'),
        logIndex: integer(payload.get('logIndex'), 'Payload.logIndex'),
        logId,
    };
}
function checkEntry(body, check) {
    const bytes = (0,lib/* decodeBase64Strict */.Fm)(body);
    const parsed = bytes === undefined ? undefined : (0,lib/* parseStrictJsonBytes */.ml)(bytes);
    if (parsed === undefined || !parsed.ok)
        invalid('Payload.body is not base64 of a JSON Rekor entry');
    const entry = object(parsed.value, 'the Rekor entry');
    if (entry.get('kind') !== 'hashedrekord' || entry.get('apiVersion') !== '0.0.1') {
        invalid('the Rekor entry is not a hashedrekord 0.0.1 entry');
    }
    const spec = object(entry.get('spec'), 'spec');
    const hash = object(object(spec.get('data'), 'spec.data').get('hash'), 'spec.data.hash');
    const signature = object(spec.get('signature'), 'spec.signature');
    const publicKey = object(signature.get('publicKey'), 'spec.signature.publicKey');
    const payloadHash = (0,external_node_crypto_.createHash)('sha256').update(check.payload).digest('hex');
    if (hash.get('algorithm') !== 'sha256' || hash.get('value') !== payloadHash) {
        mismatch('the logged entry is for another payload (its hash is not the sha256 of this layer)');
    }
    const loggedSignature = (0,lib/* decodeBase64Strict */.Fm)(string(signature.get('content'), 'spec.signature.content'));
    const layerSignature = (0,lib/* decodeBase64Strict */.Fm)(check.signature);
    if (loggedSignature === undefined || layerSignature === undefined)
        invalid('a signature is not base64');
    if (!Buffer.from(loggedSignature).equals(layerSignature)) {
        mismatch('the logged signature is not the layer signature');
    }
    const loggedKey = keyOfLoggedPem(string(publicKey.get('content'), 'spec.signature.publicKey.content'));
    if (loggedKey.id !== check.signerKey.id)
        mismatch('the logged entry was signed by another key');
}
/** `publicKey.content` is base64 of a PEM: the public key, or the leaf certificate for keyless signing. */
function keyOfLoggedPem(content) {
    const key = readLoggedKey(content);
    if (!key.ok)
        invalid(key.message);
    try {
        return (0,keys_lib/* publicKeyFromKeyObject */.zp)(key.key);
    }
    catch {
        mismatch('the logged key is of an algorithm sigil does not verify');
    }
}
/**
 * A key a Rekor entry logs (hashedrekord's `publicKey.content`, dsse's `verifier`, intoto's `publicKey`): base64 of
 * one PEM block, the leaf certificate (keyless) or a public key.
 */
function readLoggedKey(content) {
    const pemBytes = (0,lib/* decodeBase64Strict */.Fm)(content);
    const decoded = pemBytes === undefined ? undefined : (0,keys_lib/* decodePemBlocks */.vj)(new TextDecoder().decode(pemBytes));
    const block = decoded?.ok === true && decoded.blocks.length === 1 ? decoded.blocks[0] : undefined;
    if (block === undefined)
        return { ok: false, message: 'the logged key is not base64 of one PEM block' };
    if (block.label !== 'CERTIFICATE' && block.label !== 'PUBLIC KEY')
        return { ok: false, message: `the logged key is a "${block.label}" PEM block` };
    try {
        return {
            ok: true,
            key: block.label === 'CERTIFICATE'
                ? new external_node_crypto_.X509Certificate(block.der).publicKey
                : (0,external_node_crypto_.createPublicKey)({ key: Buffer.from(block.der), format: 'der', type: 'spki' }),
        };
    }
    catch {
        return { ok: false, message: `the logged "${block.label}" cannot be parsed` };
    }
}
function object(value, what) {
    if (!(value instanceof Map))
        invalid(`${what} is not a JSON object`);
    return value;
}
function string(value, what) {
    if (typeof value !== 'string')
        invalid(`${what} is not a string`);
    return value;
}
function integer(value, what) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        invalid(`${what} is not an integer`);
    return value;
}
function invalid(message) {
    throw new RekorSetError('BUNDLE_INVALID', message);
}
function mismatch(message) {
    throw new RekorSetError('ENTRY_MISMATCH', message);
}
;// CONCATENATED MODULE: ./packages/signatures/lib/layer-verifier.js










/**
 * Verifies one signature layer. The signature is checked over the exact stored bytes first; nothing in
 * the payload is read until a trusted key, or for a keyless layer (one with a certificate) `policy.keyless`,
 * has vouched for it. A layer a trusted key verifies is judged by that key, certificate or not.
 */
function verifySignatureLayer(layer, policy) {
    const expectedRepository = checkPolicy(policy);
    if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) {
        return failure('MEDIA_TYPE', `layer media type is ${(0,lib/* quoteForMessage */.Hx)(layer.mediaType)}, not ${SIMPLE_SIGNING_MEDIA_TYPE}`);
    }
    const annotation = layer.annotations[SIGNATURE_ANNOTATION];
    if (annotation === undefined)
        return failure('SIGNATURE_MISSING', `layer has no ${SIGNATURE_ANNOTATION} annotation`);
    const decoded = (0,keys_lib/* decodeSignatureAnnotation */.QQ)(annotation);
    if (!decoded.ok)
        return failure('SIGNATURE_ENCODING', decoded.message);
    const signature = decoded.signature;
    const encoding = (0,keys_lib/* classifyEcdsaSignature */.Hv)(signature);
    const candidates = [...policy.revokedKeys, ...policy.trustedKeys];
    if (encoding !== 'der' && !candidates.some((key) => (0,keys_lib/* keyAcceptsEncoding */.O8)(key, signature, encoding))) {
        return failure('SIGNATURE_ENCODING', (0,keys_lib/* encodingProblem */.pz)(encoding, signature));
    }
    const revoked = (0,keys_lib/* findVerifyingKey */.Ah)(policy.revokedKeys, [layer.payload], signature, encoding);
    if (revoked !== undefined) {
        return failure('KEY_REVOKED', `the signature was made with revoked key ${revoked.id}`, {
            keyId: revoked.id,
        });
    }
    const trusted = (0,keys_lib/* findVerifyingKey */.Ah)(policy.trustedKeys, [layer.payload], signature, encoding);
    if (trusted === undefined) {
        const certificate = layer.annotations[CERTIFICATE_ANNOTATION];
        if (certificate !== undefined)
            return verifyKeylessLayer(layer, annotation, certificate, policy, expectedRepository);
        return failure('SIGNATURE_UNTRUSTED', `the signature does not verify with any of the ${policy.trustedKeys.length} trusted key(s)`);
    }
    const claims = checkClaims(layer.payload, policy, expectedRepository, { keyId: trusted.id });
    if (!claims.ok || policy.transparency === undefined)
        return claims;
    return checkRekorBundle(layer, annotation, trusted, policy.transparency) ?? claims;
}
/** A layer signed with a certificate that no trusted key verifies: `policy.keyless` decides, then the claims. */
function verifyKeylessLayer(layer, signature, certificate, policy, expectedRepository) {
    if (policy.keyless === undefined) {
        return failure('KEYLESS_NOT_CONFIGURED', `the layer is signed with a certificate (keyless) and verifies with none of the ${policy.trustedKeys.length} trusted key(s); no keyless signer is trusted`);
    }
    const chain = layer.annotations[CHAIN_ANNOTATION];
    const rekorBundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
    const verdict = policy.keyless({
        payload: layer.payload,
        signature,
        certificate,
        ...(chain === undefined ? {} : { chain }),
        ...(rekorBundle === undefined ? {} : { rekorBundle }),
    });
    if (!verdict.ok) {
        return failure(verdict.reason, verdict.message, verdict.identity === undefined ? undefined : { identity: verdict.identity });
    }
    return checkClaims(layer.payload, policy, expectedRepository, { identity: verdict.identity });
}
/** A trusted layer's Rekor bundle against the trusted logs: undefined when it verifies (or is not required). */
function checkRekorBundle(layer, signature, signer, transparency) {
    const bundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
    if (bundle === undefined) {
        return transparency.require
            ? failure('TLOG_MISSING', `the layer carries no Rekor bundle (${REKOR_BUNDLE_ANNOTATION}) and require-tlog is on`, { keyId: signer.id })
            : undefined;
    }
    const verdict = verifyRekorBundle({
        bundle,
        rekorKeys: transparency.rekorKeys,
        payload: layer.payload,
        signature,
        signerKey: signer,
    });
    if (verdict.ok)
        return undefined;
    return failure('TLOG_INVALID', `the layer's Rekor bundle does not verify against trusted-root: ${verdict.message}`, { keyId: signer.id });
}
function checkClaims(payloadBytes, policy, expectedRepository, signer) {
    const parsed = parseSimpleSigningPayload(payloadBytes);
    if (!parsed.ok)
        return failure('PAYLOAD_INVALID', `signed payload rejected: ${parsed.message}`, signer);
    const payload = parsed.payload;
    if (payload.dockerManifestDigest !== policy.digest) {
        return failure('CLAIM_DIGEST_MISMATCH', `the payload signs ${payload.dockerManifestDigest}, not the image digest ${policy.digest}`, signer);
    }
    if (expectedRepository !== undefined &&
        (0,oci_lib/* dockerRepositoryOf */.wV)(payload.dockerReference) !== expectedRepository) {
        return failure('IDENTITY_MISMATCH', `the payload names ${(0,lib/* quoteForMessage */.Hx)(payload.dockerReference)}, not repository ${expectedRepository}` +
            ' (a signature copied from another repository)', signer);
    }
    const annotationProblem = findAnnotationProblem(payload, policy.annotations ?? {});
    if (annotationProblem !== undefined)
        return failure('ANNOTATION_MISMATCH', annotationProblem, signer);
    return { ok: true, ...signer, payload };
}
function findAnnotationProblem(payload, required) {
    for (const [key, value] of Object.entries(required)) {
        const signed = payload.optional?.get(key);
        if (signed === undefined)
            return `required annotation ${(0,lib/* quoteForMessage */.Hx)(key)} is absent from the payload`;
        if (signed !== value) {
            const shown = typeof signed === 'string' ? (0,lib/* quoteForMessage */.Hx)(signed) : `a ${typeof signed} value`;
            return `annotation ${(0,lib/* quoteForMessage */.Hx)(key)} is ${shown} in the payload, the policy requires ${(0,lib/* quoteForMessage */.Hx)(value)}`;
        }
    }
    return undefined;
}
function checkPolicy(policy) {
    if (!(0,oci_lib/* isManifestDigest */.is)(policy.digest)) {
        throw new lib/* SigilError */.XU('INTERNAL', `verifySignatureLayer was given an invalid digest ${(0,lib/* quoteForMessage */.Hx)(policy.digest)}`);
    }
    if (policy.identity === undefined)
        return undefined;
    const repository = (0,oci_lib/* dockerRepositoryOf */.wV)(policy.identity);
    if (repository === undefined) {
        throw new lib/* SigilError */.XU('REFERENCE_INVALID', `${(0,lib/* quoteForMessage */.Hx)(policy.identity)} is not a repository reference`);
    }
    return repository;
}
function failure(reason, message, signer) {
    return {
        ok: false,
        reason,
        message,
        ...(signer?.keyId === undefined ? {} : { keyId: signer.keyId }),
        ...(signer?.identity === undefined ? {} : { identity: signer.identity }),
    };
}
;// CONCATENATED MODULE: ./packages/signatures/lib/verify.js





/**
 * Why a verified keyless signature's signer is not accepted, most significant first: the certificate outside its
 * validity, then claims about the build (source, workflow, runner), then the identity. Layers and bundles rank them
 * alike.
 */
const KEYLESS_SIGNER_SIGNIFICANCE = [
    'CERTIFICATE_EXPIRED',
    'SOURCE_MISMATCH',
    'SIGNER_MISMATCH',
    'RUNNER_NOT_ALLOWED',
    'CERTIFICATE_ISSUER_MISMATCH',
    'CERTIFICATE_IDENTITY_MISMATCH',
];
/**
 * The layer failures of `SIGNATURE_SIGNIFICANCE` with those of keyless layers placed as the gate ranks keyless
 * bundles: a trusted certificate authority's certificate for a signer the policy does not accept (or outside
 * its validity) right after a Rekor bundle that does not verify; a certificate no trusted authority issued, one
 * without an SCT, or keyless signatures no one configured, just above a signature by an unknown key.
 */
const LAYER_SIGNIFICANCE = [
    ...SIGNATURE_SIGNIFICANCE.slice(0, SIGNATURE_SIGNIFICANCE.indexOf('TLOG_INVALID') + 1),
    ...KEYLESS_SIGNER_SIGNIFICANCE,
    ...SIGNATURE_SIGNIFICANCE.slice(SIGNATURE_SIGNIFICANCE.indexOf('TLOG_INVALID') + 1, SIGNATURE_SIGNIFICANCE.indexOf('SIGNATURE_UNTRUSTED')),
    'SCT_MISSING',
    'CERTIFICATE_UNTRUSTED',
    'KEYLESS_NOT_CONFIGURED',
    ...SIGNATURE_SIGNIFICANCE.slice(SIGNATURE_SIGNIFICANCE.indexOf('SIGNATURE_UNTRUSTED')),
];
/**
 * Verifies the legacy `.sig` signatures of `target.digest`: the image passes when at least one layer's
 * signature verifies with a trusted (and not revoked) key, or keylessly as `policy.keyless` accepts, over a
 * payload that names this digest and this repository and carries the required annotations. Never throws for
 * registry trouble: every failure to check becomes a failed verdict with its own reason.
 */
async function verifyImageSignatures(registry, target, policy) {
    const base = {
        image: target.image,
        digest: target.digest,
        signatureRef: signatureRef(target.repo, target.digest),
    };
    let stored;
    try {
        // The `.sig` tag first: a signed image then costs two requests, not three. Whether the image exists is
        // asked only when it has no signatures, to tell IMAGE_NOT_FOUND from NO_SIGNATURES.
        stored = await readSignatures(registry, target.repo, target.digest);
        if (stored === undefined && (await registry.resolveDigest(target.repo, target.digest)) === undefined) {
            return failed(base, 'IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
        }
    }
    catch (error) {
        const reason = (0,lib/* isSigilError */.td)(error) && error.code !== 'MANIFEST_NOT_FOUND' ? error.code : 'INTERNAL';
        return failed(base, reason, `could not read the signatures of ${target.image}: ${(0,lib/* messageOf */.bD)(error)}`);
    }
    if (stored === undefined || stored.layers.length === 0) {
        return failed(base, 'NO_SIGNATURES', `no signatures found at ${base.signatureRef}`);
    }
    const layers = stored.layers.map((layer) => verifyLayer(layer, target, policy));
    const revokedSignatures = layers.flatMap((layer) => layer.reason === 'KEY_REVOKED' && layer.keyId !== undefined
        ? [{ layer: layer.index, keyId: layer.keyId }]
        : []);
    const acceptedKeyIds = [
        ...new Set(layers.flatMap((layer) => (layer.verified && layer.keyId ? [layer.keyId] : []))),
    ];
    const evidence = { ...base, layers, revokedSignatures, acceptedKeyIds };
    const verified = layers.filter((layer) => layer.verified);
    if (verified.length > 0) {
        return {
            ...evidence,
            verified: true,
            message: `${verified.length} of ${layers.length} signature(s) verified${keylessSigners(verified)}`,
        };
    }
    const failures = layers.filter((layer) => !layer.verified);
    const worst = mostSignificant(failures, LAYER_SIGNIFICANCE) ?? failures[0];
    return {
        ...evidence,
        verified: false,
        reason: worst.reason ?? 'INTERNAL',
        message: `none of ${layers.length} signature(s) verified; layer ${worst.index}: ${worst.message}`,
    };
}
function verifyLayer(layer, target, policy) {
    const where = { index: layer.index, digest: layer.descriptor.digest };
    if (!layer.payload.ok) {
        return { ...where, verified: false, reason: layer.payload.problem, message: layer.payload.message };
    }
    const verdict = verifySignatureLayer({ mediaType: layer.descriptor.mediaType, payload: layer.payload.bytes, annotations: layer.annotations }, {
        digest: target.digest,
        identity: (0,oci_lib/* repositoryName */.aR)(target.repo),
        trustedKeys: policy.trustedKeys,
        revokedKeys: policy.revokedKeys ?? [],
        ...(policy.annotations === undefined ? {} : { annotations: policy.annotations }),
        ...(policy.transparency === undefined ? {} : { transparency: policy.transparency }),
        ...(policy.keyless === undefined ? {} : { keyless: policy.keyless }),
    });
    const signer = {
        ...(verdict.keyId === undefined ? {} : { keyId: verdict.keyId }),
        ...(verdict.identity === undefined ? {} : { identity: verdict.identity }),
    };
    if (verdict.ok) {
        const message = verdict.identity === undefined ? 'verified' : `verified keyless: ${describeIdentity(verdict.identity)}`;
        return { ...where, verified: true, message, ...signer };
    }
    return { ...where, verified: false, reason: verdict.reason, message: verdict.message, ...signer };
}
/** `; keyless: certificate for "…" from "…"` for the keyless signers of verified layers, each once. */
function keylessSigners(verified) {
    const named = [
        ...new Set(verified.flatMap(({ identity }) => (identity === undefined ? [] : [describeIdentity(identity)]))),
    ];
    return named.length === 0 ? '' : ` (keyless: ${named.join('; ')})`;
}
function describeIdentity({ subjectAlternativeName, issuer }) {
    return `certificate for ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}`;
}
function failed(base, reason, message) {
    return { ...base, verified: false, reason, message, layers: [], acceptedKeyIds: [], revokedSignatures: [] };
}
;// CONCATENATED MODULE: ./packages/signatures/lib/index.js











/***/ }),

/***/ 15850:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  V: () => (/* reexport */ NativeSigningEngine),
  X: () => (/* reexport */ attestInFormats)
});

;// CONCATENATED MODULE: ./packages/signer/lib/signing-engine.js
/** The formats `format` writes, legacy first. */
function writeFormats(format) {
    return format === 'both' ? ['legacy', 'bundle'] : [format];
}
/**
 * Attests one digest in every format `format` names (legacy first), one result per format; the first
 * failure is thrown.
 */
async function attestInFormats(engine, target, attestation, options) {
    const attested = [];
    for (const format of writeFormats(options.format))
        attested.push(await engine.attestImage(target, attestation, { ...options, format }));
    return attested;
}
// EXTERNAL MODULE: ./packages/attestations/lib/index.js + 8 modules
var lib = __nccwpck_require__(14225);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var core_lib = __nccwpck_require__(12645);
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __nccwpck_require__(40353);
// EXTERNAL MODULE: ./packages/signatures/lib/index.js + 11 modules
var signatures_lib = __nccwpck_require__(75108);
;// CONCATENATED MODULE: ./packages/bundles/lib/bundle-format.js
/** The predicate type of what `cosign sign` (v3, bundle format) signs: a signature, not an attestation. */
const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
/** What cosign v3 and sigil write: the bundle's own media type, the layer's and the referrer's artifactType. */
const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** Sigstore bundle media types a reader accepts (v0.3 as cosign v3 writes it; v0.1/v0.2 as older writers label them). */
const SIGSTORE_BUNDLE_MEDIA_TYPES = [
    BUNDLE_V03_MEDIA_TYPE,
    'application/vnd.dev.sigstore.bundle+json;version=0.3',
    'application/vnd.dev.sigstore.bundle+json;version=0.2',
    'application/vnd.dev.sigstore.bundle+json;version=0.1',
];
/** Referrer manifest annotations, as cosign v3 writes them (sigstore/cosign `pkg/oci/remote/write.go`). */
const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
const PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/** The one layer of a referrer manifest whose media type says it is a Sigstore bundle. */
function isBundleLayerMediaType(mediaType) {
    return typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle');
}
// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var oci_lib = __nccwpck_require__(80225);
;// CONCATENATED MODULE: ./packages/bundles/lib/bundle-bytes.js


const encoder = new TextEncoder();
/**
 * A key-based Sigstore bundle v0.3 around a DSSE envelope, laid out as protojson writes it (cosign v3):
 * `{"mediaType":…,"verificationMaterial":{"publicKey":{"hint":…}},"dsseEnvelope":{"payload":…,
 * "payloadType":…,"signatures":[{"sig":…}]}}`, with no transparency-log entry and no timestamp. The payload
 * comes as parts whose base64 is written straight into the one output buffer, so a large statement (an SBOM)
 * is never joined or held as a string.
 */
function keyBundleBytes(hint, payloadType, payloadParts, signature) {
    const head = encoder.encode(`{"mediaType":${(0,core_lib/* goJsonString */.AZ)(BUNDLE_V03_MEDIA_TYPE)},"verificationMaterial":{"publicKey":{"hint":${(0,core_lib/* goJsonString */.AZ)(hint)}}},"dsseEnvelope":{"payload":"`);
    const tail = encoder.encode(`","payloadType":${(0,core_lib/* goJsonString */.AZ)(payloadType)},"signatures":[{"sig":"${(0,core_lib/* encodeBase64 */.WG)(signature)}"}]}}`);
    const payloadLength = payloadParts.reduce((total, part) => total + part.length, 0);
    const bundle = Buffer.allocUnsafe(head.length + (0,core_lib/* base64Length */.wE)(payloadLength) + tail.length);
    bundle.set(head, 0);
    const afterPayload = (0,core_lib/* writeBase64 */.PC)(payloadParts, bundle, head.length);
    if (afterPayload !== bundle.length - tail.length)
        throw new core_lib/* SigilError */.XU('INTERNAL', 'the bundle payload base64 does not fill its space');
    bundle.set(tail, afterPayload);
    return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
}
;// CONCATENATED MODULE: ./packages/bundles/lib/bundle-reading.js





/** No bundle blob is read that is larger than this (an SBOM attestation can be large; none is this large). */
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;
/**
 * A referrer manifest, read strictly, when it can hold a Sigstore bundle: an OCI image manifest with exactly one
 * layer, of a Sigstore bundle media type. Undefined for anything else (another artifact, an image, an index):
 * such a referrer is skipped, as cosign skips it. The reader and the writer's dedupe read referrers this way.
 */
function parseBundleReferrer(manifest) {
    if (manifest.mediaType !== oci_lib/* MEDIA_TYPES */.Z2.ociManifest)
        return undefined;
    const parsed = (0,core_lib/* parseStrictJsonBytesToPlain */.l4)(manifest.bytes, 16);
    if (!parsed.ok || !(0,core_lib/* isRecord */.u4)(parsed.value))
        return undefined;
    const { layers, subject, annotations, artifactType } = parsed.value;
    if (!Array.isArray(layers) || layers.length !== 1)
        return undefined;
    const layer = layers[0];
    if (!(0,core_lib/* isRecord */.u4)(layer) || !isBundleLayerMediaType(layer['mediaType']))
        return undefined;
    const label = (0,core_lib/* isRecord */.u4)(annotations) ? annotations[PREDICATE_TYPE_ANNOTATION] : undefined;
    return {
        subjectDigest: (0,core_lib/* isRecord */.u4)(subject) ? subject['digest'] : undefined,
        artifactType,
        ...(typeof label === 'string' ? { label } : {}),
        layer,
    };
}
/** The bundle layer's blob digest, when its descriptor is one a reader fetches (a digest, a size within bounds). */
function bundleBlobDigest(layer) {
    const { digest, size } = layer;
    if (typeof digest !== 'string' || typeof size !== 'number' || size > MAX_BUNDLE_BYTES)
        return undefined;
    return digest;
}
const ENVELOPE_KEYS = new Set(['payload', 'payloadType', 'signatures']);
const SIGNATURE_KEYS = new Set(['sig', 'keyid']);
/**
 * The `dsseEnvelope` of a parsed bundle, strictly: `payload` (strict base64), `payloadType`, and exactly one
 * signature (a bundle's DSSE envelope carries one: the bundle has one verification material) with a strict
 * base64 `sig` and an optional string `keyid`; no other keys. A message for anything else.
 */
function readBundleEnvelope(bundle) {
    const envelope = bundle['dsseEnvelope'];
    if (!(0,core_lib/* isRecord */.u4)(envelope))
        return { ok: false, message: 'it has no DSSE envelope' };
    const unknown = Object.keys(envelope).find((key) => !ENVELOPE_KEYS.has(key));
    if (unknown !== undefined)
        return { ok: false, message: `its DSSE envelope has an unknown key ${JSON.stringify(unknown)}` };
    const { payload, payloadType, signatures } = envelope;
    if (typeof payloadType !== 'string')
        return { ok: false, message: 'its DSSE envelope has no payloadType' };
    const payloadBytes = typeof payload === 'string' ? (0,core_lib/* decodeBase64Strict */.Fm)(payload) : undefined;
    if (payloadBytes === undefined)
        return { ok: false, message: 'its DSSE payload is not standard padded base64' };
    if (!Array.isArray(signatures) || signatures.length !== 1)
        return { ok: false, message: 'its DSSE envelope does not carry exactly one signature' };
    const [entry] = signatures;
    if (!(0,core_lib/* isRecord */.u4)(entry) || Object.keys(entry).some((key) => !SIGNATURE_KEYS.has(key)))
        return { ok: false, message: 'its DSSE signature is not {sig, keyid}' };
    if (entry['keyid'] !== undefined && typeof entry['keyid'] !== 'string')
        return { ok: false, message: 'its DSSE signature has a non-string keyid' };
    const signature = typeof entry['sig'] === 'string' ? (0,core_lib/* decodeBase64Strict */.Fm)(entry['sig']) : undefined;
    if (signature === undefined || signature.length === 0)
        return { ok: false, message: 'its DSSE signature is not standard padded base64' };
    return { ok: true, envelope: { payloadType, payload: payloadBytes, signature } };
}
/** Whether `key` signed the envelope: the signature over its DSSE pre-authentication encoding verifies. */
function envelopeSignedBy(envelope, key) {
    const header = (0,lib/* preAuthEncodingHeader */.G_)(envelope.payloadType, envelope.payload.length);
    return (0,keys_lib/* verifyPartsWithPublicKey */.s_)(key, [header, envelope.payload], envelope.signature);
}
/** Whether the envelope holds an in-toto statement (`application/vnd.in-toto+json`), as cosign and sigil sign. */
function holdsInTotoStatement(envelope) {
    return envelope.payloadType === lib/* IN_TOTO_PAYLOAD_TYPE */.T4;
}
/**
 * A log entry's `logIndex` as bundle JSON holds it: protobuf JSON leaves out a zero, so an entry without one is
 * the log's first, at index 0.
 */
function entryLogIndex(entry) {
    return entry['logIndex'] ?? '0';
}
/**
 * The signing certificate (DER) of a bundle's verification material: v0.3's `certificate`, or the first of v0.1/v0.2's
 * `x509CertificateChain`; undefined when there is none or its bytes are not strict base64. Nothing is verified.
 */
function bundleLeafCertificate(material) {
    const chain = material['x509CertificateChain'];
    const certificate = (0,core_lib/* isRecord */.u4)(material['certificate'])
        ? material['certificate']
        : (0,core_lib/* isRecord */.u4)(chain) && Array.isArray(chain['certificates']) && (0,core_lib/* isRecord */.u4)(chain['certificates'][0])
            ? chain['certificates'][0]
            : undefined;
    const raw = certificate?.['rawBytes'];
    return typeof raw === 'string' ? (0,core_lib/* decodeBase64Strict */.Fm)(raw) : undefined;
}
;// CONCATENATED MODULE: ./packages/bundles/lib/referrer-manifest.js


/** The OCI empty descriptor's blob, `{}` (sha256:44136fa3…). */
const EMPTY_CONFIG = new TextEncoder().encode('{}');
/** The referrer manifest annotations, in cosign's order. */
function bundleReferrerAnnotations(predicateType, created) {
    return {
        [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
        [PREDICATE_TYPE_ANNOTATION]: predicateType,
        [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
}
/**
 * The referrer manifest exactly as cosign v3 writes it for a bundle (sigstore/cosign `WriteReferrer`, spec
 * §5.4): an OCI image manifest with the empty config (which also carries `artifactType`, as cosign's does),
 * one bundle layer, the annotations, the subject, and `artifactType`.
 */
function bundleReferrerManifest(input) {
    const manifest = {
        schemaVersion: 2,
        mediaType: oci_lib/* MEDIA_TYPES */.Z2.ociManifest,
        config: {
            mediaType: oci_lib/* MEDIA_TYPES */.Z2.ociEmpty,
            size: input.emptyConfig.size,
            digest: input.emptyConfig.digest,
            artifactType: BUNDLE_V03_MEDIA_TYPE,
        },
        layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, size: input.bundle.size, digest: input.bundle.digest }],
        annotations: bundleReferrerAnnotations(input.predicateType, input.created),
        subject: { mediaType: input.subject.mediaType, size: input.subject.size, digest: input.subject.digest },
        artifactType: BUNDLE_V03_MEDIA_TYPE,
    };
    return new TextEncoder().encode(JSON.stringify(manifest));
}
;// CONCATENATED MODULE: ./packages/bundles/lib/publish-bundle.js








/**
 * Signs `statement` with `key` as a DSSE envelope in a key-based Sigstore bundle v0.3 (or has a `BundleSigner`
 * sign it: keyless) and pushes it as a referrer of `digest` exactly as cosign v3 does: the bundle and the empty config as blobs, the referrer
 * manifest by digest, then the listing (referrers API, else the fallback index). Nothing is written when a
 * listed bundle already holds an equivalent statement by this signer (re-running a job signs nothing twice).
 * A key-based bundle is logged only through `logBundle` (`tlog-upload`).
 */
async function publishBundle(registry, repo, digest, key, statement, options = {}) {
    if (registry.pushReferrer === undefined || registry.listReferrers === undefined)
        throw new core_lib/* SigilError */.XU('INTERNAL', 'this registry view cannot write referrers');
    const where = `${repo.registry}/${repo.repository}`;
    const subject = await registry.getManifest(repo, digest);
    if (subject === undefined)
        throw (0,oci_lib/* imageNotFound */.Dv)(`${where}@${digest}`, 'sign');
    const signer = key instanceof keys_lib/* SigningKey */.hR ? keyBundleSigner(key, options.logBundle) : key;
    const existing = await findEquivalentBundle(registry, repo, digest, signer, statement);
    if (existing !== undefined) {
        return {
            ref: `${where}@${existing.digest}`,
            manifestDigest: existing.digest,
            source: existing.source,
            deduplicated: true,
        };
    }
    const { bundle, tlogIndex } = await signer.signStatement(statement.parts);
    const [bundleBlob, configBlob] = await Promise.all([
        registry.putBlob(repo, bundle),
        registry.putBlob(repo, EMPTY_CONFIG),
    ]);
    const created = (options.now ?? (() => new Date()))();
    const manifest = bundleReferrerManifest({
        bundle: bundleBlob,
        emptyConfig: configBlob,
        subject: { mediaType: subject.mediaType, size: subject.bytes.byteLength, digest },
        predicateType: statement.predicateType,
        created,
    });
    const pushed = await registry.pushReferrer(repo, {
        manifest,
        subject: digest,
        artifactType: BUNDLE_V03_MEDIA_TYPE,
        annotations: bundleReferrerAnnotations(statement.predicateType, created),
    });
    (options.logger ?? core_lib/* silentLogger */.qq).debug(`${where}@${digest}: bundle ${pushed.digest} (${statement.predicateType}) listed through the ${pushed.source}.`);
    return {
        ref: `${where}@${pushed.digest}`,
        manifestDigest: pushed.digest,
        source: pushed.source,
        deduplicated: false,
        ...(tlogIndex === undefined ? {} : { tlogIndex }),
    };
}
/** A key's bundle signer: sigil's own bundle bytes, logged by `logBundle` when given. */
function keyBundleSigner(key, logBundle) {
    return {
        signStatement: async (parts) => {
            const length = parts.reduce((total, part) => total + part.length, 0);
            const signature = key.signParts([(0,lib/* preAuthEncodingHeader */.G_)(lib/* IN_TOTO_PAYLOAD_TYPE */.T4, length), ...parts]);
            const bundle = keyBundleBytes(key.publicKey.hint, lib/* IN_TOTO_PAYLOAD_TYPE */.T4, parts, signature);
            if (logBundle === undefined)
                return { bundle };
            const logged = await logBundle(bundle, key.publicKey.pem);
            return { bundle: logged.bundle, tlogIndex: logged.logIndex };
        },
        signedBundle: (_bundle, envelope) => Promise.resolve(envelopeSignedBy(envelope, key.publicKey)),
    };
}
/**
 * A listed bundle referrer of `digest` that `signer` signed and holds a statement `matches` accepts.
 * Listing entries that name another predicate type are skipped without a read; anything unreadable or not a
 * bundle is not ours. A registry failure is thrown: whether to write cannot be decided without the list.
 */
async function findEquivalentBundle(registry, repo, digest, signer, statement) {
    const { source, descriptors } = await registry.listReferrers(repo, digest, {
        artifactTypes: SIGSTORE_BUNDLE_MEDIA_TYPES,
    });
    for (const descriptor of descriptors) {
        const label = descriptor.annotations?.[PREDICATE_TYPE_ANNOTATION];
        if (label !== undefined && label !== statement.predicateType)
            continue;
        if (await holdsStatement(registry, repo, digest, descriptor, signer, statement))
            return { digest: descriptor.digest, source };
    }
    return undefined;
}
async function holdsStatement(registry, repo, digest, descriptor, signer, statement) {
    const manifest = await registry.getManifest(repo, descriptor.digest);
    const referrer = manifest === undefined ? undefined : parseBundleReferrer(manifest);
    if (referrer === undefined || referrer.subjectDigest !== digest)
        return false;
    const blob = bundleBlobDigest(referrer.layer);
    if (blob === undefined)
        return false;
    let bytes;
    try {
        bytes = await registry.getBlob(repo, blob);
    }
    catch (error) {
        if ((0,core_lib/* isSigilError */.td)(error) && error.code === 'BLOB_NOT_FOUND')
            return false;
        throw error;
    }
    const bundle = (0,core_lib/* parseStrictJsonBytesToPlain */.l4)(bytes, 128);
    if (!bundle.ok || !(0,core_lib/* isRecord */.u4)(bundle.value))
        return false;
    const read = readBundleEnvelope(bundle.value);
    if (!read.ok || !holdsInTotoStatement(read.envelope))
        return false;
    const stored = (0,lib/* parseInTotoStatement */.U3)(read.envelope.payload);
    return (stored.ok &&
        stored.statement.predicateType === statement.predicateType &&
        statement.matches(stored.statement) &&
        (await signer.signedBundle(bundle.value, read.envelope)));
}
;// CONCATENATED MODULE: ./packages/bundles/lib/signature-statement.js



const signature_statement_encoder = new TextEncoder();
/**
 * What cosign v3 signs for `cosign sign` in the bundle format: an in-toto Statement v1 whose one subject is
 * the image digest (no name) carrying the `-a key=value` annotations, with predicate type
 * `https://sigstore.dev/cosign/sign/v1` and an empty predicate.
 */
function signatureStatement(digest, annotations = {}) {
    if (!(0,oci_lib/* isSha256Digest */.q9)(digest))
        throw new core_lib/* SigilError */.XU('INPUT_INVALID', `not a sha256 manifest digest: ${JSON.stringify(digest)}`, {
            field: 'image-reference',
        });
    const hex = digest.slice('sha256:'.length);
    const labels = Object.keys(annotations)
        .sort()
        .map((key) => `${(0,core_lib/* goJsonString */.AZ)(key)}:${(0,core_lib/* goJsonString */.AZ)(annotations[key])}`)
        .join(',');
    return signature_statement_encoder.encode(`{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"${hex}"},"annotations":{${labels}}}],` +
        `"predicateType":${(0,core_lib/* goJsonString */.AZ)(COSIGN_SIGN_PREDICATE_TYPE)},"predicate":{}}`);
}
;// CONCATENATED MODULE: ./packages/bundles/lib/sign-bundles.js









/**
 * Signs `target.digest` (and with `recursive` every manifest of an index, depth first) as cosign v3 does by
 * default: a Sigstore bundle whose statement has predicate type `https://sigstore.dev/cosign/sign/v1`,
 * pushed as a referrer of each digest.
 */
async function signImageBundles(registry, target, key, options = {}) {
    const digests = options.recursive === true ? await (0,signatures_lib/* digestsToSign */.gC)(registry, target.repo, target.digest) : [target.digest];
    const signed = [];
    for (const [position, digest] of digests.entries()) {
        const image = position === 0 ? target.image : (0,oci_lib/* pinnedReference */.ct)({ repo: target.repo, digest });
        const annotations = options.annotations ?? {};
        const published = await publishBundle(registry, target.repo, digest, key, {
            predicateType: COSIGN_SIGN_PREDICATE_TYPE,
            parts: [signatureStatement(digest, annotations)],
            matches: (stored) => namesOnly(stored.subjects, digest) && sameAnnotations(stored.document, annotations),
        }, options);
        log(options.logger, image, published, 'signed', key);
        signed.push({ image, digest, ...signedAs(published) });
    }
    return signed;
}
/**
 * Attests `target.digest` with a bundle: the in-toto Statement v0.1 `cosign attest` writes (subject
 * `registry/repo` and the digest, the predicate embedded verbatim), signed into a bundle and pushed as a
 * referrer, as cosign v3 does by default. An equal predicate of the same type by this key already listed
 * means nothing is written.
 */
async function attestImageBundle(registry, target, key, attestation, options = {}) {
    const parts = (0,lib/* inTotoStatementParts */.jm)({
        predicateType: attestation.predicateType,
        subjects: [{ name: (0,oci_lib/* repositoryName */.aR)(target.repo), digest: target.digest }],
        predicate: attestation.predicate,
    });
    let wanted;
    const published = await publishBundle(registry, target.repo, target.digest, key, {
        predicateType: attestation.predicateType,
        parts,
        matches: (stored) => {
            wanted ??= (0,core_lib/* parseStrictJsonBytesToPlain */.l4)(attestation.predicate, 128);
            return (namesOnly(stored.subjects, target.digest) && wanted.ok && (0,lib/* jsonEqual */.Zm)(stored.predicate, wanted.value));
        },
    }, options);
    log(options.logger, target.image, published, `attested (${attestation.predicateType})`, key);
    return {
        image: target.image,
        digest: target.digest,
        predicateType: attestation.predicateType,
        ...signedAs(published),
        replaced: 0,
    };
}
function signedAs(published) {
    return {
        format: 'bundle',
        ref: published.ref,
        listedThrough: published.source,
        deduplicated: published.deduplicated,
        ...(published.tlogIndex === undefined ? {} : { tlogIndex: published.tlogIndex }),
    };
}
function namesOnly(subjects, digest) {
    return subjects.length === 1 && subjects[0]?.digest['sha256'] === digest.slice('sha256:'.length);
}
function sameAnnotations(document, wanted) {
    const subject = Array.isArray(document['subject']) ? document['subject'][0] : undefined;
    const found = typeof subject === 'object' && subject !== null && 'annotations' in subject
        ? subject.annotations
        : {};
    return (0,lib/* jsonEqual */.Zm)(found ?? {}, wanted);
}
function log(logger, image, published, verb, key) {
    (logger ?? core_lib/* silentLogger */.qq).info(published.deduplicated
        ? `${image}: already ${verb} ${key instanceof keys_lib/* SigningKey */.hR ? 'with this key' : 'by this identity'} in the bundle ${published.ref}; nothing written.`
        : `${image}: ${verb} as a Sigstore bundle ${published.ref}, listed through the ${published.source === 'referrers-api' ? 'referrers API' : 'referrers tag'}${published.tlogIndex === undefined ? '' : `, logged at transparency-log index ${published.tlogIndex}`}.`);
}
;// CONCATENATED MODULE: ./packages/bundles/lib/index.js



// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
;// CONCATENATED MODULE: ./packages/signer/lib/keyless-signing.js






const keyless_signing_encoder = new TextEncoder();
/**
 * cosign's legacy `.sig` layers signed keyless: the signature, the Fulcio certificate and chain and (when the
 * signer logs) the Rekor bundle as annotations, exactly as `cosign sign` writes them. A stored layer is this
 * signer's when its certificate was issued to the same signer by the same CA, its signature over the same
 * payload verifies with that certificate, and it carries a Rekor bundle whenever this signer logs.
 */
function keylessPayloadSigner(signer) {
    return {
        forPayload: (payload) => ({
            signedLayer: (annotations) => {
                const decoded = (0,keys_lib/* decodeSignatureAnnotation */.QQ)(annotations[signatures_lib/* SIGNATURE_ANNOTATION */.ZB] ?? '');
                return decoded.ok
                    ? ownLayer(signer, [payload], decoded.signature, annotations)
                    : Promise.resolve(false);
            },
            sign: async () => {
                const signed = await signer.signBlob(payload);
                return {
                    signature: (0,core_lib/* encodeBase64 */.WG)(signed.signature),
                    annotations: layerAnnotations(signed),
                    ...(signed.logIndex === undefined ? {} : { tlogIndex: signed.logIndex }),
                };
            },
        }),
    };
}
/**
 * cosign's legacy `.att` layers signed keyless: the DSSE envelope's signature logged as a Rekor `dsse` entry, the
 * certificate, chain and Rekor bundle as annotations, as `cosign attest` writes them. A stored layer is this
 * signer's under the same conditions as a `.sig` layer.
 */
function keylessEnvelopeSigner(signer) {
    return {
        signEnvelope: async (payloadType, payload) => {
            const signed = await signer.signDsseLayer(Buffer.concat(payload), payloadType);
            return {
                envelope: signed.envelope,
                annotations: layerAnnotations(signed),
                ...(signed.logIndex === undefined ? {} : { tlogIndex: signed.logIndex }),
            };
        },
        signedLayer: (parts, signature, annotations) => ownLayer(signer, parts, signature, annotations),
    };
}
/** The certificate, chain and Rekor bundle annotations of a keyless layer. */
function layerAnnotations(signed) {
    return {
        [signatures_lib/* CERTIFICATE_ANNOTATION */.oZ]: signed.certificatePem,
        [signatures_lib/* CHAIN_ANNOTATION */.CB]: signed.chainPem,
        ...(signed.rekorBundle === undefined ? {} : { [signatures_lib/* REKOR_BUNDLE_ANNOTATION */.BJ]: signed.rekorBundle }),
    };
}
/**
 * Whether a stored layer is this signer's: its certificate verifies the signature over `parts`, was issued to this
 * signer by the same CA, and the layer carries a Rekor bundle whenever this signer logs.
 */
async function ownLayer(signer, parts, signature, annotations) {
    const certificate = annotations[signatures_lib/* CERTIFICATE_ANNOTATION */.oZ];
    if (certificate === undefined)
        return false;
    if (signer.rekorURL !== undefined && annotations[signatures_lib/* REKOR_BUNDLE_ANNOTATION */.BJ] === undefined)
        return false;
    return (verifiesWithCertificate(certificate, parts, signature) && (await signer.issuedToThisSigner(certificate)));
}
/**
 * Sigstore bundles signed keyless (sigstore-js builds them: the certificate, the Rekor entry, the timestamp). A
 * stored bundle is this signer's when its certificate was issued to the same signer by the same CA, its DSSE
 * signature verifies with it, and it carries a log entry whenever this signer logs.
 */
function keylessBundleSigner(signer) {
    return {
        signStatement: async (parts) => {
            const bundle = await signer.signDsse(Buffer.concat(parts), lib/* IN_TOTO_PAYLOAD_TYPE */.T4);
            const tlogIndex = firstLogIndex(bundle);
            return {
                bundle: keyless_signing_encoder.encode(JSON.stringify(bundle)),
                ...(tlogIndex === undefined ? {} : { tlogIndex }),
            };
        },
        signedBundle: async (bundle, envelope) => {
            const material = bundle['verificationMaterial'];
            if (!(0,core_lib/* isRecord */.u4)(material))
                return false;
            if (signer.rekorURL !== undefined && firstLogIndex(bundle) === undefined)
                return false;
            const certificate = bundleLeafCertificate(material);
            if (certificate === undefined)
                return false;
            const header = (0,lib/* preAuthEncodingHeader */.G_)(envelope.payloadType, envelope.payload.length);
            return (verifiesWithCertificate(certificate, [header, envelope.payload], envelope.signature) &&
                (await signer.issuedToThisSigner(certificate)));
        },
    };
}
/** The first log entry's index (`entryLogIndex`), when it is one. */
function firstLogIndex(bundle) {
    const material = (0,core_lib/* isRecord */.u4)(bundle) ? bundle['verificationMaterial'] : undefined;
    const entries = (0,core_lib/* isRecord */.u4)(material) ? material['tlogEntries'] : undefined;
    const first = Array.isArray(entries) ? entries[0] : undefined;
    if (!(0,core_lib/* isRecord */.u4)(first))
        return undefined;
    const index = entryLogIndex(first);
    return typeof index === 'string' && /^\d+$/.test(index) ? index : undefined;
}
/** Whether the certificate's key verifies `signature` (ECDSA / SHA-256, DER) over the parts; false when unreadable. */
function verifiesWithCertificate(certificate, parts, signature) {
    try {
        const { publicKey } = new external_node_crypto_.X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
        return (0,external_node_crypto_.verify)('sha256', Buffer.concat(parts), publicKey, signature);
    }
    catch {
        return false;
    }
}
;// CONCATENATED MODULE: ./packages/signer/lib/native-signing-engine.js









/**
 * sigil's own signer behind the engine interface: with a key it holds in memory (and verifies with it), or
 * keyless — one Fulcio certificate for the whole run, each signature logged and timestamped as the signer says.
 */
class NativeSigningEngine {
    name = 'native';
    #registry;
    #key;
    #keyless;
    #layers;
    #bundles;
    #envelopes;
    #logBundle;
    /** `logBundle`: every new key-based Sigstore bundle is logged in a transparency log first (`tlog-upload`). */
    constructor(registry, signer, options = {}) {
        this.#registry = registry;
        if (signer instanceof keys_lib/* SigningKey */.hR) {
            this.#key = signer;
            this.#layers = signer;
            this.#bundles = signer;
            this.#envelopes = signer;
        }
        else {
            this.#keyless = signer;
            this.#layers = keylessPayloadSigner(signer);
            this.#bundles = keylessBundleSigner(signer);
            this.#envelopes = keylessEnvelopeSigner(signer);
        }
        this.#logBundle = options.logBundle;
    }
    #bundleOptions() {
        return this.#logBundle === undefined ? {} : { logBundle: this.#logBundle };
    }
    #heldKey() {
        if (this.#key === undefined)
            throw new core_lib/* SigilError */.XU('INTERNAL', 'a keyless signer has no long-lived key to verify with');
        return this.#key;
    }
    publicKey() {
        try {
            return Promise.resolve(this.#heldKey().publicKey);
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    async signerIdentity() {
        if (this.#key !== undefined)
            return { kind: 'key', publicKey: this.#key.publicKey };
        // Asked after signing: a run that signed nothing asked Fulcio for nothing and has no certificate to name.
        const certificate = await this.#keyless?.certificate().catch(() => undefined);
        return {
            kind: 'keyless',
            ...(certificate === undefined
                ? {}
                : {
                    certificate: {
                        subjectAlternativeName: certificate.subjectAlternativeName,
                        issuer: certificate.issuer,
                    },
                }),
        };
    }
    signImages(targets, options = {}) {
        const formats = writeFormats(options.format ?? 'legacy');
        if (!formats.includes('bundle'))
            return (0,signatures_lib/* signImages */.U_)(this.#registry, targets, this.#layers, options);
        return (0,signatures_lib/* signEachImage */.Ct)(targets, options.concurrency ?? 8, async (target) => [
            ...(formats.includes('legacy') ? await (0,signatures_lib/* signImage */.jV)(this.#registry, target, this.#layers, options) : []),
            ...(await signImageBundles(this.#registry, target, this.#bundles, {
                ...options,
                ...this.#bundleOptions(),
            })),
        ]);
    }
    attestImage(target, attestation, options = {}) {
        if (options.format === 'bundle') {
            const logger = options.logger === undefined ? {} : { logger: options.logger };
            return attestImageBundle(this.#registry, target, this.#bundles, attestation, {
                ...logger,
                ...this.#bundleOptions(),
            });
        }
        return (0,lib/* attestImage */.DT)(this.#registry, target, this.#envelopes, attestation, options);
    }
    verifySignatures(target, options = {}) {
        return (0,signatures_lib/* verifyImageSignatures */.a$)(this.#registry, target, {
            trustedKeys: [this.#heldKey().publicKey],
            ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
        });
    }
    verifyAttestations(target, options) {
        return (0,lib/* verifyImageAttestations */.sE)(this.#registry, target, {
            trustedKeys: [this.#heldKey().publicKey],
            predicateType: options.predicateType,
        });
    }
}
;// CONCATENATED MODULE: ./packages/signer/lib/index.js



/***/ }),

/***/ 42702:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  SS: () => (/* reexport */ codeSpan),
  $r: () => (/* reexport */ createActionRuntime),
  wR: () => (/* reexport */ formatLabel),
  Qj: () => (/* reexport */ markdownTable),
  nX: () => (/* reexport */ nativeSigningEngineOnly),
  NS: () => (/* reexport */ publicationNote),
  VZ: () => (/* reexport */ readRegistrySettings),
  A2: () => (/* reexport */ readSignatureFormat),
  jy: () => (/* reexport */ readSigningKey),
  w6: () => (/* reexport */ readTlogUpload),
  Ru: () => (/* reexport */ registryReportSettings),
  Be: () => (/* reexport */ resolveImages),
  Cs: () => (/* reexport */ runAction),
  N1: () => (/* reexport */ runDependencies),
  DV: () => (/* reexport */ signerReport),
  mj: () => (/* reexport */ throwIfAnyImageFailed),
  u$: () => (/* reexport */ withRegistry),
  Bm: () => (/* reexport */ workOnEachImage),
  nC: () => (/* reexport */ writtenLocation)
});

// UNUSED EXPORTS: ENGINES, InputReader, SecretMasker, createRegistryClient, describeTufRepository, fetchTufTarget, nameInput, readAnnotations, readTufRepositoryInput, registryFix

// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __nccwpck_require__(12645);
;// CONCATENATED MODULE: ./packages/toolkit/lib/input-reader.js

/**
 * Strict, typed access to the action's inputs. A wrong value is a `SigilError('INPUT_INVALID')`
 * naming the input and the values it accepts; an absent value is only defaulted where the caller
 * says so (action.yml gives every optional input its default, so an empty value is rare in practice).
 */
class InputReader {
    #getInput;
    #secrets;
    constructor(getInput, secrets) {
        this.#getInput = getInput;
        this.#secrets = secrets;
    }
    string(name, options = {}) {
        const value = this.#raw(name).trim();
        if (value !== '')
            return value;
        if (options.required === true)
            throw missing(name);
        return undefined;
    }
    /** `true` or `false`, in any letter case; nothing else. */
    boolean(name, options = {}) {
        const value = this.#raw(name).trim();
        if (value === '') {
            if (options.default !== undefined)
                return options.default;
            throw missing(name, `set \`${name}\` to \`true\` or \`false\``);
        }
        const lower = value.toLowerCase();
        if (lower === 'true')
            return true;
        if (lower === 'false')
            return false;
        throw invalid(name, `must be \`true\` or \`false\`, got ${quote(value)}`, `set \`${name}\` to \`true\` or \`false\``);
    }
    /** One of `allowed` (matched without regard to letter case, returned as spelled in `allowed`). */
    enumeration(name, allowed, defaultValue) {
        const value = this.#raw(name).trim();
        const choices = allowed.map((choice) => `\`${choice}\``).join(', ');
        if (value === '') {
            if (defaultValue !== undefined)
                return defaultValue;
            throw missing(name, `set \`${name}\` to one of ${choices}`);
        }
        const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
        if (match !== undefined)
            return match;
        throw invalid(name, `must be one of ${choices}, got ${quote(value)}`, `set \`${name}\` to one of ${choices}`);
    }
    /** A whole decimal number within `[min, max]`. */
    integer(name, options = {}) {
        const value = this.#raw(name).trim();
        const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
        const range = `a whole number from ${min} to ${max}`;
        if (value === '') {
            if (options.default !== undefined)
                return options.default;
            throw missing(name, `set \`${name}\` to ${range}`);
        }
        const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
            throw invalid(name, `must be ${range}, got ${quote(value)}`, `set \`${name}\` to ${range}`);
        }
        return parsed;
    }
    /**
     * A list such as `images`: one entry per line, commas also separate, blank lines are ignored,
     * `#` starts a comment, entries are trimmed. Order is kept; duplicates are the caller's business.
     */
    list(name, options = {}) {
        const entries = this.#raw(name)
            .split(/\r?\n/)
            .flatMap((line) => (line.split('#', 1)[0] ?? '').split(','))
            .map((entry) => entry.trim())
            .filter((entry) => entry !== '');
        if (entries.length === 0 && options.required === true)
            throw missing(name);
        return entries;
    }
    /**
     * `key=value` lines (e.g. `annotations`). Blank lines and lines starting with `#` are ignored;
     * a line without `=`, an empty key, or a key given twice is an error naming the line.
     */
    keyValueLines(name) {
        const entries = new Map();
        this.#raw(name)
            .split(/\r?\n/)
            .forEach((text, index) => {
            const line = index + 1;
            const trimmed = text.trim();
            if (trimmed === '' || trimmed.startsWith('#'))
                return;
            const equals = trimmed.indexOf('=');
            if (equals === -1) {
                throw invalid(name, `line ${line} has no \`=\`: ${quote(trimmed)}`, `write one \`key=value\` per line in \`${name}\``);
            }
            const key = trimmed.slice(0, equals).trim();
            if (key === '')
                throw invalid(name, `line ${line} has an empty key`, `write one \`key=value\` per line in \`${name}\``);
            const earlier = entries.get(key);
            if (earlier !== undefined) {
                throw invalid(name, `key ${quote(key)} is given twice (lines ${earlier.line} and ${line})`, `give each key once in \`${name}\``);
            }
            entries.set(key, { value: trimmed.slice(equals + 1).trim(), line });
        });
        return Object.fromEntries([...entries].map(([key, { value }]) => [key, value]));
    }
    secret(name, options = {}) {
        const raw = this.#raw(name);
        this.#secrets.add(raw);
        // Used verbatim, as cosign uses COSIGN_PASSWORD: a password may end in a space or newline.
        if (raw.trim() !== '')
            return raw;
        if (options.required === true)
            throw missing(name);
        return undefined;
    }
    #raw(name) {
        return this.#getInput(name);
    }
}
function missing(name, hint = `set the \`${name}\` input`) {
    return new lib/* SigilError */.XU('INPUT_INVALID', `input \`${name}\` is required but empty`, { input: name, hint });
}
function invalid(name, problem, hint) {
    return new lib/* SigilError */.XU('INPUT_INVALID', `input \`${name}\` ${problem}`, { input: name, hint });
}
function quote(value) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
}
// EXTERNAL MODULE: ./packages/signatures/lib/index.js + 11 modules
var signatures_lib = __nccwpck_require__(75108);
;// CONCATENATED MODULE: ./packages/toolkit/lib/annotations-input.js


/**
 * The `annotations` input (`key=value` lines) of sign-image and verify-gate. A key the payload reserves
 * for a non-string value (`timestamp`) is refused: signed as a string it makes a payload the gate,
 * podman and skopeo reject; required by the gate it could never match.
 */
function readAnnotations(inputs) {
    const annotations = inputs.keyValueLines('annotations');
    const reserved = reservedAnnotationKey(annotations);
    if (reserved !== undefined) {
        throw new SigilError('INPUT_INVALID', `input \`annotations\` uses the reserved key ${JSON.stringify(reserved)}: a signed payload carries optional.${reserved} as an integer, never as an annotation string`, { input: 'annotations', hint: `Rename the annotation (e.g. \`build-${reserved}\`).` });
    }
    return Object.freeze(annotations);
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/error-inputs.js

/**
 * The input of the actions' contract that each library field comes from: a library says which value
 * was wrong, the action says which input to change. One table, since every action names its inputs alike.
 */
const INPUT_FOR_FIELD = {
    'image-reference': 'images',
    'signing-key': 'key',
    'key-password': 'key-password',
    'registry-user': 'registry-username',
    'registry-secret': 'registry-password',
    'plain-http-registries': 'insecure-registries',
    deadline: 'timeout-seconds',
    annotations: 'annotations',
    'predicate-type': 'predicate-type',
    'sbom-document': 'sbom',
    'sbom-size-limit': 'max-sbom-bytes',
    'scan-source': 'scan',
    'key-directory': 'private-key-dir',
    'environment-names': 'environments',
    'signature-format': 'signature-format',
};
/** The input that fixes `error`: the one an action named, else the one its library field comes from. */
function inputOf(error) {
    return error.input ?? (error.field === undefined ? undefined : INPUT_FOR_FIELD[error.field]);
}
/**
 * Runs `work`, which reads the value of `input`; a SigilError it throws names `input` (unless it names
 * one already). For a value that only one input can hold, where the library's field would be ambiguous
 * (`public-keys` and `revoked-keys` hold the same kind of key).
 */
async function nameInput(input, work) {
    try {
        return await work();
    }
    catch (error) {
        if (!isSigilError(error) || error.input !== undefined)
            throw error;
        throw new SigilError(error.code, error.message, {
            input,
            ...(error.field === undefined ? {} : { field: error.field }),
            ...(error.hint === undefined ? {} : { hint: error.hint }),
            ...(error.cause === undefined ? {} : { cause: error.cause }),
        });
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/registry-fixes.js
/**
 * One table for every action: a registry failure names the input that fixes it (credentials, the
 * image list, plain HTTP, the deadline) in the same words whether signing, attesting or verifying.
 */
const REGISTRY_FIXES = {
    REGISTRY_AUTH: {
        input: 'registry-password',
        hint: 'Check `registry-username`/`registry-password`, or the Docker config login for this registry.',
    },
    REGISTRY_DENIED: {
        input: 'registry-username',
        hint: 'Use credentials that may access these repositories (`registry-username`/`registry-password` or docker login).',
    },
    CREDENTIAL_HELPER: {
        input: 'registry-username',
        hint: 'Fix the credential helper of the Docker config, or pass `registry-username`/`registry-password`.',
    },
    REGISTRY_UNREACHABLE: {
        input: 'images',
        hint: 'Check the registry host in `images` and that the runner can reach it.',
    },
    REGISTRY_PROTOCOL: {
        input: 'images',
        hint: 'Check that the registry host in `images` is an OCI distribution registry (the cause says what it answered).',
    },
    MANIFEST_INVALID: {
        input: 'images',
        hint: 'Check that the registry host in `images` serves the registry itself, not a web page, login portal or proxy in front of it.',
    },
    CONTENT_DIGEST_MISMATCH: {
        input: 'images',
        hint: 'The registry served content that does not hash to its digest: its storage or a proxy in front of it altered it. Do not use these images until the registry operator has found out why.',
    },
    REGISTRY_INSECURE: {
        input: 'insecure-registries',
        hint: 'List the registry in `insecure-registries` if it really serves plain HTTP.',
    },
    REFERRER_REFUSED: {
        input: 'signature-format',
        hint: 'The registry refused a Sigstore bundle referrer (the cause says what it answered): raise its manifest size or referrer limits, or keep `signature-format: legacy` for this registry.',
    },
    REFERRERS_INDEX_CONFLICT: {
        input: 'signature-format',
        hint: 'Other writers kept changing the referrers tag of this image: run again, or sign it in one job at a time; `signature-format: legacy` writes no referrers index.',
    },
    TIMEOUT: { input: 'timeout-seconds', hint: 'Raise `timeout-seconds`, or check the registry status.' },
};
/** The fix for a registry failure `code`, or undefined when the code is not a registry failure. */
function registryFix(code) {
    return REGISTRY_FIXES[code];
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/registry-report.js
/** The registry block of a report's `inputs`, in the same words (and key order) for every action. */
function registryReportSettings(settings) {
    return {
        concurrency: settings.concurrency,
        timeoutSeconds: settings.timeoutSeconds,
        insecureRegistries: settings.insecureRegistries,
        registryCredentials: settings.credentials !== undefined,
    };
}
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(57975);
;// CONCATENATED MODULE: ./packages/toolkit/lib/error-boundary.js



const REPORT_BUG = 'This is a bug in sigil, not in your workflow: please report it with this log ' +
    '(re-run with debug logging for the stack trace).';
/**
 * The one failure boundary of an action. Whatever `main` throws (a SigilError, any other Error, or a
 * non-Error value) becomes one error annotation: `[CODE] message`, the cause chain one per line, and a
 * `Fix:` line naming the input to change. Stack traces only go to the debug log. Secrets are redacted.
 */
async function runAction(main, io) {
    try {
        await main();
    }
    catch (thrown) {
        io.error(io.redact(describeFailure(thrown).join('\n')));
        const stack = thrown instanceof Error ? thrown.stack : undefined;
        if (stack !== undefined)
            io.debug(io.redact(stack));
        io.fail();
    }
}
/** The lines the boundary prints for `thrown`: headline, causes, then the fix. */
function describeFailure(thrown) {
    if ((0,lib/* isSigilError */.td)(thrown)) {
        const causes = (0,lib/* causeChain */.DD)(thrown)
            .slice(1)
            .map((cause) => `Caused by: ${cause}`);
        return [`[${thrown.code}] ${thrown.message}`, ...causes, ...fixLine(inputOf(thrown), thrown.hint)];
    }
    const causes = (0,lib/* causeChain */.DD)(thrown)
        .slice(1)
        .map((cause) => `Caused by: ${cause}`);
    return [`[INTERNAL] unexpected ${summarise(thrown)}`, ...causes, REPORT_BUG];
}
function fixLine(input, hint) {
    const named = input === undefined || input === '' ? undefined : `\`${input}\``;
    if (hint !== undefined && hint !== '') {
        return [named === undefined || hint.includes(named) ? `Fix: ${hint}` : `Fix: ${hint} (input ${named})`];
    }
    return named === undefined ? [] : [`Fix: check the ${named} input of this step.`];
}
function summarise(thrown) {
    if (thrown instanceof Error)
        return `${thrown.name}: ${thrown.message}`;
    if (typeof thrown === 'string')
        return `failure: ${thrown}`;
    return `failure: ${(0,external_node_util_.inspect)(thrown, { depth: 2, breakLength: Number.POSITIVE_INFINITY })}`;
}
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
;// CONCATENATED MODULE: ./packages/toolkit/lib/summary.js

/** A table cell's text made safe for a GFM table: `|` escaped, line breaks as `<br>`. */
function escapeCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
/** `text` as an inline code span, whatever backticks it contains (line breaks become spaces). */
function codeSpan(text) {
    const flat = text.replace(/\r?\n/g, ' ');
    const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
/**
 * What a signing summary says about who signed and what this run published: for keyless signing the identity a
 * verifier pins (the certificate's subject alternative name and issuer); how many signatures this run logged
 * (their indexes: their existence, the digest and the signer are now public), or that it logged nothing.
 */
function publicationNote(written, signer) {
    const indexes = written.flatMap(({ tlogIndex }) => (tlogIndex === undefined ? [] : [tlogIndex]));
    const identity = signer.keyless?.subjectAlternativeName;
    const who = signer.keyless === undefined
        ? ''
        : identity === undefined
            ? 'Keyless: no certificate was needed. '
            : `Signed keyless as ${codeSpan(identity)} (issuer ${codeSpan(signer.keyless.issuer ?? '')}): pin it in verify-gate's \`certificate-identity\`. `;
    if (indexes.length === 0)
        return `${who}${signer.keyless === undefined ? 'Nothing was published to a transparency log (key-based: verifiers trust the public key).' : 'This run logged nothing new in a transparency log.'}`;
    const shown = indexes.slice(0, 10).join(', ') + (indexes.length > 10 ? ', …' : '');
    return `${who}${indexes.length} signature(s) were logged in the transparency log (entries ${shown}): their existence, the digest and the signer (${signer.keyless === undefined ? 'its public key' : 'the workflow identity'}) are public there.`;
}
/** The location fields of what an engine wrote, in the order outputs and reports give them. */
function writtenLocation(written) {
    return {
        format: written.format,
        ref: written.ref,
        ...(written.listedThrough === undefined ? {} : { listedThrough: written.listedThrough }),
        ...(written.tlogIndex === undefined ? {} : { tlogIndex: written.tlogIndex }),
    };
}
/** Where a written signature or attestation is, for a summary's Format column. */
function formatLabel(written) {
    if (written.format === 'legacy')
        return 'legacy tag';
    return written.listedThrough === 'referrers-api' ? 'bundle (referrers API)' : 'bundle (referrers tag)';
}
/** A GFM table. Cells are Markdown (e.g. from `codeSpan`); `escapeCell` is applied to each. */
function markdownTable(header, rows) {
    const line = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
    for (const [index, row] of rows.entries()) {
        if (row.length !== header.length) {
            throw new RangeError(`table row ${index + 1} has ${row.length} cells, the header has ${header.length}`);
        }
    }
    return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
/**
 * Appends Markdown to the job summary (the `GITHUB_STEP_SUMMARY` file, as `core.summary` does).
 * Returns whether anything was written: nothing is when `show-summary` is false or the runner has no summary.
 */
async function writeJobSummary(markdown, options) {
    const file = options.environment.stepSummaryPath;
    if (!options.show || file === undefined)
        return false;
    const text = options.secrets === undefined ? markdown : options.secrets.redact(markdown);
    await (0,promises_.appendFile)(file, text.endsWith('\n') ? text : `${text}\n`, { encoding: 'utf8' });
    return true;
}
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./packages/toolkit/lib/environment.js


/** Never handed to helper programs: step inputs (secrets among them), key passwords, runner tokens. */
const WITHHELD_FROM_HELPERS = /^(INPUT_|COSIGN_|SIGSTORE_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_|GITHUB_TOKEN$)/i;
const thisSystem = () => ({
    homedir: external_node_os_namespaceObject.homedir(),
    tmpdir: external_node_os_namespaceObject.tmpdir(),
    cwd: process.cwd(),
    platform: process.platform,
    arch: process.arch,
});
function readRunnerEnvironment(env = process.env, system = thisSystem()) {
    const snapshot = { ...env };
    const variable = (name) => lookup(snapshot, name, system.platform);
    const nonEmpty = (name) => {
        const value = variable(name);
        return value === undefined || value === '' ? undefined : value;
    };
    const pathApi = system.platform === 'win32' ? external_node_path_.win32 : external_node_path_.posix;
    const home = nonEmpty('HOME') ?? nonEmpty('USERPROFILE') ?? system.homedir;
    const dockerConfigDir = nonEmpty('DOCKER_CONFIG') ?? pathApi.join(home, '.docker');
    return Object.freeze({
        runnerTemp: nonEmpty('RUNNER_TEMP') ?? system.tmpdir,
        runnerToolCache: nonEmpty('RUNNER_TOOL_CACHE'),
        stepSummaryPath: nonEmpty('GITHUB_STEP_SUMMARY'),
        workspace: nonEmpty('GITHUB_WORKSPACE') ?? system.cwd,
        dockerConfigPath: pathApi.join(dockerConfigDir, 'config.json'),
        home,
        path: nonEmpty('PATH') ?? '',
        platform: system.platform,
        arch: system.arch,
        variable,
        helperEnvironment: Object.freeze(Object.fromEntries(Object.entries(snapshot).filter((entry) => entry[1] !== undefined && !WITHHELD_FROM_HELPERS.test(entry[0])))),
    });
}
// Windows environment names are case-insensitive (`Path`), but a copied object is not.
function lookup(snapshot, name, platform) {
    if (Object.hasOwn(snapshot, name))
        return snapshot[name];
    if (platform !== 'win32')
        return undefined;
    const key = Object.keys(snapshot).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
    return key === undefined ? undefined : snapshot[key];
}
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
;// CONCATENATED MODULE: ./packages/toolkit/lib/runner-commands.js




/** `core.getInput(name, { trimWhitespace: false })`: the raw value, empty when the input is absent. */
function getInput(name) {
    return process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
}
/** `core.isDebug()`: step debug logging is on. */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/** `core.setSecret`: the runner masks `secret` in every later log line. */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
/** `core.setOutput`: a heredoc entry in the `GITHUB_OUTPUT` file (the `set-output` command without one). */
function runner_commands_setOutput(name, value) {
    if (process.env['GITHUB_OUTPUT']) {
        issueFileCommand('OUTPUT', keyValueMessage(name, value));
        return;
    }
    process.stdout.write(external_node_os_namespaceObject.EOL);
    issueCommand('set-output', { name }, value);
}
/** `core.addPath`: `directory` first on PATH for this step (`process.env`) and the later ones (`GITHUB_PATH`). */
function addPath(directory) {
    if (process.env['GITHUB_PATH'])
        issueFileCommand('PATH', directory);
    else
        issueCommand('add-path', {}, directory);
    process.env['PATH'] = `${directory}${delimiter}${process.env['PATH']}`;
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function info(message) {
    process.stdout.write(message + external_node_os_namespaceObject.EOL);
}
function warning(message, annotation = {}) {
    issueCommand('warning', annotationProperties(annotation), message);
}
function error(message, annotation = {}) {
    issueCommand('error', annotationProperties(annotation), message);
}
/** `core.ExitCode.Failure`. */
const FAILURE_EXIT_CODE = 1;
/**
 * `::command key=value,…::message`. As in @actions/core, properties without a value are left out, but the
 * space after the command is written whenever any property was named.
 */
function issueCommand(command, properties, message) {
    const entries = Object.entries(properties);
    const set = entries.filter(([, value]) => Boolean(value));
    const head = entries.length === 0
        ? ''
        : ` ${set.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}`;
    process.stdout.write(`::${command}${head}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
/** The annotation properties in @actions/core's order (`toCommandProperties`). */
function annotationProperties(annotation) {
    if (Object.keys(annotation).length === 0)
        return {};
    return { title: annotation.title, file: annotation.file, line: annotation.startLine };
}
function issueFileCommand(command, message) {
    const file = process.env[`GITHUB_${command}`];
    if (!file)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!(0,external_node_fs_.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    (0,external_node_fs_.appendFileSync)(file, `${message}${external_node_os_namespaceObject.EOL}`, { encoding: 'utf8' });
}
function keyValueMessage(key, value) {
    const fence = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    if (key.includes(fence)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${fence}"`);
    }
    if (value.includes(fence)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${fence}"`);
    }
    return `${key}<<${fence}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${fence}`;
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/log.js

const coreLogSink = {
    debug: (message) => debug(message),
    info: (message) => info(message),
    warning: (message, properties) => warning(message, properties),
    error: (message, properties) => error(message, properties),
};
/**
 * The `Logger` libraries receive, over the runner's log. `warning` is a `::warning::` annotation;
 * every message is redacted of known secrets first.
 */
class ActionLogger {
    #sink;
    #secrets;
    #debug;
    constructor(sink = coreLogSink, secrets, options = {}) {
        this.#sink = sink;
        this.#secrets = secrets;
        this.#debug = options.debug ?? true;
    }
    debug(message) {
        if (this.#debug)
            this.#sink.debug(this.#redact(message));
    }
    info(message) {
        this.#sink.info(this.#redact(message));
    }
    warning(message) {
        this.#sink.warning(this.#redact(message));
    }
    /** A warning annotation with a title or file position. */
    warningAnnotation(message, options = {}) {
        this.#sink.warning(this.#redact(message), options);
    }
    error(message, options) {
        this.#sink.error(this.#redact(message), options);
    }
    #redact(message) {
        return this.#secrets === undefined ? message : this.#secrets.redact(message);
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/outputs.js




/**
 * Step outputs. Strings are written as they are; anything else as compact JSON. An output that would
 * contain a known secret is refused: outputs are visible to every later step and are not masked there.
 */
class ActionOutputs {
    #setOutput;
    #secrets;
    constructor(setOutput = runner_commands_setOutput, secrets) {
        this.#setOutput = setOutput;
        this.#secrets = secrets;
    }
    set(name, value) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (text === undefined) {
            throw new lib/* SigilError */.XU('INTERNAL', `output \`${name}\` has no JSON representation`);
        }
        if (this.#secrets !== undefined && this.#secrets.redact(text) !== text) {
            throw new lib/* SigilError */.XU('INTERNAL', `output \`${name}\` would contain a secret, so it was not written`);
        }
        this.#setOutput(name, text);
    }
}
/**
 * Writes `report` as indented JSON to `<runnerTemp>/sigil-<random>/<name>.json` and returns that path.
 * The folder is new for every call, so two steps of one job never overwrite each other's report,
 * while the file keeps a readable name for artifact uploads. Every string in it is redacted of known
 * secrets (failure messages can quote what a registry or credential helper said).
 */
async function writeReport(runnerTemp, name, report, secrets) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        throw new lib/* SigilError */.XU('INTERNAL', `report name ${JSON.stringify(name)} is not a plain file name`);
    }
    const folder = await (0,promises_.mkdtemp)(external_node_path_.join(runnerTemp, 'sigil-'));
    const file = external_node_path_.join(folder, name.endsWith('.json') ? name : `${name}.json`);
    // A replacer makes JSON.stringify several times slower on a report of thousands of checks: only when
    // there is something to redact.
    const redact = secrets === undefined || secrets.size === 0
        ? undefined
        : (_key, value) => typeof value === 'string' ? secrets.redact(value) : value;
    await (0,promises_.writeFile)(file, `${JSON.stringify(report, redact, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    return file;
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/secret-masker.js
/**
 * Every secret the action has seen. Each value is announced to the runner (`::add-mask::`) the moment
 * it is added, and `redact` removes it from text we print ourselves, so a secret quoted in an error
 * message never reaches the log even where the runner's own masking would not catch it.
 */
class SecretMasker {
    #announce;
    #values = new Set();
    #longestFirst = [];
    constructor(announce) {
        this.#announce = announce;
    }
    /** Masks `value` and, for multi-line values such as PEM keys, each of its lines. Bound, so it can be passed around. */
    add = (value) => {
        for (const piece of maskablePieces(value)) {
            if (this.#values.has(piece))
                continue;
            this.#announce(piece);
            this.#values.add(piece);
        }
        this.#longestFirst = [...this.#values].sort((a, b) => b.length - a.length);
    };
    /** `text` with every registered secret replaced by `***`. */
    redact(text) {
        let result = text;
        for (const secret of this.#longestFirst)
            result = result.split(secret).join('***');
        return result;
    }
    get size() {
        return this.#values.size;
    }
}
// The runner masks per log line, so a multi-line secret is only hidden if each line is masked too.
// PEM armour lines carry no secret, and masking them would blank out every public key we print.
function maskablePieces(value) {
    const pieces = new Set();
    const whole = value.trim();
    if (whole !== '')
        pieces.add(whole);
    for (const line of value.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed === '' || /^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(trimmed))
            continue;
        pieces.add(trimmed);
    }
    return [...pieces];
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/runtime.js






function createActionRuntime() {
    const secrets = new SecretMasker((value) => setSecret(value));
    return {
        inputs: new InputReader((name) => getInput(name), secrets),
        secrets,
        logger: new ActionLogger(undefined, secrets, { debug: isDebug() }),
        outputs: new ActionOutputs((name, value) => runner_commands_setOutput(name, value), secrets),
        environment: readRunnerEnvironment(),
        boundary: {
            error: (message) => error(message),
            debug: (message) => debug(message),
            redact: (text) => secrets.redact(text),
            fail: () => {
                process.exitCode = FAILURE_EXIT_CODE;
            },
        },
    };
}
// EXTERNAL MODULE: ./packages/oci/lib/index.js + 29 modules
var oci_lib = __nccwpck_require__(80225);
;// CONCATENATED MODULE: ./packages/toolkit/lib/registry-access.js



const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
function readRegistrySettings(inputs) {
    const username = inputs.string('registry-username');
    const password = inputs.secret('registry-password');
    if ((username === undefined) !== (password === undefined)) {
        const missing = username === undefined ? 'registry-username' : 'registry-password';
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${missing}\` is empty, but its partner is set`, {
            input: missing,
            hint: 'Set both `registry-username` and `registry-password`, or neither (to use the Docker config).',
        });
    }
    const insecureRegistries = inputs.list('insecure-registries');
    for (const host of insecureRegistries) {
        if (!HOST.test(host)) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`insecure-registries\`: "${host}" is not a host or host:port`, {
                input: 'insecure-registries',
                hint: 'List registry hosts such as registry.internal:5000, one per line, without http:// or a path.',
            });
        }
    }
    return {
        credentials: username === undefined || password === undefined ? undefined : { username, password },
        insecureRegistries,
        concurrency: inputs.integer('concurrency', { min: 1, max: 64, default: 8 }),
        timeoutSeconds: inputs.integer('timeout-seconds', { min: 1, max: 21_600, default: 600 }),
    };
}
/**
 * The registry client of a run: credentials from the inputs, else the Docker config (`docker/login-action`
 * writes it) with its credential helpers; plain HTTP for loopback and `insecure-registries`; one deadline
 * for the whole run from `timeout-seconds`.
 */
async function createRegistryClient(settings, environment, mask, logger) {
    const credentials = await createRunCredentialSource(settings, environment, mask);
    return new oci_lib/* RegistryClient */.bP({
        credentials,
        concurrency: settings.concurrency,
        insecureRegistries: settings.insecureRegistries,
        timeoutMs: settings.timeoutSeconds * 1000,
        ...(logger === undefined ? {} : { logger }),
    });
}
/**
 * Where a run finds registry credentials: the registry inputs, else the Docker config with its credential
 * helpers; each secret masked as it is found. The registry client uses it, and so does the cosign engine
 * (which hands cosign what it finds in a temporary Docker config).
 */
async function createRunCredentialSource(settings, environment, mask) {
    const dockerConfig = await readDockerConfig(environment.dockerConfigPath);
    return maskedAsFound((0,oci_lib/* createCredentialSource */.nZ)({
        ...(settings.credentials === undefined ? {} : { explicit: settings.credentials }),
        ...(dockerConfig === undefined ? {} : { dockerConfig }),
        exec: (0,oci_lib/* processExec */.l$)({
            env: { ...environment.helperEnvironment, PATH: environment.path, HOME: environment.home },
        }),
    }), mask);
}
/**
 * Masks every secret the moment a credential is found (Docker config `auths`, identity and registry
 * tokens, a credential helper's answer), before the client can use it, and the Basic form of a password.
 */
function maskedAsFound(source, mask) {
    return async (registry) => {
        const credential = await source(registry);
        if (credential?.kind === 'basic') {
            mask(credential.password);
            mask(Buffer.from(`${credential.username}:${credential.password}`).toString('base64'));
        }
        else if (credential !== undefined) {
            mask(credential.token);
        }
        return credential;
    };
}
async function readDockerConfig(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new lib/* SigilError */.XU('INPUT_INVALID', `the Docker config ${path} cannot be read`, {
            cause: error,
            hint: 'Fix the file permissions, or point DOCKER_CONFIG at a readable folder.',
        });
    }
    return (0,oci_lib/* parseDockerConfig */.Cj)(text, path);
}
// EXTERNAL MODULE: ./packages/attestations/lib/index.js + 8 modules
var attestations_lib = __nccwpck_require__(14225);
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __nccwpck_require__(40353);
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-arguments.js



const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `--key` as cosign reads it. Throws INTERNAL for a value no parser of ours would have produced. */
function cosignKeyArgument(key) {
    switch (key.kind) {
        case 'file':
            if (!key.path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(key.path)) {
                throw new lib/* SigilError */.XU('INTERNAL', `the cosign key path ${key.path} is not absolute`);
            }
            return key.path;
        case 'env':
            if (!ENV_NAME.test(key.name))
                throw new lib/* SigilError */.XU('INTERNAL', `env://${key.name} is not a variable name`);
            return `env://${key.name}`;
        case 'kms':
            return (0,keys_lib/* validateKmsKeyUri */.JX)(key.uri, key.scheme, 'key');
    }
}
/**
 * `cosign sign` with a key, in the legacy format (`.sig` tag) and without the transparency log
 * (sign-image's `tlog-upload: auto` is off for key-based signing). cosign v3 needs
 * `--use-signing-config=false --new-bundle-format=false` for that; v2 writes it by default.
 */
function cosignSignArguments(command) {
    return [
        'sign',
        `--key=${cosignKeyArgument(command.key)}`,
        ...legacyWriteFlags(command.version),
        '--tlog-upload=false',
        ...(command.recursive ? ['--recursive'] : []),
        ...annotationFlags(command.annotations),
        ...registryFlags(command),
        '--yes',
        `--timeout=${timeout(command.timeoutSeconds)}`,
        pinnedImage(command),
    ];
}
/**
 * `cosign attest` of the predicate file at `predicatePath` under `predicateType` (a URI, which cosign
 * embeds as the statement's predicate type), in the legacy format (`.att` tag), without the transparency log.
 */
function cosignAttestArguments(command) {
    return [
        'attest',
        `--key=${cosignKeyArgument(command.key)}`,
        ...legacyWriteFlags(command.version),
        '--tlog-upload=false',
        `--type=${predicateTypeUri(command.predicateType)}`,
        `--predicate=${command.predicatePath}`,
        ...(command.replace ? ['--replace'] : []),
        ...registryFlags(command),
        '--yes',
        `--timeout=${timeout(command.timeoutSeconds)}`,
        pinnedImage(command),
    ];
}
/**
 * `cosign verify` of the legacy `.sig` signatures with a key, without the transparency log. cosign v3
 * looks only at Sigstore bundles when an image has any; `--new-bundle-format=false` makes it read the
 * `.sig` tag, as sigil's verdicts describe.
 */
function cosignVerifyArguments(command) {
    return [
        'verify',
        `--key=${cosignKeyArgument(command.key)}`,
        '--insecure-ignore-tlog',
        ...legacyReadFlags(command.version),
        ...annotationFlags(command.annotations ?? {}),
        ...registryFlags(command),
        '--output=json',
        `--timeout=${timeout(command.timeoutSeconds)}`,
        pinnedImage(command),
    ];
}
/** `cosign verify-attestation` of the legacy `.att` attestations of `predicateType` with a key. */
function cosignVerifyAttestationArguments(command) {
    return [
        'verify-attestation',
        `--key=${cosignKeyArgument(command.key)}`,
        '--insecure-ignore-tlog',
        ...legacyReadFlags(command.version),
        `--type=${predicateTypeUri(command.predicateType)}`,
        ...registryFlags(command),
        '--output=json',
        `--timeout=${timeout(command.timeoutSeconds)}`,
        pinnedImage(command),
    ];
}
/** `cosign public-key`: the PEM public key of a key file, `env://` key or KMS key, on stdout. */
function cosignPublicKeyArguments(command) {
    return [
        'public-key',
        `--key=${cosignKeyArgument(command.key)}`,
        `--timeout=${timeout(command.timeoutSeconds)}`,
    ];
}
/** `cosign version --json`: `{"gitVersion": "v3.1.3", …}`. */
function cosignVersionArguments() {
    return ['version', '--json'];
}
function legacyWriteFlags(version) {
    return version.major >= 3 ? ['--use-signing-config=false', '--new-bundle-format=false'] : [];
}
function legacyReadFlags(version) {
    return version.major >= 3 ? ['--new-bundle-format=false'] : [];
}
/** Plain HTTP exactly where sigil's own client allows it: loopback registries and `insecure-registries`. */
function registryFlags(command) {
    return new oci_lib/* SchemePolicy */.o1(command.insecureRegistries).allowsPlainHttp(command.repo.registry)
        ? ['--allow-http-registry']
        : [];
}
/**
 * `-a key=value` per annotation. cosign reads the flag as a CSV list, so a pair holding a comma or a quote
 * is written as one quoted CSV field (quotes doubled) to reach cosign as the single pair it is.
 */
function annotationFlags(annotations) {
    return Object.entries(annotations).map(([key, value]) => {
        if (key === '' || key.includes('=')) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `annotation key "${key}" cannot be passed to cosign`, {
                field: 'annotations',
                hint: 'Use annotation keys without `=`.',
            });
        }
        if (/[\r\n]/.test(key + value)) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `annotation "${key}" spans lines`, { field: 'annotations' });
        }
        const pair = `${key}=${value}`;
        return /[",]/.test(pair) ? `--annotations="${pair.replace(/"/g, '""')}"` : `--annotations=${pair}`;
    });
}
function pinnedImage(command) {
    if (!(0,oci_lib/* isSha256Digest */.q9)(command.digest)) {
        throw new lib/* SigilError */.XU('INTERNAL', `cosign is given images by digest only, not "${command.digest}"`);
    }
    return `${(0,oci_lib/* repositoryName */.aR)(command.repo)}@${command.digest}`;
}
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
function predicateTypeUri(predicateType) {
    if (!URI.test(predicateType)) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `predicate type "${predicateType}" is not a URI`, {
            field: 'predicate-type',
            hint: 'Give the predicate type as a URI, e.g. https://spdx.dev/Document.',
        });
    }
    return predicateType;
}
function timeout(seconds) {
    if (!Number.isSafeInteger(seconds) || seconds < 1)
        throw new lib/* SigilError */.XU('INTERNAL', `bad cosign timeout ${seconds}`);
    return `${seconds}s`;
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-failure.js

/**
 * cosign's own explanation: the last `Error: …` line of stderr (cosign prints the error twice, once as
 * `Error: …` and once after `error during command execution:`), else the last line, else the exit code.
 */
function cosignMessage(result) {
    const lines = result.stderr
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    const error = [...lines].reverse().find((line) => line.startsWith('Error: '));
    const chosen = error?.slice('Error: '.length) ??
        lines.at(-1)?.replace(/^error during command execution: /, '') ??
        `cosign exited with ${result.exitCode} and printed nothing`;
    return chosen.length > 600 ? `${chosen.slice(0, 600)}…` : chosen;
}
/** `text` with every secret replaced by `***` (longest first, so a secret inside another is not left half-shown). */
function redactSecrets(text, secrets) {
    let result = text;
    for (const secret of [...new Set(secrets)].filter((s) => s !== '').sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join('***');
    }
    return result;
}
/** What cosign's failures mean in sigil's codes; the first match wins, anything else is COSIGN_FAILED. */
const MAPPINGS = [
    {
        pattern: /decrypt(?:ion)?(?: failed|:)|incorrect password/i,
        code: 'KEY_PASSWORD',
        field: 'key-password',
        hint: 'Give the key file password in `key-password` (or COSIGN_PASSWORD).',
    },
    {
        pattern: /UNAUTHORIZED|401 Unauthorized|authentication required/i,
        code: 'REGISTRY_AUTH',
        field: 'registry-secret',
        hint: 'Check `registry-username`/`registry-password`, or the Docker config login for this registry.',
    },
    {
        pattern: /DENIED|403 Forbidden/,
        code: 'REGISTRY_DENIED',
        field: 'registry-user',
        hint: 'Use credentials that may push to (or pull from) this repository.',
    },
    {
        pattern: /server gave HTTP response to HTTPS client/i,
        code: 'REGISTRY_INSECURE',
        field: 'plain-http-registries',
        hint: 'List the registry in `insecure-registries` if it really serves plain HTTP.',
    },
    {
        pattern: /connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake timeout/i,
        code: 'REGISTRY_UNREACHABLE',
        hint: 'Check that the registry (or the key service) is reachable from the runner.',
    },
    {
        pattern: /context deadline exceeded/i,
        code: 'TIMEOUT',
        field: 'deadline',
        hint: 'Raise `timeout-seconds`, or check the registry and key service.',
    },
];
/** For a run that talks only to the key (`cosign public-key`): a key service's refusal is not a registry's. */
const KEY_SERVICE_CODES = ['KEY_PASSWORD', 'TIMEOUT'];
/**
 * The SigilError for a cosign run that failed while doing `what` (e.g. `signing registry/app@sha256:…`):
 * a registry, password or deadline problem gets its own code, anything else COSIGN_FAILED. With
 * `keyOnly` (a run that reaches no registry, such as `cosign public-key` of a KMS key) a refusal or an
 * unreachable service is the key's problem: COSIGN_FAILED naming `key`. cosign's stderr, with `secrets`
 * redacted, is the cause.
 */
function cosignFailure(what, result, secrets, options = {}) {
    const message = redactSecrets(cosignMessage(result), secrets);
    const cause = new Error(redactSecrets(result.stderr.trim().slice(-8000), secrets) || `exit code ${result.exitCode}`);
    const mappings = options.keyOnly === true
        ? MAPPINGS.filter((mapping) => KEY_SERVICE_CODES.includes(mapping.code))
        : MAPPINGS;
    const mapped = mappings.find((mapping) => mapping.pattern.test(message));
    if (mapped !== undefined) {
        return new lib/* SigilError */.XU(mapped.code, `cosign failed ${what}: ${message}`, {
            cause,
            hint: mapped.hint,
            ...(mapped.field === undefined ? {} : { field: mapped.field }),
        });
    }
    if (options.keyOnly === true) {
        return new lib/* SigilError */.XU('COSIGN_FAILED', `cosign failed ${what}: ${message}`, {
            cause,
            field: 'signing-key',
            hint: 'Check that the key URI names an existing key and that the runner reaches its key service with ' +
                'credentials allowed to read it (docs/keys.md lists what each provider needs).',
        });
    }
    return new lib/* SigilError */.XU('COSIGN_FAILED', `cosign failed ${what}: ${message}`, {
        cause,
        hint: 'Run the same cosign command locally with --verbose to see why; the cause below is what cosign printed.',
    });
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/temporary-docker-config.js



/**
 * Runs `work` with a private Docker config folder in `tempDir` whose `config.json` (mode 0600, folder
 * 0700) holds, for each registry, exactly the credential sigil's own client would use there (registry
 * inputs, Docker config `auths`, credential helpers — found by `credentials`), so cosign authenticates as
 * sigil does and no credential ever appears in its argv. The folder is removed when `work` ends.
 */
async function withTemporaryDockerConfig(tempDir, registries, credentials, work) {
    const auths = {};
    const secrets = [];
    for (const registry of new Set(registries)) {
        const credential = await credentials?.(registry);
        if (credential === undefined)
            continue;
        const entry = authEntry(credential);
        auths[(0,oci_lib/* credentialHelperServerUrl */.qY)(registry)] = entry;
        secrets.push(...Object.values(entry), ...(credential.kind === 'basic' ? [credential.password] : []));
    }
    const directory = await (0,promises_.mkdtemp)(external_node_path_.join(tempDir, 'sigil-cosign-docker-'));
    try {
        await (0,promises_.chmod)(directory, 0o700);
        await (0,promises_.writeFile)(external_node_path_.join(directory, 'config.json'), `${JSON.stringify({ auths })}\n`, { mode: 0o600 });
        return await work({ directory, secrets });
    }
    finally {
        await (0,promises_.rm)(directory, { recursive: true, force: true });
    }
}
function authEntry(credential) {
    switch (credential.kind) {
        case 'basic':
            return { auth: Buffer.from(`${credential.username}:${credential.password}`).toString('base64') };
        case 'identity-token':
            return { identitytoken: credential.token };
        case 'registry-token':
            return { registrytoken: credential.token };
    }
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-runner.js





/** Variables the runner sets itself; an `env://` key of that name would be overwritten or would break cosign. */
const RESERVED_VARIABLES = new Set(['DOCKER_CONFIG', 'COSIGN_PASSWORD', 'HOME', 'PATH']);
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** The child is killed this long after cosign's own `--timeout`, so cosign can report its deadline first. */
const KILL_GRACE_MS = 15_000;
/**
 * Runs cosign for the engine: composes the child's environment (the base env, COSIGN_PASSWORD, the
 * `env://` key's variable, a temporary DOCKER_CONFIG), logs each command line (which never holds a
 * secret), and redacts every secret it handed to cosign from what cosign printed.
 */
class CosignRunner {
    #options;
    #secrets;
    constructor(options) {
        if (options.key.kind === 'env') {
            if (RESERVED_VARIABLES.has(options.key.name.toUpperCase())) {
                throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`key\`: env://${options.key.name} names a variable cosign needs for itself`, {
                    field: 'signing-key',
                    hint: 'Put the key PEM in a variable of another name, e.g. env://COSIGN_KEY.',
                });
            }
            if (options.keyText === undefined) {
                throw new lib/* SigilError */.XU('INTERNAL', `the text of env://${options.key.name} was not given to the cosign engine`);
            }
        }
        this.#options = options;
        this.#secrets = [options.password ?? '', ...secretPieces(options.keyText ?? '')];
    }
    get version() {
        return this.#options.cosign.version;
    }
    get key() {
        return this.#options.key;
    }
    /** The PEM of an `env://` key (read by the engine to tell a public key from a private one). */
    get keyText() {
        return this.#options.keyText;
    }
    get tempDir() {
        return this.#options.tempDir;
    }
    /** cosign's `--timeout`, in whole seconds. */
    get timeoutSeconds() {
        return Math.max(1, Math.ceil((this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000));
    }
    get logger() {
        return this.#options.logger ?? lib/* silentLogger */.qq;
    }
    /**
     * Runs cosign with `args` built for `registries` (whose credentials go into a temporary Docker config);
     * resolves with the result, output redacted, and the secrets to redact from anything derived from it.
     */
    async run(args, registries) {
        return withTemporaryDockerConfig(this.#options.tempDir, registries, this.#options.credentials, async (config) => {
            const secrets = [...this.#secrets, ...config.secrets];
            const env = { ...this.#options.env, DOCKER_CONFIG: config.directory };
            if (this.#options.key.kind !== 'kms')
                env['COSIGN_PASSWORD'] = this.#options.password ?? '';
            if (this.#options.key.kind === 'env')
                env[this.#options.key.name] = this.#options.keyText ?? '';
            this.logger.debug(`cosign ${args.join(' ')}`);
            let result;
            try {
                result = await this.#options.cosign.exec(args, {
                    env,
                    timeoutMs: this.timeoutSeconds * 1000 + KILL_GRACE_MS,
                });
            }
            catch (error) {
                throw runFailure(args, error, secrets);
            }
            return {
                result: {
                    exitCode: result.exitCode,
                    stdout: redactSecrets(result.stdout.toString('utf8'), secrets),
                    stderr: redactSecrets(result.stderr, secrets),
                },
                secrets,
            };
        });
    }
    /** Runs `work` with a private file holding `bytes` (mode 0600), removed afterwards. */
    async withTemporaryFile(name, bytes, work) {
        const folder = await (0,promises_.mkdtemp)(external_node_path_.join(this.#options.tempDir, 'sigil-cosign-'));
        try {
            const file = external_node_path_.join(folder, name);
            await (0,promises_.writeFile)(file, bytes, { mode: 0o600 });
            return await work(file);
        }
        finally {
            await (0,promises_.rm)(folder, { recursive: true, force: true });
        }
    }
}
/** A multi-line secret (a PEM key) is also redacted line by line, as a log would show it. */
function secretPieces(text) {
    return [
        text.trim(),
        ...text
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '' && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line)),
    ];
}
/**
 * cosign could not be run, was killed at its deadline or wrote too much: the executor's code (TIMEOUT,
 * COSIGN_FAILED) with everything it said, secrets redacted.
 */
function runFailure(args, error, secrets) {
    const redact = (text) => redactSecrets(text, secrets);
    const known = (0,lib/* isSigilError */.td)(error) ? error : undefined;
    return new lib/* SigilError */.XU(known?.code ?? 'COSIGN_FAILED', `cosign ${args[0] ?? ''} did not complete: ${redact((0,lib/* messageOf */.bD)(error))}`, {
        cause: new Error(redact((0,lib/* causeChain */.DD)(error).join('\n'))),
        hint: known?.hint ?? 'Check that the cosign binary runs on this runner.',
        ...(known?.field === undefined ? {} : { field: known.field }),
        ...(known?.input === undefined ? {} : { input: known.input }),
    });
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-verdicts.js








/** cosign's exit codes for `verify` (cmd/cosign/errors). */
const NO_SIGNATURES_EXIT = 10;
const NO_MATCHING_SIGNATURE_EXIT = 12;
/**
 * The verdict of `cosign verify` in sigil's terms. cosign shows no per-layer evidence, so `layers` stay
 * empty. A pass needs a printed payload whose claims name this digest and this repository (cosign does
 * not check the repository: a `.sig` copied along with the image verifies for it), else
 * CLAIM_DIGEST_MISMATCH / IDENTITY_MISMATCH, as the native gate says. No signatures → NO_SIGNATURES (IMAGE_NOT_FOUND when the digest does not exist: cosign does not
 * tell the two apart); none verifying → SIGNATURE_UNTRUSTED (ANNOTATION_MISMATCH when cosign says an
 * annotation is missing or different); anything else → the error's code (COSIGN_FAILED, REGISTRY_AUTH …).
 */
async function signatureVerdictFromCosign(registry, target, run, keyId) {
    const base = {
        image: target.image,
        digest: target.digest,
        signatureRef: (0,signatures_lib/* signatureRef */.wm)(target.repo, target.digest),
    };
    const evidence = { layers: [], revokedSignatures: [] };
    const { result } = run;
    const failed = (reason, text) => ({
        ...base,
        ...evidence,
        acceptedKeyIds: [],
        verified: false,
        reason,
        message: text,
    });
    if (result.exitCode === 0) {
        // cosign checks neither the payload's docker-reference nor (for every version) that its claims
        // name this digest: each payload it printed as verified is judged the way the native gate judges it.
        const payloads = printedPayloads(result.stdout);
        if (payloads === undefined || payloads.length === 0) {
            return failed('COSIGN_FAILED', 'cosign verify passed but printed no signed payload sigil can read');
        }
        const claims = payloads.map((payload) => payloadClaimProblem(payload, target));
        const accepted = claims.filter((claim) => claim === undefined).length;
        if (accepted === 0) {
            const digestProblem = claims.find((claim) => claim?.reason === 'CLAIM_DIGEST_MISMATCH');
            const worst = digestProblem ?? claims[0];
            if (worst === undefined)
                throw new Error('signatureVerdictFromCosign: no claim');
            return failed(worst.reason, `cosign verified ${payloads.length} signature(s) by this key, but ${worst.message}`);
        }
        return {
            ...base,
            ...evidence,
            verified: true,
            acceptedKeyIds: [keyId],
            message: `cosign verified ${accepted} signature(s) for this digest and repository`,
        };
    }
    const message = cosignMessage(result);
    if (result.exitCode === NO_SIGNATURES_EXIT || /no signatures found/i.test(message)) {
        if (await imageIsMissing(registry, target)) {
            return failed('IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
        }
        return failed('NO_SIGNATURES', `no signatures found at ${base.signatureRef}`);
    }
    if (/missing or incorrect annotation/i.test(message)) {
        return failed('ANNOTATION_MISMATCH', `cosign: ${message}`);
    }
    if (result.exitCode === NO_MATCHING_SIGNATURE_EXIT || /no matching signatures/i.test(message)) {
        return failed('SIGNATURE_UNTRUSTED', `cosign: ${message}`);
    }
    const error = cosignFailure(`verifying ${target.image}`, result, run.secrets);
    return failed(reasonOf(error.code), error.message);
}
/**
 * The verdict of `cosign verify-attestation --type` in sigil's terms (`layers` empty): no `.att` →
 * NO_ATTESTATIONS (IMAGE_NOT_FOUND when the digest does not exist); none of the type → ATTESTATION_MISSING;
 * a trusted one of another digest → SUBJECT_MISMATCH; none verifying → ATTESTATION_UNTRUSTED; anything else → the error's code. A pass needs a printed
 * statement whose subject names this digest (else SUBJECT_MISMATCH) and carries the first such statement.
 */
async function attestationVerdictFromCosign(registry, target, predicateType, run, keyId) {
    const base = {
        image: target.image,
        digest: target.digest,
        attestationRef: (0,attestations_lib/* attestationRef */.Cn)(target.repo, target.digest),
        predicateType,
    };
    const evidence = { layers: [], revokedSignatures: [] };
    const failed = (reason, text) => ({
        ...base,
        ...evidence,
        acceptedKeyIds: [],
        verified: false,
        reason,
        message: text,
    });
    const { result } = run;
    if (result.exitCode === 0) {
        const statements = printedStatements(result.stdout);
        if (statements.length === 0) {
            return failed('COSIGN_FAILED', 'cosign verify-attestation passed but printed no statement sigil can read');
        }
        // The native gate requires a subject naming this digest; cosign's output is held to the same rule.
        const forImage = statements.filter((statement) => namesDigest(statement, target.digest));
        const first = forImage[0];
        if (first === undefined) {
            return failed('SUBJECT_MISMATCH', `cosign verified ${statements.length} attestation(s) by this key, but no statement's subject names ${target.digest}`);
        }
        return {
            ...base,
            ...evidence,
            verified: true,
            acceptedKeyIds: [keyId],
            message: `cosign verified ${forImage.length} attestation(s) of this digest as ${predicateType}`,
            statement: first.document,
        };
    }
    const message = cosignMessage(result);
    if (/none of the attestations matched the predicate type/i.test(message)) {
        return failed('ATTESTATION_MISSING', `cosign: ${message}`);
    }
    if (/no matching attestations:?\s*$/i.test(message)) {
        if (await imageIsMissing(registry, target)) {
            return failed('IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
        }
        return failed('NO_ATTESTATIONS', `no attestations found at ${base.attestationRef}`);
    }
    // cosign checks the subject only after the key verified the envelope: a trusted attestation of another image.
    if (/no matching subject digest found/i.test(message)) {
        return failed('SUBJECT_MISMATCH', `cosign: ${message}`);
    }
    if (/no matching attestations/i.test(message)) {
        return failed('ATTESTATION_UNTRUSTED', `cosign: ${message}`);
    }
    const error = cosignFailure(`verifying the attestations of ${target.image}`, result, run.secrets);
    return failed(reasonOf(error.code), error.message);
}
async function imageIsMissing(registry, target) {
    try {
        return (await registry.resolveDigest(target.repo, target.digest)) === undefined;
    }
    catch {
        // Could not ask: report what cosign saw rather than guess that the image is gone.
        return false;
    }
}
/**
 * `cosign verify --output json` prints a JSON array with one simple-signing payload per verified
 * signature (re-serialised by cosign, so read leniently: the signature over the stored bytes is
 * cosign's to check, the claims are sigil's). `undefined` when no such array was printed.
 */
function printedPayloads(stdout) {
    const line = stdout
        .split('\n')
        .map((text) => text.trim())
        .find((text) => text.startsWith('['));
    try {
        const parsed = line === undefined ? undefined : JSON.parse(line);
        return Array.isArray(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** The native layer verifier's claim checks (digest, then repository) on one payload cosign verified. */
function payloadClaimProblem(payload, target) {
    const critical = field(payload, 'critical');
    const claimedDigest = field(field(critical, 'image'), 'docker-manifest-digest');
    const reference = field(field(critical, 'identity'), 'docker-reference');
    if (typeof claimedDigest !== 'string' || typeof reference !== 'string') {
        return {
            reason: 'PAYLOAD_INVALID',
            message: 'a printed payload has no digest or docker-reference claim',
        };
    }
    if (claimedDigest !== target.digest) {
        return {
            reason: 'CLAIM_DIGEST_MISMATCH',
            message: `the payload signs ${(0,lib/* quoteForMessage */.Hx)(claimedDigest)}, not the image digest ${target.digest}`,
        };
    }
    const expected = (0,oci_lib/* repositoryName */.aR)(target.repo);
    if ((0,oci_lib/* dockerRepositoryOf */.wV)(reference) !== expected) {
        return {
            reason: 'IDENTITY_MISMATCH',
            message: `the payload names ${(0,lib/* quoteForMessage */.Hx)(reference)}, not repository ${expected}` +
                ' (a signature copied from another repository)',
        };
    }
    return undefined;
}
function field(value, name) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value[name]
        : undefined;
}
/** `cosign verify-attestation` prints one DSSE envelope per verified attestation, one per line. */
function printedStatements(stdout) {
    return stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
        const envelope = (0,attestations_lib/* parseDsseEnvelope */.nj)(Buffer.from(line, 'utf8'));
        if (!envelope.ok)
            return [];
        const statement = (0,attestations_lib/* parseInTotoStatement */.U3)(envelope.envelope.payload);
        return statement.ok ? [statement.statement] : [];
    });
}
function namesDigest(statement, digest) {
    const [algorithm, hex] = digest.split(':');
    return (algorithm !== undefined &&
        hex !== undefined &&
        statement.subjects.some((subject) => subject.digest[algorithm] === hex));
}
function reasonOf(code) {
    return code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : code;
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-signing-engine.js














/**
 * The installed cosign CLI behind the engine interface: the only way to use a key that never leaves its
 * KMS or Kubernetes secret. Results are made the same as the native engine's by reading what cosign wrote
 * through sigil's registry client: a `.sig`/`.att` manifest digest unchanged by the run means nothing was
 * written (`deduplicated`); `replaced` counts the layers of the predicate type there before; refs are
 * computed, never parsed from cosign's output. Failures are sigil's codes with cosign's redacted stderr as
 * the cause.
 */
class CosignSigningEngine {
    name = 'cosign';
    #registry;
    #insecureRegistries;
    #runner;
    #publicKey;
    constructor(options) {
        this.#registry = options.registry;
        this.#insecureRegistries = options.insecureRegistries ?? [];
        this.#runner = new CosignRunner(options);
    }
    /**
     * The key's public half: a public key file or `env://` PEM is read as is; a private key file, `env://`
     * key or KMS key through `cosign public-key` (once; later calls share the answer).
     */
    async signerIdentity() {
        return { kind: 'key', publicKey: await this.publicKey() };
    }
    publicKey() {
        this.#publicKey ??= this.#readPublicKey();
        const pending = this.#publicKey;
        pending.catch(() => {
            if (this.#publicKey === pending)
                this.#publicKey = undefined;
        });
        return pending;
    }
    async signImages(targets, options = {}) {
        return (0,signatures_lib/* signEachImage */.Ct)(targets, options.concurrency ?? 8, (target) => this.#signImage(target, options));
    }
    async attestImage(target, attestation, options = {}) {
        const logger = options.logger ?? this.#runner.logger;
        const replace = options.replace === true;
        await (0,oci_lib/* requireImage */.rt)(this.#registry, target, 'attest');
        const ref = (0,attestations_lib/* attestationRef */.Cn)(target.repo, target.digest);
        const before = await (0,attestations_lib/* readAttestations */.aF)(this.#registry, target.repo, target.digest);
        const facts = {
            image: target.image,
            digest: target.digest,
            predicateType: attestation.predicateType,
            format: 'legacy',
            ref,
        };
        const equivalent = await (0,attestations_lib/* holdsEquivalentAttestation */.XP)(this.#registry, target, before, await this.publicKey(), {
            ...attestation,
            replace,
        });
        if (equivalent) {
            logger.info(`${target.image}: already attested (${attestation.predicateType}) with this key in ${ref}; nothing written.`);
            return { ...facts, deduplicated: true, replaced: 0 };
        }
        const sameType = (before?.layers ?? []).filter((layer) => layer.predicateType === attestation.predicateType);
        await this.#runner.withTemporaryFile('predicate.json', attestation.predicate, async (predicatePath) => {
            const args = cosignAttestArguments({
                ...this.#imageCommand(target),
                predicateType: attestation.predicateType,
                predicatePath,
                replace,
            });
            const run = await this.#runner.run(args, [target.repo.registry]);
            if (run.result.exitCode !== 0)
                throw cosignFailure(`attesting ${target.image}`, run.result, run.secrets);
        });
        const after = await this.#manifestDigest(target.repo, (0,attestations_lib/* attestationTag */.BJ)(target.digest), ref);
        const deduplicated = after === before?.manifestDigest;
        const replaced = replace && !deduplicated ? sameType.length : 0;
        logger.info(deduplicated
            ? `${target.image}: already attested (${attestation.predicateType}) with this key in ${ref}; nothing written.`
            : `${target.image}: attested ${target.digest} (${attestation.predicateType}) with cosign in ${ref}` +
                (replaced > 0 ? `, replacing ${replaced}.` : '.'));
        return { ...facts, deduplicated, replaced };
    }
    async verifySignatures(target, options = {}) {
        try {
            const keyId = (await this.publicKey()).id;
            const run = await this.#withVerificationKey((key) => this.#runner.run(cosignVerifyArguments({
                ...this.#imageCommand(target),
                key,
                ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
            }), [target.repo.registry]));
            return await signatureVerdictFromCosign(this.#registry, target, run, keyId);
        }
        catch (error) {
            const failure = (0,lib/* asSigilError */.tF)(error);
            return {
                image: target.image,
                digest: target.digest,
                signatureRef: (0,signatures_lib/* signatureRef */.wm)(target.repo, target.digest),
                verified: false,
                reason: failure.code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : failure.code,
                message: `could not verify ${target.image} with cosign: ${failure.message}`,
                layers: [],
                acceptedKeyIds: [],
                revokedSignatures: [],
            };
        }
    }
    async verifyAttestations(target, options) {
        try {
            const keyId = (await this.publicKey()).id;
            const run = await this.#withVerificationKey((key) => this.#runner.run(cosignVerifyAttestationArguments({
                ...this.#imageCommand(target),
                key,
                predicateType: options.predicateType,
            }), [target.repo.registry]));
            return await attestationVerdictFromCosign(this.#registry, target, options.predicateType, run, keyId);
        }
        catch (error) {
            const failure = (0,lib/* asSigilError */.tF)(error);
            return {
                image: target.image,
                digest: target.digest,
                attestationRef: (0,attestations_lib/* attestationRef */.Cn)(target.repo, target.digest),
                predicateType: options.predicateType,
                verified: false,
                reason: failure.code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : failure.code,
                message: `could not verify the attestations of ${target.image} with cosign: ${failure.message}`,
                layers: [],
                acceptedKeyIds: [],
                revokedSignatures: [],
            };
        }
    }
    async #signImage(target, options) {
        const logger = options.logger ?? this.#runner.logger;
        const recursive = options.recursive === true;
        const digests = recursive ? await (0,signatures_lib/* digestsToSign */.gC)(this.#registry, target.repo, target.digest) : [];
        if (digests.length === 0) {
            await (0,oci_lib/* requireImage */.rt)(this.#registry, target, 'sign');
            digests.push(target.digest);
        }
        const tags = digests.map((digest) => ({
            digest,
            tag: (0,signatures_lib/* signatureTag */.bG)(digest),
            ref: (0,signatures_lib/* signatureRef */.wm)(target.repo, digest),
        }));
        const before = await Promise.all(tags.map(({ tag, ref }) => this.#manifestDigest(target.repo, tag, ref)));
        const args = cosignSignArguments({
            ...this.#imageCommand(target),
            recursive,
            annotations: options.annotations ?? {},
        });
        const run = await this.#runner.run(args, [target.repo.registry]);
        if (run.result.exitCode !== 0)
            throw cosignFailure(`signing ${target.image}`, run.result, run.secrets);
        const signed = [];
        for (const [position, { digest, tag, ref }] of tags.entries()) {
            const after = await this.#manifestDigest(target.repo, tag, ref);
            if (after === undefined) {
                throw new lib/* SigilError */.XU('COSIGN_FAILED', `cosign reported ${target.image} signed, but ${ref} does not exist`, {
                    hint: 'Check the cosign version and its output; sigil expects the legacy .sig format.',
                });
            }
            const image = position === 0 ? target.image : (0,oci_lib/* pinnedReference */.ct)({ repo: target.repo, digest });
            const deduplicated = after === before[position];
            logger.info(deduplicated
                ? `${image}: already signed with this key in ${ref}; nothing written.`
                : `${image}: signed ${digest} with cosign in ${ref}.`);
            signed.push({ image, digest, format: 'legacy', ref, deduplicated });
        }
        return signed;
    }
    #imageCommand(target) {
        return {
            version: this.#runner.version,
            key: this.#runner.key,
            repo: target.repo,
            digest: target.digest,
            insecureRegistries: this.#insecureRegistries,
            timeoutSeconds: this.#runner.timeoutSeconds,
        };
    }
    /** The digest of the manifest under `tag`, undefined when there is none; registry failures name `ref`. */
    async #manifestDigest(repo, tag, ref) {
        try {
            return await this.#registry.resolveDigest(repo, tag);
        }
        catch (error) {
            if ((0,lib/* isSigilError */.td)(error))
                throw error;
            throw new lib/* SigilError */.XU('INTERNAL', `could not read ${ref}: ${(0,lib/* messageOf */.bD)(error)}`, { cause: error });
        }
    }
    /**
     * Runs `work` with the key cosign verifies with: a KMS URI as is (cosign asks the service), a key file or
     * `env://` key as a temporary public key file (cosign cannot verify with a private key file).
     */
    async #withVerificationKey(work) {
        const key = this.#runner.key;
        if (key.kind === 'kms')
            return work(key);
        const publicKey = await this.publicKey();
        return this.#runner.withTemporaryFile('cosign.pub', publicKey.pem, (path) => work({ kind: 'file', path }));
    }
    async #readPublicKey() {
        const key = this.#runner.key;
        const text = key.kind === 'file'
            ? await readKeyText(key.path)
            : key.kind === 'env'
                ? this.#runner.keyText
                : undefined;
        if (text !== undefined &&
            /-----BEGIN (?:RSA )?PUBLIC KEY-----/.test(text) &&
            !/PRIVATE KEY-----/.test(text)) {
            return (0,keys_lib/* parsePublicKey */.ee)(text, { field: 'signing-key' });
        }
        const run = await this.#runner.run(cosignPublicKeyArguments({ key, timeoutSeconds: this.#runner.timeoutSeconds }), []);
        if (run.result.exitCode !== 0) {
            throw cosignFailure(`reading the public key of ${describeKey(key)}`, run.result, run.secrets, {
                keyOnly: true,
            });
        }
        try {
            return (0,keys_lib/* parsePublicKey */.ee)(run.result.stdout, { field: 'signing-key' });
        }
        catch (error) {
            throw new lib/* SigilError */.XU('COSIGN_FAILED', `cosign public-key printed no public key sigil accepts for ${describeKey(key)}`, {
                cause: error,
                field: 'signing-key',
                hint: 'sigil verifies ECDSA P-256 and RSA (2048 bits or more) keys; check the key type in the key service.',
            });
        }
    }
}
function describeKey(key) {
    switch (key.kind) {
        case 'file':
            return `the key file ${key.path}`;
        case 'env':
            return `env://${key.name}`;
        case 'kms':
            return key.uri;
    }
}
async function readKeyText(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`key\`: the key file ${file} ${missing ? 'does not exist' : 'cannot be read'}`, {
            cause: error,
            field: 'signing-key',
            hint: 'Give the path of a cosign key file, relative to the workspace, or env://NAME.',
        });
    }
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-executor.js

const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
/**
 * The executor of one cosign binary over the one process runner: no shell, exactly the environment of
 * each call, killed at the deadline (TIMEOUT) or past the output cap (COSIGN_FAILED), the end of stderr
 * kept as the cause. A binary that cannot be started rejects with the system's error (ENOENT…), which
 * the locator and the runner name.
 */
function cosign_executor_cosignExecutor(binary, options = {}) {
    const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const run = options.run ?? lib/* runProcess */.R3;
    return async (args, { env, timeoutMs }) => {
        try {
            return await run(binary, args, { env, timeoutMs, maxOutputBytes });
        }
        catch (error) {
            throw killed(error);
        }
    };
}
function killed(error) {
    if (!(error instanceof lib/* ProcessFailure */.iq))
        return error;
    const cause = new Error(error.stderr);
    switch (error.kind) {
        case 'not-started':
            return error.cause ?? error;
        case 'timeout':
            return new lib/* SigilError */.XU('TIMEOUT', error.message, {
                cause,
                field: 'deadline',
                hint: 'Raise `timeout-seconds`, or check the registry and key service.',
            });
        case 'output-limit':
            return new lib/* SigilError */.XU('COSIGN_FAILED', error.message, { cause });
    }
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-version.js


/**
 * The oldest cosign the engine drives: v2.2 has every flag the engine passes (`--tlog-upload`,
 * `--allow-http-registry`, `--insecure-ignore-tlog`, `--replace`) and writes the legacy `.sig`/`.att` format.
 */
const MINIMUM_COSIGN_VERSION = Object.freeze({
    major: 2,
    minor: 2,
    patch: 0,
    text: 'v2.2.0',
});
const SEMVER = /^v?(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+][0-9A-Za-z.+-]*)?$/;
/** `v3.1.3`, `3.1.3`, `v2.2.0-rc.1` → its numbers; undefined for anything else (`(devel)`, `latest`). */
function parseVersionText(text) {
    const match = SEMVER.exec(text.trim());
    if (match === null)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: text.trim() };
}
/** Negative, zero or positive as `a` is older than, the same release as, or newer than `b` (numbers only). */
function compareVersions(a, b) {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
/**
 * The version in the output of `cosign version --json` from the binary at `binary`. Its `gitVersion`
 * field (any letter case, as older releases spelled it `GitVersion`) must be a release number; anything
 * else is COSIGN_VERSION.
 */
function parseCosignVersionOutput(stdout, binary) {
    const parsed = (0,lib/* parseStrictJson */.RJ)(stdout.trim());
    const fields = parsed.ok && parsed.value instanceof Map ? parsed.value : undefined;
    const key = fields === undefined ? undefined : [...fields.keys()].find((name) => name.toLowerCase() === 'gitversion');
    const value = key === undefined ? undefined : fields?.get(key);
    const version = typeof value === 'string' ? parseVersionText(value) : undefined;
    if (version === undefined) {
        throw new lib/* SigilError */.XU('COSIGN_VERSION', `cannot tell which cosign release ${binary} is`, {
            cause: new Error(`cosign version --json printed: ${stdout.trim().slice(0, 400) || '(nothing)'}`),
            hint: 'Install a cosign release (v2.2.0 or later) with the install-cosign action instead of a development build.',
        });
    }
    return version;
}
/**
 * The newest cosign major the engine's flags were checked against. A later major may drop the flags that
 * keep cosign on the legacy `.sig` / `.att` format (v3 already deprecates `--new-bundle-format` and
 * `--tlog-upload`) and sign in another format while exiting 0, so it is refused until it is tested.
 */
const NEWEST_SUPPORTED_COSIGN_MAJOR = 3;
/** Throws COSIGN_VERSION unless `version` is at least `MINIMUM_COSIGN_VERSION` and of a tested major. */
function requireSupportedCosign(version, binary, installHint) {
    if (compareVersions(version, MINIMUM_COSIGN_VERSION) < 0) {
        throw new lib/* SigilError */.XU('COSIGN_VERSION', `cosign ${version.text} at ${binary} is too old: the cosign engine needs ${MINIMUM_COSIGN_VERSION.text} or later`, { hint: installHint });
    }
    if (version.major > NEWEST_SUPPORTED_COSIGN_MAJOR) {
        throw new lib/* SigilError */.XU('COSIGN_VERSION', `cosign ${version.text} at ${binary} is newer than the cosign engine supports: it is tested with ` +
            `v${MINIMUM_COSIGN_VERSION.major}.${MINIMUM_COSIGN_VERSION.minor} to v${NEWEST_SUPPORTED_COSIGN_MAJOR}.x, and a new ` +
            'major may sign in another format', { hint: 'Install a v3 release with the install-cosign action (its default is tested).' });
    }
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/cosign-version-command.js




/**
 * Runs `<cosign> version --json` through `exec` and returns the release it reports. A binary that cannot
 * be run or fails gets the caller's codes (`failure`); one that reports no release number is COSIGN_VERSION.
 */
async function cosignVersionOf(exec, binary, env, failure, timeoutMs = 30_000) {
    const error = (code, detail, cause) => new lib/* SigilError */.XU(code, `\`${binary} version --json\` ${detail}`, {
        cause,
        hint: failure.hint,
        ...(failure.input === undefined ? {} : { input: failure.input }),
    });
    const result = await exec(cosignVersionArguments(), { env, timeoutMs }).catch((cause) => {
        throw error(failure.unrunnable, `could not be run: ${(0,lib/* messageOf */.bD)(cause)}`, cause);
    });
    if (result.exitCode !== 0) {
        throw error(failure.failed, `exited with ${result.exitCode}`, new Error(result.stderr.trim().slice(-2000)));
    }
    return parseCosignVersionOutput(result.stdout.toString('utf8'), binary);
}
/**
 * The release an installed cosign reports, as printed (e.g. `v3.1.3`); run only on a verified binary. A
 * binary that cannot be run, fails or outlives `timeoutMs` is COSIGN_FAILED.
 */
async function reportedCosignVersion(cosign, env, timeoutMs = 30_000) {
    const failure = {
        unrunnable: 'COSIGN_FAILED',
        failed: 'COSIGN_FAILED',
        hint: 'The installed file is not a cosign this runner can run; check `cosign-version` and `download-url`.',
    };
    return (await cosignVersionOf(cosignExecutor(cosign), cosign, env, failure, timeoutMs)).text;
}
;// CONCATENATED MODULE: ./packages/cosign-cli/lib/index.js





// EXTERNAL MODULE: ./packages/signer/lib/index.js + 11 modules
var signer_lib = __nccwpck_require__(15850);
;// CONCATENATED MODULE: ./packages/toolkit/lib/cosign-release-assets.js

/** Where upstream publishes cosign releases: `<base>/<version>/<asset>`. */
const COSIGN_RELEASES_URL = 'https://github.com/sigstore/cosign/releases/download';
/**
 * Node's `process.platform`/`process.arch` to upstream's asset names. Node reports little-endian
 * 64-bit POWER as `ppc64` (it runs on no big-endian POWER Linux), which is cosign's `ppc64le`.
 */
const ASSET_ROWS = [
    { platform: 'linux', arch: 'x64', asset: 'cosign-linux-amd64' },
    { platform: 'linux', arch: 'arm64', asset: 'cosign-linux-arm64' },
    { platform: 'linux', arch: 'arm', asset: 'cosign-linux-arm' },
    { platform: 'linux', arch: 'ppc64', asset: 'cosign-linux-ppc64le' },
    { platform: 'linux', arch: 's390x', asset: 'cosign-linux-s390x' },
    { platform: 'linux', arch: 'riscv64', asset: 'cosign-linux-riscv64' },
    { platform: 'darwin', arch: 'x64', asset: 'cosign-darwin-amd64' },
    { platform: 'darwin', arch: 'arm64', asset: 'cosign-darwin-arm64' },
    { platform: 'win32', arch: 'x64', asset: 'cosign-windows-amd64.exe' },
    {
        platform: 'win32',
        arch: 'arm64',
        asset: 'cosign-windows-amd64.exe',
        emulation: 'cosign publishes no Windows arm64 build; installing the Windows x64 build, which Windows on Arm runs under x64 emulation',
    },
];
/** Every platform/arch pair with a cosign build, as `platform/arch` (Node's names). */
const COSIGN_PLATFORMS = ASSET_ROWS.map((row) => `${row.platform}/${row.arch}`);
/** The cosign asset for a runner (Node's `process.platform` and `process.arch`), or PLATFORM_UNSUPPORTED. */
function cosignAssetFor(platform, arch) {
    const row = ASSET_ROWS.find((candidate) => candidate.platform === platform && candidate.arch === arch);
    if (row === undefined) {
        throw new lib/* SigilError */.XU('PLATFORM_UNSUPPORTED', `cosign publishes no build for this runner (${platform}/${arch}); builds exist for ${COSIGN_PLATFORMS.join(', ')}`, { hint: 'Run this step on a runner of one of those platforms, or install cosign there yourself.' });
    }
    return {
        asset: row.asset,
        fileName: platform === 'win32' ? 'cosign.exe' : 'cosign',
        ...(row.emulation === undefined ? {} : { emulation: row.emulation }),
    };
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/cosign-release-checksums.js

/** The release install-cosign installs by default: held below, and the one sigil's interop tests run. */
const COSIGN_DEFAULT_VERSION = 'v3.1.3';
/**
 * Checksums held in the repository, per release. A held value always wins: the `checksum` input can
 * only repeat it. v3.1.3's table is tested against its source, the release's checksum file verified through
 * its Sigstore bundle; v3.0.6's is transcribed from upstream's installer and pinned by a test against edits
 * (the same values stand in independent projects' pins of v3.0.6). See test/cosign-release-checksums.test.ts.
 */
const HELD_COSIGN_RELEASES = Object.freeze({
    'v3.1.3': {
        source: 'cosign_checksums.txt of the cosign v3.1.3 release, held in packages/toolkit/release-data/cosign/v3.1.3 ' +
            'and authenticated by its Sigstore bundle',
        sha256: {
            'cosign-darwin-amd64': '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c',
            'cosign-darwin-arm64': '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76',
            'cosign-linux-amd64': '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
            'cosign-linux-arm': '3275e61b43a45aa56a6242b49475d8a01874a07469c08fc32d027ba554996e4c',
            'cosign-linux-arm64': 'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a',
            'cosign-linux-ppc64le': '15619e924681c97e0fb4f79c0eb8ef5d29665a06fe6a25078500985aed79321b',
            'cosign-linux-riscv64': '9736177c6be33e4493304fc34feb8aa29209d531b3d40142d7e2a40bbe2f542f',
            'cosign-linux-s390x': '253b571ef9e1aef72ef56d74f464ef9fe5182dc83b1ab430bbffbc4c8e43e7fd',
            'cosign-windows-amd64.exe': '9fe59be0eca1271873ce019061335eb1ac419b7059202e797828467ddabe33be',
        },
    },
    'v3.0.6': {
        source: 'the bootstrap sha256s of sigstore/cosign-installer action.yml at commit ' +
            '3094a48ba06382e0e6cfa5a4af4fcc55fc6942b9, generated by upstream from the release cosign_checksums.txt',
        sha256: {
            'cosign-darwin-amd64': '4c3e7af8372d3ca3296e62fa56f23fcbb5721cc6ac1827900d398f110d7cd280',
            'cosign-darwin-arm64': '5fadd012ae6381a6a29ff86a7d39aa873878852f1073fc90b15995961ecfb084',
            'cosign-linux-amd64': 'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74',
            'cosign-linux-arm': '67bd25d32daff5664caf51208c95defcb2ad7ac1296f394fa677bb8bacee62f5',
            'cosign-linux-arm64': 'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8',
            'cosign-linux-ppc64le': '08c3e5e0a09c440f49e9a69d8639d37fbec522ec8c5c0ac805243b098e6ea512',
            'cosign-linux-riscv64': 'e25952e798958b0f9168d044153ccc353f5469ca4b71a1707dffad0534d27017',
            'cosign-linux-s390x': '3cf4b769258ed9cc3c2a93268c0d5c1cc3fbd094af8df21035cbac8fb0d7c088',
            'cosign-windows-amd64.exe': '9b85a88ebff2d9dd30ff4984a6f61f2cedc232dd87d81fa7f2ff3c0ed96c241c',
        },
    },
});
/**
 * The checksum to hold a cosign download to. A held value wins and a different `checksum` input is
 * refused (an input never overrides a published pin); an unheld version needs `checksum`.
 */
function expectedCosignChecksum(query) {
    const release = Object.hasOwn(HELD_COSIGN_RELEASES, query.version)
        ? HELD_COSIGN_RELEASES[query.version]
        : undefined;
    const held = release !== undefined && Object.hasOwn(release.sha256, query.asset)
        ? release.sha256[query.asset]
        : undefined;
    if (release !== undefined && held !== undefined) {
        if (query.given !== undefined && query.given !== held) {
            throw new SigilError('TOOL_CHECKSUM_MISMATCH', `input \`checksum\` is ${query.given}, but the sha256 of ${query.asset} in cosign ${query.version} is ` +
                `${held} (from ${release.source}); an input never overrides a published checksum`, {
                input: 'checksum',
                hint: `Remove \`checksum\` (sigil holds the checksums of cosign ${query.version}), or set it to ${held}.`,
            });
        }
        return { sha256: held, source: release.source, held: true };
    }
    if (query.given !== undefined) {
        return { sha256: query.given, source: 'the `checksum` input', held: false };
    }
    const checksumsUrl = `${query.downloadUrl}/${query.version}/cosign_checksums.txt`;
    throw new SigilError('TOOL_CHECKSUM_UNKNOWN', `sigil holds no checksum of ${query.asset} for cosign ${query.version} (it holds ` +
        `${Object.keys(HELD_COSIGN_RELEASES).join(', ')}), so the download could not be verified`, {
        input: 'checksum',
        hint: `Set \`checksum\` to the sha256 of ${query.asset} from ${checksumsUrl}, ` +
            `or use a version sigil holds (${Object.keys(HELD_COSIGN_RELEASES).join(', ')}).`,
    });
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/cosign-location.js






/** The step users add so that cosign is there (it puts cosign on PATH and in the tool cache). */
const INSTALL_COSIGN_STEP = 'uses: <owner>/sigil/actions/install-cosign@v1';
const INSTALL_HINT = `Add a \`${INSTALL_COSIGN_STEP}\` step before this one, or put cosign (v2.2.0 or later) on PATH.`;
/**
 * Finds the cosign CLI the way later steps would: `cosign` on PATH first, then the newest cosign in the
 * runner's tool cache (where the install-cosign action puts it: tool `cosign`, version without `v`, arch
 * `process.arch`, file `cosign`/`cosign.exe`). Runs `cosign version --json` and requires v2.2.0 or later.
 * COSIGN_MISSING when there is none (the hint names the install-cosign step), COSIGN_VERSION when it is too old.
 *
 * A tool-cache entry may have been left by an earlier job (self-hosted runners keep their cache), so it is
 * not run on trust: only releases whose checksums sigil holds are taken from it, each re-checked (see
 * `heldCosignFromToolCache`). install-cosign in the same job puts its verified cosign on PATH, which is
 * looked at first, so an unheld release installed with `checksum` is found there.
 */
async function locateCosign(options) {
    const { environment } = options;
    const input = options.input === undefined ? {} : { input: options.input };
    let binary = await (0,lib/* findOnPath */.aY)('cosign', environment);
    if (binary === undefined) {
        const cached = await heldCosignFromToolCache(options);
        if ('path' in cached)
            binary = cached.path;
        else {
            const passedOver = cached.unheld.length === 0
                ? ''
                : ` (the tool cache holds cosign ${cached.unheld.join(', ')}, whose checksums sigil does not hold, so ` +
                    'it is not run: a tool cache outlives jobs on self-hosted runners)';
            throw new lib/* SigilError */.XU('COSIGN_MISSING', `the cosign CLI is needed for this key, but it is not on PATH or in the tool cache${passedOver}`, { ...input, hint: INSTALL_HINT });
        }
    }
    const exec = (options.executor ?? cosign_executor_cosignExecutor)(binary);
    const version = await cosignVersionOf(exec, binary, { ...environment.helperEnvironment, PATH: environment.path }, { unrunnable: 'COSIGN_MISSING', failed: 'COSIGN_VERSION', hint: INSTALL_HINT, ...input });
    requireSupportedCosign(version, binary, INSTALL_HINT);
    return { path: binary, version, exec };
}
/**
 * The newest cosign of the tool cache among the releases whose checksums sigil holds, re-checked: copied
 * into `privateDir` first (when given) so that the bytes hashed are the bytes run, then its sha256 compared
 * with the published one (TOOL_CHECKSUM_MISMATCH otherwise; nothing is run). Entries of other releases are
 * passed over and named, never run: whoever could write the cache could have put them there.
 */
async function heldCosignFromToolCache(options) {
    const cache = options.toolCache ?? (await actionsToolCacheLookup(options.environment));
    if (cache === undefined)
        return { unheld: [] };
    const { platform, arch } = options.environment;
    const held = options.heldReleases ?? HELD_COSIGN_RELEASES;
    const asset = heldAsset(platform, arch);
    const versions = cache.findAllVersions('cosign', arch).flatMap((text) => {
        const version = parseVersionText(text);
        return version === undefined ? [] : [{ text, version }];
    });
    const checksumOf = (text) => (asset === undefined ? undefined : held[`v${text}`]?.sha256[asset]);
    const newest = versions
        .filter(({ text }) => checksumOf(text) !== undefined)
        .sort((a, b) => compareVersions(b.version, a.version))[0];
    const unheld = versions.filter(({ text }) => checksumOf(text) === undefined).map(({ text }) => text);
    if (newest === undefined)
        return { unheld };
    const folder = cache.find('cosign', newest.text, arch);
    if (folder === '')
        return { unheld };
    const entry = external_node_path_.join(folder, platform === 'win32' ? 'cosign.exe' : 'cosign');
    const binary = options.privateDir === undefined ? entry : await privateCopy(entry, options.privateDir);
    const expected = checksumOf(newest.text) ?? '';
    const actual = await (0,lib/* sha256OfFile */.Vq)(binary);
    if (actual !== expected) {
        if (binary !== entry)
            await (0,promises_.rm)(external_node_path_.dirname(binary), { recursive: true, force: true });
        throw new lib/* SigilError */.XU('TOOL_CHECKSUM_MISMATCH', `the cosign v${newest.text} in the tool cache (${entry}) has sha256 ${actual}, not the published ` +
            `${expected} (${held[`v${newest.text}`]?.source ?? 'held checksums'}); it was not run`, {
            ...(options.input === undefined ? {} : { input: options.input }),
            hint: 'Run install-cosign in this job (it replaces a tool-cache entry that does not match), and find out who wrote that entry.',
        });
    }
    return { path: binary };
}
async function privateCopy(entry, privateDir) {
    const folder = await (0,promises_.mkdtemp)(external_node_path_.join(privateDir, 'sigil-cosign-'));
    const copy = external_node_path_.join(folder, external_node_path_.basename(entry));
    await (0,promises_.copyFile)(entry, copy);
    await (0,promises_.chmod)(copy, 0o700);
    return copy;
}
function heldAsset(platform, arch) {
    try {
        return cosignAssetFor(platform, arch).asset;
    }
    catch {
        return undefined;
    }
}
/**
 * @actions/tool-cache reads RUNNER_TOOL_CACHE itself, and throws when it is not set (outside Actions).
 * Loaded only when cosign is not on PATH, so that runs without the cosign engine never load it.
 */
async function actionsToolCacheLookup(environment) {
    if (!environment.variable('RUNNER_TOOL_CACHE'))
        return undefined;
    const toolCache = await __nccwpck_require__.e(/* import() */ 991).then(__nccwpck_require__.bind(__nccwpck_require__, 95991));
    return {
        findAllVersions: (tool, arch) => toolCache.findAllVersions(tool, arch),
        find: (tool, version, arch) => toolCache.find(tool, version, arch),
    };
}
// EXTERNAL MODULE: ./packages/transparency/lib/service-url.js
var service_url = __nccwpck_require__(10343);
// EXTERNAL MODULE: ./packages/transparency/lib/signing-config.js
var signing_config = __nccwpck_require__(38278);
;// CONCATENATED MODULE: ./packages/toolkit/lib/tuf-input.js



/**
 * `tuf-url` and `tuf-root`: a private TUF repository and the root.json (a file) it is trusted from, both or neither
 * (the missing one named). Undefined when neither is given.
 */
function readTufRepositoryInput(inputs) {
    const url = inputs.string('tuf-url');
    const root = inputs.string('tuf-root');
    if ((url === undefined) !== (root === undefined)) {
        const missing = url === undefined ? 'tuf-url' : 'tuf-root';
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${missing}\` is needed with \`${missing === 'tuf-url' ? 'tuf-root' : 'tuf-url'}\``, {
            input: missing,
            hint: 'A private TUF repository needs both its URL (`tuf-url`) and the root.json you trust it from (`tuf-root`).',
        });
    }
    return url === undefined || root === undefined ? undefined : { url, root };
}
/** How a TUF repository is named in logs and reports: `tuf:public-good`, `tuf:<url>`. */
function describeTufRepository(choice) {
    return 'known' in choice ? `tuf:${choice.known}` : `tuf:${choice.url}`;
}
/**
 * The `trusted_root.json` or `signing_config.v0.2.json` target of a repository, fetched and verified through TUF
 * (`@sigil/transparency/tuf`, loaded only here), cached under the runner's tool cache (else RUNNER_TEMP). A
 * `tuf-root` that is not a file and a `tuf-url` that is not a usable URL are INPUT_INVALID naming the input.
 */
async function fetchTufTarget(target, choice, environment) {
    const { KNOWN_TUF_REPOSITORIES, fetchSigningConfigFromTuf, fetchTrustedRootFromTuf } = await Promise.all(/* import() */[__nccwpck_require__.e(76), __nccwpck_require__.e(694), __nccwpck_require__.e(709)]).then(__nccwpck_require__.bind(__nccwpck_require__, 61709));
    const cachePath = external_node_path_.join(environment.runnerToolCache ?? environment.runnerTemp ?? environment.workspace, 'sigil-tuf');
    let repository;
    if ('known' in choice)
        repository = KNOWN_TUF_REPOSITORIES[choice.known];
    else {
        const rootPath = external_node_path_.resolve(environment.workspace, choice.root);
        const isFile = await (0,promises_.stat)(rootPath).then((info) => info.isFile(), () => false);
        if (!isFile)
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`tuf-root\` (${choice.root}) is not a file`, {
                input: 'tuf-root',
                hint: "Give the path, relative to the workspace, of the TUF repository's root.json you trust it from.",
            });
        repository = { mirrorURL: choice.url, rootPath };
    }
    const fetch = target === 'trusted root' ? fetchTrustedRootFromTuf : fetchSigningConfigFromTuf;
    try {
        return await fetch({ ...repository, cachePath });
    }
    catch (error) {
        if (error instanceof lib/* SigilError */.XU && error.code === 'INPUT_INVALID')
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`tuf-url\`: ${error.message}`, {
                cause: error,
                input: 'tuf-url',
            });
        throw error;
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/keyless-input.js






/** The public-good Sigstore services (the public-good signing config names these for Fulcio and Rekor v1). */
const PUBLIC_FULCIO_URL = 'https://fulcio.sigstore.dev';
const PUBLIC_REKOR_URL = 'https://rekor.sigstore.dev';
/**
 * Reads keyless signing's inputs (no `key` given): `oidc-audience` (default `sigstore`), and either `signing-config`
 * (a Sigstore signing config v0.2 file: Fulcio, Rekor, TSA) or `fulcio-url` / `rekor-url` / `tsa-url` (default the
 * public-good Fulcio and Rekor); `tlog-upload` (`auto` = `true`: each signature logged; `false` needs a TSA, as
 * GitHub's private-repository Sigstore). `key-password` and `engine: cosign` mean nothing without a key and are
 * refused by name. The runner's token request variables are read (and masked) here; the token is asked for when
 * signing starts.
 */
async function readKeylessInput(inputs, environment, secrets) {
    if (inputs.string('engine') === 'cosign') {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', 'keyless signing (no `key`) is done by sigil itself; `engine: cosign` signs with a key only', { input: 'engine', hint: 'Remove `engine: cosign`, or give `key` for the cosign CLI to sign with.' });
    }
    if (inputs.string('key-password') !== undefined) {
        secrets.add(inputs.string('key-password') ?? '');
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'input `key-password` is given but there is no `key` (keyless signing)', {
            input: 'key-password',
            hint: 'Set `key` to sign with a key, or remove `key-password` to sign keyless.',
        });
    }
    const audience = inputs.string('oidc-audience') ?? 'sigstore';
    if (!/^[\x21-\x7e]+$/.test(audience)) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'input `oidc-audience` must be one word of printable ASCII', {
            input: 'oidc-audience',
            hint: 'Leave it at `sigstore` for the public-good Fulcio, or give the audience your Fulcio expects.',
        });
    }
    const tlog = inputs.enumeration('tlog-upload', ['auto', 'true', 'false'], 'auto') !== 'false';
    const configFile = inputs.string('signing-config');
    const given = {
        fulcioURL: inputs.string('fulcio-url'),
        rekorURL: inputs.string('rekor-url'),
        tsaURL: inputs.string('tsa-url'),
    };
    let services;
    let servicesFrom;
    const tuf = readTufRepositoryInput(inputs);
    const named = ['signing-config', 'fulcio-url', 'rekor-url', 'tsa-url'].filter((name) => inputs.string(name) !== undefined);
    if (tuf !== undefined && named.length > 0) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `inputs \`tuf-url\` and \`${named[0]}\` are both given`, {
            input: named[0],
            hint: 'The TUF repository distributes the signing config: remove the input, or remove `tuf-url` and `tuf-root`.',
        });
    }
    if (configFile !== undefined) {
        const clash = named.find((name) => name !== 'signing-config');
        if (clash !== undefined) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `inputs \`signing-config\` and \`${clash}\` are both given`, {
                input: clash,
                hint: 'The signing config names every service: remove the URL input, or remove `signing-config`.',
            });
        }
        services = await readSigningConfigFile(external_node_path_.resolve(environment.workspace, configFile), configFile, signing_config/* readSigningConfig */.A);
        servicesFrom = 'signing-config';
    }
    else if (named.length > 0) {
        (0,service_url/* checkServiceInputs */.nK)([
            ['fulcio-url', given.fulcioURL],
            ['rekor-url', given.rekorURL],
            ['tsa-url', given.tsaURL],
        ]);
        if (!tlog && given.rekorURL !== undefined) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', 'input `rekor-url` is given but `tlog-upload` is `false`', {
                input: 'rekor-url',
                hint: 'Remove `rekor-url`, or set `tlog-upload: true` to log each signature there.',
            });
        }
        services = {
            fulcioURL: given.fulcioURL ?? PUBLIC_FULCIO_URL,
            ...(tlog ? { rekorURL: given.rekorURL ?? PUBLIC_REKOR_URL } : {}),
            ...(given.tsaURL === undefined ? {} : { tsaURL: given.tsaURL }),
        };
        servicesFrom = 'inputs';
    }
    else {
        // As cosign v3 and sigstore-js: the services the instance's signing config names, through its TUF repository.
        const repository = tuf ?? { known: 'public-good' };
        const text = await fetchTufTarget('signing config', repository, environment);
        services = (0,signing_config/* readSigningConfig */.A)(text);
        servicesFrom = describeTufRepository(repository);
    }
    if (tlog && services.rekorURL === undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `\`tlog-upload\` logs each signature, but the signing config (${servicesFrom}) names no Rekor log`, {
            input: 'tlog-upload',
            hint: 'Set `tlog-upload: false` to sign with timestamps only (the signing config names a TSA), or use a signing config with a Rekor log.',
        });
    }
    if (!tlog)
        services = withoutLog(services);
    if (services.rekorVersion === 2 && services.tsaURL === undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `the signing config (${servicesFrom}) names a Rekor v2 log (${services.rekorURL ?? ''}), which gives no signing time, and no timestamp authority`, {
            input: configFile === undefined ? 'tuf-url' : 'signing-config',
            hint: 'Use a signing config that names a TSA (tsaUrls) beside its Rekor v2 log.',
        });
    }
    if (services.rekorURL === undefined && services.tsaURL === undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'keyless signing with neither a transparency log nor a timestamp authority: the short-lived certificate could not be checked once it expires', {
            input: 'tlog-upload',
            hint: 'Keep `tlog-upload` on, or name a TSA (`tsa-url`, or one in the signing config).',
        });
    }
    const url = environment.variable('ACTIONS_ID_TOKEN_REQUEST_URL');
    const token = environment.variable('ACTIONS_ID_TOKEN_REQUEST_TOKEN');
    if (token !== undefined)
        secrets.add(token);
    return {
        engine: 'keyless',
        source: 'keyless',
        audience,
        services,
        servicesFrom,
        tokenRequest: { ...(url ? { url } : {}), ...(token ? { token } : {}) },
    };
}
function withoutLog(services) {
    return {
        fulcioURL: services.fulcioURL,
        ...(services.tsaURL === undefined ? {} : { tsaURL: services.tsaURL }),
    };
}
/** The `signing-config` file, read by `read` (`readSigningConfig`, or `readSigningConfigLog` with a key). */
async function readSigningConfigFile(file, given, read) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`signing-config\`: ${given} cannot be read`, {
            cause: error,
            input: 'signing-config',
            hint: 'Give the path of a Sigstore signing config (signing_config.json), relative to the workspace.',
        });
    }
    try {
        return read(text);
    }
    catch (error) {
        if (error instanceof lib/* SigilError */.XU)
            throw new lib/* SigilError */.XU(error.code, `input \`signing-config\`: ${error.message}`, {
                cause: error,
                input: 'signing-config',
                ...(error.hint === undefined ? {} : { hint: error.hint }),
            });
        throw error;
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/tlog-upload-input.js



/**
 * `tlog-upload` (`auto` default: off for key-based signing, as cosign v3 is not — its default logs a private
 * image's metadata in the public Rekor; `true`, `false`), and where: `rekor-url` (default the public-good Rekor)
 * and `tsa-url` (an RFC 3161 timestamp authority, optional), or `signing-config` (its Rekor log, v1 or v2, and
 * its TSA). Logging is done for Sigstore bundles
 * (`signature-format: bundle`) signed natively; the `.sig` / `.att` Rekor bundle and the cosign engine's upload
 * are refused by name. Returns the key with where to log (`tlog`), or as it was.
 */
function readTlogUpload(inputs, key, format) {
    // Keyless signing reads `tlog-upload`, `rekor-url` and `tsa-url` with its services (`readKeylessInput`).
    if (key.engine === 'keyless')
        return key;
    const upload = inputs.enumeration('tlog-upload', ['auto', 'true', 'false'], 'auto') === 'true';
    const rekorURL = inputs.string('rekor-url')?.trim();
    const tsaURL = inputs.string('tsa-url')?.trim();
    const config = key.engine === 'native' ? key.signingConfig : undefined;
    if (!upload) {
        for (const [input, given] of [
            ['rekor-url', rekorURL],
            ['tsa-url', tsaURL],
            ['signing-config', config === undefined ? undefined : 'given'],
        ]) {
            if (given !== undefined)
                throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`${input}\` is given but nothing is uploaded (\`tlog-upload\` is not \`true\`)`, {
                    input,
                    hint: 'Set `tlog-upload: true` to log each signature, or remove the input.',
                });
        }
        return key;
    }
    if (key.engine !== 'native') {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', '`tlog-upload: true` is done by the native engine; the cosign engine signs without a transparency log here', {
            input: 'tlog-upload',
            hint: 'Sign with a key file or env:// key and `engine: native`, or set `tlog-upload: false`.',
        });
    }
    if (format !== 'bundle') {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', `\`tlog-upload: true\` logs Sigstore bundles; with \`signature-format: ${format}\` the .sig / .att layers would carry no Rekor bundle (that comes with keyless signing)`, { input: 'tlog-upload', hint: 'Set `signature-format: bundle`, or `tlog-upload: false`.' });
    }
    if (config !== undefined) {
        const clash = rekorURL !== undefined ? 'rekor-url' : tsaURL !== undefined ? 'tsa-url' : undefined;
        if (clash !== undefined)
            throw new lib/* SigilError */.XU('INPUT_INVALID', `inputs \`signing-config\` and \`${clash}\` are both given`, {
                input: clash,
                hint: 'The signing config names the log and the TSA: remove the URL input, or remove `signing-config`.',
            });
        if (config.rekorURL === undefined)
            throw new lib/* SigilError */.XU('INPUT_INVALID', '`tlog-upload: true` logs each bundle, but the signing config names no Rekor log', {
                input: 'signing-config',
                hint: 'Use a signing config with a Rekor log (rekorTlogUrls), or `rekor-url` instead of it.',
            });
        return {
            ...key,
            tlog: {
                rekorURL: config.rekorURL,
                ...(config.rekorVersion === undefined ? {} : { rekorVersion: config.rekorVersion }),
                ...(config.tsaURL === undefined ? {} : { tsaURL: config.tsaURL }),
            },
        };
    }
    (0,service_url/* checkServiceInputs */.nK)([
        ['rekor-url', rekorURL],
        ['tsa-url', tsaURL],
    ]);
    return {
        ...key,
        tlog: { rekorURL: rekorURL ?? PUBLIC_REKOR_URL, ...(tsaURL === undefined ? {} : { tsaURL }) },
    };
}
/** Logs bundles in `upload`'s Rekor (and TSA); sigstore-js's signing client is loaded on first use. */
function bundleLogger(upload) {
    let log;
    return async (bundle, publicKeyPem) => {
        log ??= Promise.all(/* import() */[__nccwpck_require__.e(76), __nccwpck_require__.e(179), __nccwpck_require__.e(936)]).then(__nccwpck_require__.bind(__nccwpck_require__, 17936)).then(({ KeyBundleLog }) => new KeyBundleLog(upload));
        return (await log).log(bundle, publicKeyPem);
    };
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/signing-engine-factory.js






/**
 * The engines of a run: native for a key sigil holds, the cosign CLI for a KMS / `k8s://` key (said in the
 * log) or when `engine: cosign` asks for it. cosign is located once per run, when first needed; it runs
 * with the helper environment (KMS clients read their credentials there), the key password as
 * COSIGN_PASSWORD, and registry credentials in a temporary Docker config in RUNNER_TEMP.
 */
function signingEngineFactory(context) {
    const { environment, logger } = context;
    const locate = context.locateCosign ??
        ((input) => locateCosign({ environment, input, privateDir: environment.runnerTemp }));
    let located;
    return async (key, registry, settings) => {
        if (key.engine === 'keyless')
            return keylessEngine(key, registry, context);
        if (key.engine === 'native')
            return new signer_lib/* NativeSigningEngine */.V(registry, key.key, key.tlog === undefined ? {} : { logBundle: bundleLogger(key.tlog) });
        const input = 'kms' in key.chosenBy ? 'key' : 'engine';
        logger.info('kms' in key.chosenBy
            ? `${key.source} is a ${key.chosenBy.kms}:// key, which only the cosign CLI can use: the cosign engine runs.`
            : 'engine: cosign — the cosign CLI signs and verifies.');
        if (located === undefined) {
            const attempt = locate(input);
            located = attempt;
            attempt.catch(() => {
                if (located === attempt)
                    located = undefined;
            });
        }
        const cosign = await located;
        logger.info(`cosign ${cosign.version.text} at ${cosign.path}`);
        return new CosignSigningEngine({
            registry,
            cosign,
            key: key.key,
            ...(key.keyText === undefined ? {} : { keyText: key.keyText }),
            ...(key.password === undefined ? {} : { password: key.password }),
            credentials: await createRunCredentialSource(settings, environment, context.mask),
            insecureRegistries: settings.insecureRegistries,
            tempDir: environment.runnerTemp,
            env: { ...environment.helperEnvironment, PATH: environment.path, HOME: environment.home },
            timeoutMs: settings.timeoutSeconds * 1000,
            logger,
        });
    };
}
/**
 * The native engine signing keyless: the runner's OIDC token (masked the moment it exists) exchanged once for a
 * Fulcio certificate that signs every image of the run; sigstore-js's signing client is loaded only here.
 */
async function keylessEngine(key, registry, context) {
    const { fetchRunnerIdToken, KeylessSigner } = await Promise.all(/* import() */[__nccwpck_require__.e(76), __nccwpck_require__.e(179), __nccwpck_require__.e(936)]).then(__nccwpck_require__.bind(__nccwpck_require__, 17936));
    const identityToken = await fetchRunnerIdToken({
        requestUrl: key.tokenRequest.url,
        requestToken: key.tokenRequest.token,
        audience: key.audience,
        ...(context.fetchFn === undefined ? {} : { fetchFn: context.fetchFn }),
    });
    context.mask(identityToken);
    const { fulcioURL, rekorURL, rekorVersion, tsaURL } = key.services;
    context.logger.info(`keyless signing (services from ${key.servicesFrom === 'tuf:public-good' ? "the public-good Sigstore's signing config, through TUF" : `\`${key.servicesFrom}\``}): Fulcio ${fulcioURL}; ${rekorURL === undefined ? 'no transparency log' : `each signature logged in ${rekorURL}${rekorVersion === 2 ? ' (Rekor v2)' : ''}`}${tsaURL === undefined ? '' : `; timestamps from ${tsaURL}`}.`);
    return new signer_lib/* NativeSigningEngine */.V(registry, new KeylessSigner({
        identityToken,
        fulcioURL,
        ...(rekorURL === undefined ? {} : { rekorURL }),
        ...(rekorVersion === undefined ? {} : { rekorVersion }),
        ...(tsaURL === undefined ? {} : { tsaURL }),
    }));
}
/** For runs given no factory (tests, embedding): the native engine only. */
const nativeSigningEngineOnly = async (key, registry) => {
    if (key.engine === 'keyless')
        throw new lib/* SigilError */.XU('INTERNAL', 'this run was given no keyless engine (pass `signingEngine` in its dependencies)');
    if (key.engine === 'native')
        return new signer_lib/* NativeSigningEngine */.V(registry, key.key);
    throw new lib/* SigilError */.XU('INTERNAL', 'this run was given no cosign engine (pass `signingEngine` in its dependencies)');
};
;// CONCATENATED MODULE: ./packages/toolkit/lib/run-dependencies.js




/** The dependencies of a real run on the runner, all sharing the runtime's secret list. */
function runDependencies(runtime, options) {
    const { environment, logger, outputs, secrets } = runtime;
    return {
        environment,
        logger,
        outputs,
        mask: secrets.add,
        signingEngine: signingEngineFactory({ environment, logger, mask: secrets.add }),
        writeReport: (name, report) => writeReport(environment.runnerTemp, name, report, secrets),
        writeSummary: (markdown) => writeJobSummary(markdown, { show: options.showSummary, environment, secrets }),
    };
}
/**
 * Runs `work` with the run's registry: `dependencies.registry` when given (tests, embedding), else a
 * client built from the registry inputs, closed when `work` ends.
 */
async function withRegistry(settings, dependencies, work) {
    if (dependencies.registry !== undefined)
        return work(dependencies.registry);
    const client = await createRegistryClient(settings, dependencies.environment, dependencies.mask, dependencies.logger);
    try {
        return await work(client);
    }
    finally {
        client.close();
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/signing-key-input.js








const ENGINES = ['native', 'cosign'];
/**
 * Reads `key` (a cosign key file path, `env://NAME`, or a KMS / `k8s://` URI), `key-password` (default:
 * the COSIGN_PASSWORD environment variable, as in cosign) and `engine` (`native` default, `cosign`). A KMS
 * or Kubernetes key always takes the cosign engine; a key file or `env://` key takes it when `engine:
 * cosign` says so, and is then not decrypted here. Every secret is masked the moment it is read: the
 * password, the key's PEM, and a PEM pasted into `key` by mistake. No key: keyless signing (`readKeylessInput`).
 */
async function readSigningKey(inputs, environment, secrets) {
    const engine = inputs.enumeration('engine', ENGINES, 'native');
    const value = inputs.string('key');
    if (value === undefined)
        return readKeylessInput(inputs, environment, secrets);
    const reference = (0,keys_lib/* parseKeyReference */.CE)(value, 'key');
    const configFile = inputs.string('signing-config');
    if (configFile !== undefined && (reference.kind === 'kms' || engine === 'cosign')) {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', 'input `signing-config` names where signatures are logged; the cosign engine signs without a transparency log here', {
            input: 'signing-config',
            hint: 'Remove `signing-config`, or sign with a key file or env:// key and `engine: native` (with `tlog-upload: true`).',
        });
    }
    if (reference.kind === 'kms') {
        return {
            engine: 'cosign',
            key: { kind: 'kms', scheme: reference.scheme, uri: reference.uri },
            source: reference.uri,
            chosenBy: { kms: reference.scheme },
        };
    }
    let pem;
    let key;
    let source;
    if (reference.kind === 'pem') {
        secrets.add(reference.pem);
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'input `key` holds key material; it takes a file path, env://NAME or a KMS URI', {
            input: 'key',
            hint: 'Store the key in a secret, pass it to the step as env (e.g. COSIGN_KEY) and set key: env://COSIGN_KEY.',
        });
    }
    else if (reference.kind === 'env') {
        const text = environment.variable(reference.name);
        if (text !== undefined)
            secrets.add(text);
        if (text === undefined || text.trim() === '') {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`key\`: environment variable ${reference.name} is not set or empty`, {
                input: 'key',
                hint: `Add ${reference.name}: \${{ secrets.… }} to the step's env, or point \`key\` at a key file.`,
            });
        }
        pem = text;
        key = { kind: 'env', name: reference.name };
        source = `env:${reference.name}`;
    }
    else {
        const file = external_node_path_.resolve(environment.workspace, reference.path);
        pem = await readKeyFile(file);
        secrets.add(pem);
        key = { kind: 'file', path: file };
        source = `file:${reference.path}`;
    }
    const password = inputs.secret('key-password') ?? passwordFromEnvironment(environment, secrets);
    if (engine === 'cosign') {
        return {
            engine: 'cosign',
            key,
            ...(key.kind === 'env' ? { keyText: pem } : {}),
            password,
            source,
            chosenBy: { input: 'engine' },
        };
    }
    const signingConfig = configFile === undefined
        ? undefined
        : await readSigningConfigFile(external_node_path_.resolve(environment.workspace, configFile), configFile, signing_config/* readSigningConfigLog */.e);
    return {
        engine: 'native',
        key: await (0,keys_lib/* loadPrivateKey */.PM)(pem, password),
        source,
        ...(signingConfig === undefined ? {} : { signingConfig }),
    };
}
function passwordFromEnvironment(environment, secrets) {
    const password = environment.variable('COSIGN_PASSWORD') ?? '';
    secrets.add(password);
    return password;
}
async function readKeyFile(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const problem = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : 'cannot be read';
        throw new lib/* SigilError */.XU('INPUT_INVALID', `input \`key\`: the key file ${file} ${problem}`, {
            cause: error,
            input: 'key',
            hint: 'Give the path of a cosign key file, relative to the workspace, or env://NAME.',
        });
    }
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/signature-format-input.js

const SIGNATURE_FORMATS = ['legacy', 'bundle', 'both'];
/**
 * Where an action that signs writes (`signature-format`: `bundle`, `legacy`, `both`; the default is `bundle`
 * for keyless signing, as cosign v3, and `legacy` with a key). Bundles through the cosign engine are refused
 * with the input named: sigil writes bundles itself, with a key it holds. A keyless `.sig` / `.att` layer
 * without a transparency log is refused too (nothing else could date its short-lived certificate), and one logged
 * in a Rekor v2 log (cosign's Rekor bundle annotation is a Rekor v1 entry with its SignedEntryTimestamp).
 */
function readSignatureFormat(inputs, key) {
    const format = inputs.enumeration('signature-format', SIGNATURE_FORMATS, key.engine === 'keyless' ? 'bundle' : 'legacy');
    if (format !== 'bundle' && key.engine === 'keyless' && key.services.rekorURL === undefined) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `\`signature-format: ${format}\` signed keyless needs a transparency log: a .sig / .att layer has no place for a timestamp, and its short-lived certificate could not be checked once it expires`, {
            input: 'signature-format',
            hint: 'Keep `tlog-upload` on (the keyless default), or write bundles (`signature-format: bundle`), which carry timestamps.',
        });
    }
    if (format !== 'bundle' && key.engine === 'keyless' && key.services.rekorVersion === 2) {
        throw new lib/* SigilError */.XU('INPUT_INVALID', `\`signature-format: ${format}\` signed keyless writes cosign's Rekor bundle into each .sig / .att layer, a Rekor v1 entry; the signing config (${key.servicesFrom}) names a Rekor v2 log (${key.services.rekorURL}), which gives none`, {
            input: 'signature-format',
            hint: 'Write bundles (`signature-format: bundle`, the keyless default), or use a signing config (or `rekor-url`) with a Rekor v1 log.',
        });
    }
    if (format !== 'legacy' && key.engine === 'cosign') {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', `\`signature-format: ${format}\` is written by the native engine; the cosign engine (chosen by ${describeCosignChoice(key)}) writes the legacy format only`, {
            input: 'signature-format',
            hint: 'Set `signature-format: legacy` for a KMS or k8s:// key, or sign with a key file or env:// key and `engine: native`.',
        });
    }
    return format;
}
function describeCosignChoice(key) {
    return 'input' in key.chosenBy ? '`engine: cosign`' : `a ${key.chosenBy.kms} key`;
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/signer-report.js
/** The signer part of a report, asked of the engine after signing (a keyless certificate exists only then). */
async function signerReport(key, engine) {
    const identity = await engine.signerIdentity();
    const services = key.engine === 'keyless' ? key.services : key.engine === 'native' ? key.tlog : undefined;
    const signer = key.engine === 'keyless'
        ? {
            keyless: {
                ...(identity.kind === 'keyless' ? identity.certificate : {}),
                audience: key.audience,
                fulcio: key.services.fulcioURL,
                services: key.servicesFrom,
            },
        }
        : identity.kind === 'key'
            ? { key: { id: identity.publicKey.id, source: key.source } }
            : {};
    return {
        ...signer,
        engine: engine.name,
        transparencyLog: services?.rekorURL ?? 'none',
        ...(services?.tsaURL === undefined ? {} : { timestampAuthority: services.tsaURL }),
    };
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/image-resolution.js




/**
 * Pins every entry of an image list to a digest (a tag is resolved once, with a warning), `concurrency`
 * at a time, in input order. An image that cannot be resolved is that image's failure, not the run's:
 * the action works on the others and reports it with them.
 */
async function resolveImages(registry, entries, options) {
    return (0,lib/* mapConcurrently */.X2)(entries, options.concurrency, async (entry) => {
        try {
            const target = await (0,oci_lib/* resolveImageTarget */.BC)(registry, entry.image, entry.reference, options.logger);
            return { image: entry.image, ok: true, target };
        }
        catch (error) {
            return { image: entry.image, ok: false, error: (0,lib/* asSigilError */.tF)(error) };
        }
    });
}
/**
 * Runs `work` once per distinct `registry/repository@digest` of the resolved list, `concurrency` at a
 * time, and returns one outcome per image in input order: an image that could not be resolved keeps its
 * error, a later entry naming a digest already listed is left out (and logged), and a failure of `work`
 * is that image's outcome only.
 */
async function workOnEachImage(resolutions, options, work) {
    const first = [];
    for (const [leader, ...repeats] of (0,oci_lib/* groupByDigest */.VE)(resolutions, (resolution) => resolution.ok ? resolution.target : undefined)) {
        if (leader === undefined || !leader.ok)
            continue;
        first.push(leader);
        for (const repeat of repeats) {
            if (!repeat.ok)
                continue;
            options.logger.info(`${repeat.image} names a digest listed earlier (${repeat.target.digest}); it is ${options.verb} once.`);
        }
    }
    const done = new Map();
    await (0,lib/* mapConcurrently */.X2)(first, options.concurrency, async (resolution) => {
        const { image, target } = resolution;
        try {
            done.set(resolution, { image, ok: true, target, result: await work(target) });
        }
        catch (error) {
            done.set(resolution, { image, ok: false, target, error: (0,lib/* asSigilError */.tF)(error) });
        }
    });
    return resolutions.flatMap((resolution) => {
        if (!resolution.ok)
            return [resolution];
        const outcome = done.get(resolution);
        return outcome === undefined ? [] : [outcome];
    });
}
/**
 * After everything was recorded (outputs, report, summary): fails the step when any image failed, with
 * one error that lists each (`2 of 5 image(s) could not be signed: …`) and carries the first failure's
 * code, input and hint (a registry failure's from the shared table: the registry inputs, or `images`).
 */
function throwIfAnyImageFailed(outcomes, couldNot) {
    const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome]));
    const first = failures[0];
    if (first === undefined)
        return;
    const list = failures
        .map((failure) => `${failure.image}: [${failure.error.code}] ${failure.error.message}`)
        .join('; ');
    // The list already says each failure's code and message: the cause chain continues below the first.
    const fix = inputOf(first.error) === undefined && first.error.hint === undefined
        ? registryFix(first.error.code)
        : undefined;
    const input = fix?.input ?? inputOf(first.error);
    const hint = fix?.hint ?? first.error.hint;
    const cause = first.error.cause;
    throw new lib/* SigilError */.XU(first.error.code, `${failures.length} of ${outcomes.length} image(s) could not be ${couldNot}: ${list}`, {
        ...(cause === undefined ? {} : { cause }),
        ...(input === undefined ? {} : { input }),
        ...(hint === undefined ? {} : { hint }),
    });
}
;// CONCATENATED MODULE: ./packages/toolkit/lib/index.js




















/***/ }),

/***/ 10343:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ checkServiceUrl),
/* harmony export */   V8: () => (/* binding */ sigstoreFetchOptions),
/* harmony export */   nK: () => (/* binding */ checkServiceInputs)
/* harmony export */ });
/* harmony import */ var _sigil_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(12645);

/**
 * Why `url` cannot be a Sigstore service sigil sends a token or signatures to, or undefined: it must be https,
 * or http to a loopback address (a local test stack), with no credentials, query or fragment.
 */
function checkServiceUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'is not a URL';
    }
    if (parsed.username !== '' || parsed.password !== '')
        return 'carries credentials';
    if (parsed.search !== '' || parsed.hash !== '')
        return 'has a query or fragment';
    if (parsed.protocol === 'https:')
        return undefined;
    if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))
        return undefined;
    return 'is not https (plain http only to a loopback address)';
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * Throws INPUT_INVALID naming the first input whose URL cannot be a Sigstore service (see `checkServiceUrl`);
 * inputs not given are skipped.
 *
 * @public Also read by the actions' inputs (`rekor-url`, `tsa-url`) through this subpath.
 */
function checkServiceInputs(urls) {
    for (const [input, url] of urls) {
        const problem = url === undefined ? undefined : checkServiceUrl(url);
        if (problem !== undefined)
            throw new _sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('INPUT_INVALID', `input \`${input}\` ${JSON.stringify(url)} ${problem}`, {
                input,
                hint: 'Give the https:// base URL of the service (plain http only to a loopback address).',
            });
    }
}
/** How sigstore-js's clients retry and time out a request to Fulcio, Rekor or a TSA (`retries` 0 to 10). */
function sigstoreFetchOptions(options) {
    const retries = options.retries ?? 3;
    if (!Number.isSafeInteger(retries) || retries < 0 || retries > 10) {
        throw new _sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('INPUT_INVALID', 'retries must be an integer from 0 to 10');
    }
    return {
        retry: { retries, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
        timeout: options.timeoutMs ?? 30_000,
    };
}

/***/ }),

/***/ 38278:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ readSigningConfig),
/* harmony export */   e: () => (/* binding */ readSigningConfigLog)
/* harmony export */ });
/* harmony import */ var _sigil_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(12645);
/* harmony import */ var _service_url_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(10343);


const MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const TOP_KEYS = new Set([
    'mediaType',
    'caUrls',
    'oidcUrls',
    'rekorTlogUrls',
    'tsaUrls',
    'rekorTlogConfig',
    'tsaConfig',
]);
const SERVICE_KEYS = new Set(['url', 'majorApiVersion', 'validFor', 'operator']);
const SELECTORS = ['ANY', 'ALL', 'EXACT'];
/**
 * Reads a Sigstore signing config (`application/vnd.dev.sigstore.signingconfig.v0.2+json`, what `cosign
 * signing-config create` writes): text (no duplicate keys) or parsed JSON, no unknown fields. Picks the newest
 * Fulcio (API v1) and TSA (API v1) valid at `now`, and the log of the highest API version sigil speaks (Rekor v2,
 * else v1), newest first, as the Sigstore client specification asks. A config whose valid services speak only
 * other versions is `NOT_YET_SUPPORTED`; a selector asking for more than one log or TSA, too.
 */
function readSigningConfig(json, now = new Date()) {
    const { fulcio, log } = readServices(json, now);
    if (fulcio === undefined) {
        invalid(`no Fulcio (caUrls, majorApiVersion 1) is valid now (${now.toISOString()})`);
    }
    return { fulcioURL: fulcio.url, ...log };
}
/**
 * The log and TSA of a signing config, for signing with a key (`tlog-upload`): read as `readSigningConfig` reads
 * them, without requiring a Fulcio (a key-based config such as `cosign signing-config create --no-default-fulcio`
 * writes may name none).
 */
function readSigningConfigLog(json, now = new Date()) {
    return readServices(json, now).log;
}
function readServices(json, now) {
    const top = object(parse(json), 'the signing config');
    for (const key of top.keys())
        if (!TOP_KEYS.has(key))
            invalid(`the signing config has an unknown field "${key}"`);
    if (top.get('mediaType') !== MEDIA_TYPE) {
        invalid(`its mediaType is ${JSON.stringify(top.get('mediaType') ?? null)}, not ${MEDIA_TYPE}`);
    }
    const time = now.getTime();
    const cas = services(top, 'caUrls');
    services(top, 'oidcUrls');
    const logs = services(top, 'rekorTlogUrls');
    const tsas = services(top, 'tsaUrls');
    const logSelector = selector(top, 'rekorTlogConfig');
    const tsaSelector = selector(top, 'tsaConfig');
    const fulcio = newestValid(cas, 1, time);
    const rekor = pick(logs, logSelector, time, 'Rekor', 'rekorTlogUrls', [2, 1]);
    const tsa = pick(tsas, tsaSelector, time, 'TSA', 'tsaUrls', [1]);
    return {
        fulcio,
        log: {
            ...(rekor === undefined
                ? {}
                : { rekorURL: rekor.url, rekorVersion: rekor.majorApiVersion }),
            ...(tsa === undefined ? {} : { tsaURL: tsa.url }),
        },
    };
}
function pick(list, config, time, what, field, spoken) {
    if (list.length === 0)
        return undefined;
    const valid = list.filter((service) => isValid(service, time));
    if (valid.length === 0)
        invalid(`no ${what} of ${field} is valid now`);
    const version = spoken.find((candidate) => valid.some((service) => service.majorApiVersion === candidate));
    if (version === undefined) {
        throw new _sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('NOT_YET_SUPPORTED', `the signing config's ${what} services valid now speak API version ${[...new Set(valid.map((service) => service.majorApiVersion))].join(', ')}; sigil speaks ${spoken.map((v) => `v${v}`).join(' and ')}`, {
            hint: `Use a signing config that lists a ${what} service of API version ${spoken.join(' or ')}.`,
        });
    }
    const usable = valid.filter((service) => service.majorApiVersion === version);
    const wanted = config === undefined
        ? 1
        : config.selector === 'EXACT'
            ? (config.count ?? 1)
            : config.selector === 'ALL'
                ? usable.length
                : 1;
    if (wanted > 1) {
        throw new _sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('NOT_YET_SUPPORTED', `the signing config asks for ${wanted} ${what} services (${config?.selector}); sigil writes to one`);
    }
    return newestValid(usable, version, time);
}
function newestValid(list, version, time) {
    return list
        .filter((service) => service.majorApiVersion === version && isValid(service, time))
        .sort((a, b) => b.start - a.start)[0];
}
function isValid(service, time) {
    return service.start <= time && (service.end === undefined || time < service.end);
}
function services(top, field) {
    const value = top.get(field);
    if (value === undefined)
        return [];
    if (!Array.isArray(value))
        invalid(`${field} is not a list`);
    return value.map((entry, index) => service(entry, `${field}[${index}]`));
}
function service(value, where) {
    const entry = object(value, where);
    for (const key of entry.keys())
        if (!SERVICE_KEYS.has(key))
            invalid(`${where} has an unknown field "${key}"`);
    const url = entry.get('url');
    if (typeof url !== 'string')
        invalid(`${where}.url is not a string`);
    const problem = (0,_service_url_js__WEBPACK_IMPORTED_MODULE_1__/* .checkServiceUrl */ .Jb)(url);
    if (problem !== undefined)
        invalid(`${where}.url ${problem}`);
    const version = entry.get('majorApiVersion');
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
        invalid(`${where}.majorApiVersion is not a positive integer`);
    }
    const operator = entry.get('operator');
    if (operator !== undefined && typeof operator !== 'string')
        invalid(`${where}.operator is not a string`);
    const validFor = object(entry.get('validFor'), `${where}.validFor`);
    for (const key of validFor.keys()) {
        if (key !== 'start' && key !== 'end')
            invalid(`${where}.validFor has an unknown field "${key}"`);
    }
    const start = timestamp(validFor.get('start'), `${where}.validFor.start`);
    if (start === undefined)
        invalid(`${where}.validFor.start is missing`);
    const end = timestamp(validFor.get('end'), `${where}.validFor.end`);
    if (end !== undefined && end <= start)
        invalid(`${where}.validFor ends before it starts`);
    return { url: url.replace(/\/+$/, ''), majorApiVersion: version, start, end };
}
function selector(top, field) {
    const value = top.get(field);
    if (value === undefined)
        return undefined;
    const config = object(value, field);
    for (const key of config.keys()) {
        if (key !== 'selector' && key !== 'count')
            invalid(`${field} has an unknown field "${key}"`);
    }
    const name = config.get('selector');
    if (!SELECTORS.includes(name))
        invalid(`${field}.selector is not ANY, ALL or EXACT`);
    const count = config.get('count');
    if (count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)) {
        invalid(`${field}.count is not a positive integer`);
    }
    if (name === 'EXACT' && count === undefined)
        invalid(`${field}.selector EXACT needs a count`);
    return { selector: name, count: count };
}
/** RFC 3339 with a `Z` or offset, as protobuf's JSON writes a Timestamp. */
function timestamp(value, where) {
    if (value === undefined)
        return undefined;
    if (typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
        invalid(`${where} is not an RFC 3339 time`);
    }
    const time = Date.parse(value);
    if (Number.isNaN(time))
        invalid(`${where} is not an RFC 3339 time`);
    return time;
}
function parse(json) {
    let text;
    if (typeof json === 'string')
        text = json;
    else if (json instanceof Uint8Array)
        text = new TextDecoder().decode(json);
    else {
        try {
            text = JSON.stringify(json) ?? '';
        }
        catch {
            invalid('the signing config is not JSON');
        }
    }
    const parsed = (0,_sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .parseStrictJson */ .RJ)(text);
    if (!parsed.ok)
        invalid(`the signing config is not valid JSON: ${parsed.message}`);
    return parsed.value;
}
function object(value, what) {
    if (!(value instanceof Map))
        invalid(`${what} is not a JSON object`);
    return value;
}
function invalid(message) {
    throw new _sigil_core__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('SIGNING_CONFIG_INVALID', message, {
        hint: 'Pass a Sigstore signing config v0.2 (`cosign signing-config create`, or the one of the Sigstore instance).',
    });
}

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(54771);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
