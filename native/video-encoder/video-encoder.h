/*
 * helios-video-encoder: captures the X root window (MIT-SHM, only after
 * DAMAGE reported a change), encodes H.264 with libx264 and writes one framed
 * record per frame on stdout. See README.md and docs/video-transport.md §1.
 */
#ifndef HELIOS_VIDEO_ENCODER_H
#define HELIOS_VIDEO_ENCODER_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes of the spec; only main() exits with them. */
enum exit_code {
  EXIT_OK = 0,
  EXIT_BAD_ARGUMENTS = 2,
  EXIT_NO_DISPLAY = 3,
  EXIT_MISSING_EXTENSION = 4,
  EXIT_ENCODER_FAILED = 5,
};

#define LOG_PREFIX "helios-video-encoder: "

/* ---- options.c: command line ---- */
struct options {
  int fps;              /* 1..120 */
  int bitrate_kbps;     /* VBV cap, 100..max_bitrate_kbps */
  int max_bitrate_kbps; /* ceiling of the bitrate command */
  int keyint_seconds;   /* an IDR at least this often while frames flow */
  int timings;          /* --timings: one stderr line per frame with its step times */
};
/* Returns 0; 1 after printing the usage for --help; -1 after printing what is wrong. */
int parse_options(int argc, char **argv, struct options *out);

/* ---- commands.c: stdin lines ---- */
enum command_kind { COMMAND_NONE, COMMAND_KEYFRAME, COMMAND_BITRATE, COMMAND_FPS };
struct command {
  enum command_kind kind;
  int value;
};
/* Parses one line (without the newline). Unknown or malformed lines give
 * COMMAND_NONE and a log line. */
struct command parse_command(const char *line);

struct line_reader {
  char buf[512];
  size_t len;
  int discarding; /* inside an over-long line */
};
/* Reads what fd has and calls on_line for every complete line. Returns 0,
 * 1 on EOF, -1 on a read error. */
int read_lines(int fd, struct line_reader *reader, void (*on_line)(const char *line, void *ctx), void *ctx);

/* ---- capture.c: XShm + XDamage + root size ---- */
struct box {
  int x, y, width, height;
};
/* Grows *to to cover add as well; an empty box (width or height <= 0) adds nothing. */
static inline void box_add(struct box *to, const struct box *add) {
  if (add->width <= 0 || add->height <= 0) return;
  if (to->width <= 0 || to->height <= 0) {
    *to = *add;
    return;
  }
  int right = to->x + to->width > add->x + add->width ? to->x + to->width : add->x + add->width;
  int bottom = to->y + to->height > add->y + add->height ? to->y + to->height : add->y + add->height;
  to->x = to->x < add->x ? to->x : add->x;
  to->y = to->y < add->y ? to->y : add->y;
  to->width = right - to->x;
  to->height = bottom - to->y;
}
struct capture;
/* Opens DISPLAY; on failure returns NULL and sets *exit_code. */
struct capture *capture_open(int *exit_code);
int capture_fd(const struct capture *cap);
/* Handles queued X events. Sets *damaged when the screen changed and
 * *resized when the root window got a new size. Returns -1 on a fatal error. */
int capture_handle_events(struct capture *cap, int *damaged, int *resized);
/* Grabs what changed since the last grab (everything when `whole` is set)
 * into the picture and sets *grabbed to that box: even x, y, width and
 * height, possibly empty. Returns 0, or -1 when the grab failed (e.g. the
 * root shrank under it; the resize event follows). */
int capture_grab(struct capture *cap, int whole, struct box *grabbed);
/* The picture as of the last grab: BGRX pixels, cropped to even width and height. */
const uint8_t *capture_pixels(const struct capture *cap);
int capture_stride(const struct capture *cap);
int capture_width(const struct capture *cap);  /* even */
int capture_height(const struct capture *cap); /* even */
void capture_close(struct capture *cap);

/* ---- convert.c ---- */
/* BGRX (little-endian 0xXXRRGGBB words) to I420, BT.601 limited range. */
void bgrx_to_i420(const uint8_t *src, int src_stride, int width, int height, uint8_t *y, int y_stride,
                  uint8_t *u, int u_stride, uint8_t *v, int v_stride);

/* ---- encode.c: libx264 ---- */
struct encoder;
struct encoded_frame {
  const uint8_t *data; /* annex B access unit, valid until the next encode */
  size_t size;
  int keyframe;
};
struct encoder *encoder_open(int width, int height, int fps, int bitrate_kbps);
/* New VBV cap and/or frame rate without reopening. Returns 0 or -1. */
int encoder_reconfigure(struct encoder *enc, int fps, int bitrate_kbps);
/* Converts the box (even bounds) of a full-size BGRX picture into the
 * encoder's picture; the rest keeps what earlier loads left there. */
void encoder_load(struct encoder *enc, const uint8_t *bgrx, int stride, const struct box *box);
/* Encodes the picture as loaded. pts_us is a monotonic time in µs. Returns 0 or -1. */
int encoder_encode(struct encoder *enc, int64_t pts_us, int force_idr, struct encoded_frame *out);
void encoder_close(struct encoder *enc);

/* ---- framing.c: stdout records ---- */
struct frame_record {
  int keyframe;
  int width, height;
  uint32_t frame_number;
  uint64_t capture_us; /* CLOCK_REALTIME µs */
};
/* Writes header and payload. Returns 0, 1 when the reader went away
 * (EPIPE), -1 on another error. */
int write_record(int fd, const struct frame_record *record, const uint8_t *payload, size_t size);

/* ---- timings.c: --timings ---- */
/* CLOCK_MONOTONIC ns of each step of one frame, and what it carried. */
struct frame_timings {
  int64_t damage_ns; /* the damage event was read (0: none, e.g. a keyframe request) */
  int64_t start_ns, grabbed_ns, converted_ns, encoded_ns, written_ns;
  int x, y, width, height; /* the area grabbed and converted */
  size_t bytes;
  int keyframe;
};
int64_t clock_ns(int clock_id);
void log_frame_timings(uint32_t frame_number, const struct frame_timings *t);

#endif
