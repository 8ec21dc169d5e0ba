#include "video-encoder.h"

/* BT.601 limited range in 8.8 fixed point; the encoder signals smpte170m. */
static inline uint8_t luma(const uint8_t *p) { return (uint8_t)(((66 * p[2] + 129 * p[1] + 25 * p[0] + 128) >> 8) + 16); }

void bgrx_to_i420(const uint8_t *src, int src_stride, int width, int height, uint8_t *y, int y_stride,
                  uint8_t *u, int u_stride, uint8_t *v, int v_stride) {
  for (int row = 0; row < height; row += 2) {
    const uint8_t *s0 = src + (size_t)row * (size_t)src_stride;
    const uint8_t *s1 = s0 + src_stride;
    uint8_t *y0 = y + (size_t)row * (size_t)y_stride;
    uint8_t *y1 = y0 + y_stride;
    uint8_t *ur = u + (size_t)(row / 2) * (size_t)u_stride;
    uint8_t *vr = v + (size_t)(row / 2) * (size_t)v_stride;
    for (int col = 0; col < width; col += 2) {
      const uint8_t *a = s0 + col * 4, *b = a + 4, *c = s1 + col * 4, *d = c + 4;
      y0[col] = luma(a);
      y0[col + 1] = luma(b);
      y1[col] = luma(c);
      y1[col + 1] = luma(d);
      /* Chroma of the 2x2 block average (sums are 4x, hence >> 10). */
      int bs = a[0] + b[0] + c[0] + d[0];
      int gs = a[1] + b[1] + c[1] + d[1];
      int rs = a[2] + b[2] + c[2] + d[2];
      ur[col / 2] = (uint8_t)(((-38 * rs - 74 * gs + 112 * bs + 512) >> 10) + 128);
      vr[col / 2] = (uint8_t)(((112 * rs - 94 * gs - 18 * bs + 512) >> 10) + 128);
    }
  }
}
