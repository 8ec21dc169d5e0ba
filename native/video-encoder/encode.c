#include <stdint.h> /* before x264.h, which needs it */
#include <stdio.h>
#include <stdlib.h>

#include <x264.h>

#include "video-encoder.h"

struct encoder {
  x264_t *x264;
  x264_param_t param;
  x264_picture_t picture;
  int width, height;
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
  return enc;
fail:
  fprintf(stderr, LOG_PREFIX "cannot open the x264 encoder at %dx%d\n", width, height);
  if (enc->x264) x264_encoder_close(enc->x264);
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

int encoder_encode(struct encoder *enc, const uint8_t *bgrx, int stride, int64_t pts_us, int force_idr,
                   struct encoded_frame *out) {
  x264_image_t *img = &enc->picture.img;
  bgrx_to_i420(bgrx, stride, enc->width, enc->height, img->plane[0], img->i_stride[0], img->plane[1],
               img->i_stride[1], img->plane[2], img->i_stride[2]);
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
  free(enc);
}
