#include <stdint.h> /* before x264.h, which needs it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <x264.h>

#include "video-encoder.h"

struct encoder {
  x264_t *x264;
  x264_param_t param;
  x264_picture_t picture;
  int width, height;
  /* One flag per 16x16 macroblock: X264_MBINFO_CONSTANT where nothing was
   * loaded since the last encode, so x264 skips those blocks' analysis. */
  uint8_t *mb_info;
  int mb_columns, mb_rows;
  struct box loaded; /* loaded since the last encode */
};

/* VBV buffer of about two frames: a frame never waits behind more than that,
 * which is what keeps latency low on a link running at the cap. */
static void set_rate(x264_param_t *param, int fps, int bitrate_kbps) {
  param->rc.i_vbv_max_bitrate = bitrate_kbps;
  int buffer = bitrate_kbps * 2 / fps;
  param->rc.i_vbv_buffer_size = buffer < 50 ? 50 : buffer;
}

struct encoder *encoder_open(int width, int height, int fps, int bitrate_kbps) {
  struct encoder *enc = calloc(1, sizeof *enc);
  if (enc == NULL) return NULL;
  x264_param_t *p = &enc->param;
  if (x264_param_default_preset(p, "ultrafast", "zerolatency") < 0) goto fail;
  p->i_log_level = X264_LOG_WARNING;
  p->i_threads = 1;
  p->b_sliced_threads = 0;
  p->i_lookahead_threads = 1;
  p->i_width = width;
  p->i_height = height;
  p->i_csp = X264_CSP_I420;
  p->i_bframe = 0;
  /* Constant-rate model: x264 delays every frame by one to measure its
   * duration when b_vfr_input is on. Frames arrive only on damage, so the
   * VBV model is conservative after an idle pause; that costs nothing. */
  p->b_vfr_input = 0;
  p->i_timebase_num = 1;
  p->i_timebase_den = 1000000;
  p->i_fps_num = (uint32_t)fps;
  p->i_fps_den = 1;
  /* IDRs only when main.c asks (command, size change, keyint in seconds). */
  p->i_keyint_max = X264_KEYINT_MAX_INFINITE;
  p->i_scenecut_threshold = 0;
  p->analyse.b_mb_info = 1;
  p->b_annexb = 1;
  p->b_repeat_headers = 1;
  p->rc.i_rc_method = X264_RC_CRF;
  p->rc.f_rf_constant = 23;
  set_rate(p, fps, bitrate_kbps);
  /* Colour as converted in convert.c: BT.601 matrix, limited range. */
  p->vui.i_colmatrix = 6; /* smpte170m */
  p->vui.i_transfer = 1;  /* bt709 (sRGB-like) */
  p->vui.i_colorprim = 1; /* bt709 */
  p->vui.b_fullrange = 0;
  if (x264_param_apply_profile(p, "high") < 0) goto fail;
  enc->x264 = x264_encoder_open(p);
  if (enc->x264 == NULL) goto fail;
  if (x264_picture_alloc(&enc->picture, X264_CSP_I420, width, height) < 0) goto fail;
  enc->width = width;
  enc->height = height;
  enc->mb_columns = (width + 15) / 16;
  enc->mb_rows = (height + 15) / 16;
  enc->mb_info = malloc((size_t)enc->mb_columns * (size_t)enc->mb_rows);
  if (enc->mb_info == NULL) goto fail;
  enc->picture.prop.mb_info = enc->mb_info;
  return enc;
fail:
  fprintf(stderr, LOG_PREFIX "cannot open the x264 encoder at %dx%d\n", width, height);
  if (enc->x264) x264_encoder_close(enc->x264);
  x264_picture_clean(&enc->picture);
  free(enc->mb_info);
  free(enc);
  return NULL;
}

int encoder_reconfigure(struct encoder *enc, int fps, int bitrate_kbps) {
  set_rate(&enc->param, fps, bitrate_kbps);
  if (x264_encoder_reconfig(enc->x264, &enc->param) < 0) {
    fprintf(stderr, LOG_PREFIX "x264 refused the new rate (%d kbps, %d fps)\n", bitrate_kbps, fps);
    return -1;
  }
  return 0;
}

void encoder_load(struct encoder *enc, const uint8_t *bgrx, int stride, const struct box *box) {
  if (box->width <= 0 || box->height <= 0) return;
  x264_image_t *img = &enc->picture.img;
  int x = box->x, y = box->y;
  bgrx_to_i420(bgrx + (size_t)y * (size_t)stride + (size_t)x * 4, stride, box->width, box->height,
               img->plane[0] + (size_t)y * (size_t)img->i_stride[0] + (size_t)x, img->i_stride[0],
               img->plane[1] + (size_t)(y / 2) * (size_t)img->i_stride[1] + (size_t)(x / 2), img->i_stride[1],
               img->plane[2] + (size_t)(y / 2) * (size_t)img->i_stride[2] + (size_t)(x / 2), img->i_stride[2]);
  box_add(&enc->loaded, box);
}

static void mark_constant_blocks(struct encoder *enc) {
  memset(enc->mb_info, X264_MBINFO_CONSTANT, (size_t)enc->mb_columns * (size_t)enc->mb_rows);
  const struct box *l = &enc->loaded;
  if (l->width <= 0) return;
  int left = l->x / 16, right = (l->x + l->width + 15) / 16;
  for (int row = l->y / 16; row < (l->y + l->height + 15) / 16; row++)
    memset(enc->mb_info + (size_t)row * (size_t)enc->mb_columns + (size_t)left, 0, (size_t)(right - left));
  enc->loaded = (struct box){0, 0, 0, 0};
}

int encoder_encode(struct encoder *enc, int64_t pts_us, int force_idr, struct encoded_frame *out) {
  mark_constant_blocks(enc);
  enc->picture.i_pts = pts_us;
  enc->picture.i_type = force_idr ? X264_TYPE_IDR : X264_TYPE_AUTO;
  x264_nal_t *nals;
  int count;
  x264_picture_t result;
  int size = x264_encoder_encode(enc->x264, &nals, &count, &enc->picture, &result);
  if (size < 0) return -1;
  /* x264 lays the NAL units of one picture out back to back. */
  out->data = size > 0 ? nals[0].p_payload : NULL;
  out->size = (size_t)size;
  out->keyframe = size > 0 && result.b_keyframe;
  return 0;
}

void encoder_close(struct encoder *enc) {
  if (enc == NULL) return;
  x264_picture_clean(&enc->picture);
  x264_encoder_close(enc->x264);
  free(enc->mb_info);
  free(enc);
}
