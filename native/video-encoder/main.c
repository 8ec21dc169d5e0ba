/*
 * helios-video-encoder — main loop. Steps:
 *   1. parse the command line (exit 2 on bad arguments);
 *   2. open the display and the capture (exit 3 / 4), then the encoder (exit 5);
 *   3. wait in ppoll() on stdin and the X connection, never spinning: with no
 *      damage and no keyframe request there is no timeout at all;
 *   4. when the screen is damaged (or a keyframe is asked for), grab and encode
 *      what changed as soon as the rate limit allows (a two-frame token
 *      bucket refilled at about --fps);
 *   5. exit 0 on EOF on stdin, SIGTERM/SIGINT, or a closed stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "video-encoder.h"

#define NS_PER_SECOND 1000000000LL

struct state {
  struct options options;
  struct capture *capture;
  struct encoder *encoder;
  int fps, bitrate_kbps;
  int damaged;            /* the screen changed since the last grab */
  int64_t damage_ns;      /* when that damage was first read (--timings) */
  int keyframe_requested; /* next frame is an IDR, grabbed even without damage */
  int64_t next_capture_ns;
  int64_t last_idr_ns;
  int64_t last_pts_us;
  uint32_t frame_number;
};

static volatile sig_atomic_t stop_requested;
static void on_stop_signal(int signal_number) {
  (void)signal_number;
  stop_requested = 1;
}

static int clamp(int value, int min, int max) { return value < min ? min : value > max ? max : value; }

static void on_command_line(const char *line, void *ctx) {
  struct state *st = ctx;
  struct command cmd = parse_command(line);
  switch (cmd.kind) {
  case COMMAND_KEYFRAME:
    st->keyframe_requested = 1;
    break;
  case COMMAND_BITRATE:
    st->bitrate_kbps = clamp(cmd.value, 100, st->options.max_bitrate_kbps);
    encoder_reconfigure(st->encoder, st->fps, st->bitrate_kbps);
    break;
  case COMMAND_FPS:
    st->fps = clamp(cmd.value, 1, 120);
    encoder_reconfigure(st->encoder, st->fps, st->bitrate_kbps);
    break;
  case COMMAND_NONE:
    break;
  }
}

/* A new root size needs a new encoder: x264 cannot change resolution. */
static int reopen_encoder(struct state *st) {
  encoder_close(st->encoder);
  int w = capture_width(st->capture), h = capture_height(st->capture);
  st->encoder = encoder_open(w, h, st->fps, st->bitrate_kbps);
  if (st->encoder == NULL) return -1;
  st->keyframe_requested = 1;
  fprintf(stderr, LOG_PREFIX "size %dx%d\n", w, h);
  return 0;
}

/* Grabs, encodes and writes one frame. Returns 0, 1 when stdout closed, or
 * an exit code > 1. */
static int capture_frame(struct state *st, int64_t now) {
  int64_t period = NS_PER_SECOND / st->fps;
  /* A token bucket of two frames, refilled 1/32 faster than fps: a change
   * that follows another within a period (an application drawing in two
   * steps) goes out at once, and a source drawing at the capture rate is
   * taken right after it draws instead of at a fixed phase that cost up to
   * a whole period (the slightly faster refill lets the phase catch up). */
  period -= period / 32;
  if (st->next_capture_ns < now - period) st->next_capture_ns = now - period;
  st->next_capture_ns += period;
  st->frame_number++;
  struct frame_timings t = {.damage_ns = st->damaged ? st->damage_ns : 0, .start_ns = now};
  st->damaged = 0;
  uint64_t capture_us = (uint64_t)(clock_ns(CLOCK_REALTIME) / 1000);
  int force_idr = st->keyframe_requested ||
                  now - st->last_idr_ns >= (int64_t)st->options.keyint_seconds * NS_PER_SECOND;
  /* Only what changed is grabbed and converted; a keyframe takes the whole
   * screen, which also heals anything the damage reports ever missed. */
  struct box grabbed;
  if (capture_grab(st->capture, force_idr, &grabbed) != 0) return 0; /* a resize event is on its way */
  int width = capture_width(st->capture), height = capture_height(st->capture);
  t.grabbed_ns = clock_ns(CLOCK_MONOTONIC);
  encoder_load(st->encoder, capture_pixels(st->capture), capture_stride(st->capture), &grabbed);
  t.converted_ns = clock_ns(CLOCK_MONOTONIC);
  t.x = grabbed.x;
  t.y = grabbed.y;
  t.width = grabbed.width;
  t.height = grabbed.height;

  int64_t pts = now / 1000;
  if (pts <= st->last_pts_us) pts = st->last_pts_us + 1;
  st->last_pts_us = pts;
  struct encoded_frame frame;
  if (encoder_encode(st->encoder, pts, force_idr, &frame) != 0) {
    fprintf(stderr, LOG_PREFIX "x264 failed to encode a frame\n");
    return EXIT_ENCODER_FAILED;
  }
  t.encoded_ns = clock_ns(CLOCK_MONOTONIC);
  st->keyframe_requested = 0;
  if (frame.keyframe) st->last_idr_ns = now;
  if (frame.size == 0) return 0;
  struct frame_record record = {
      .keyframe = frame.keyframe,
      .width = width,
      .height = height,
      .frame_number = st->frame_number,
      .capture_us = capture_us,
  };
  int written = write_record(STDOUT_FILENO, &record, frame.data, frame.size);
  if (st->options.timings) {
    t.written_ns = clock_ns(CLOCK_MONOTONIC);
    t.bytes = frame.size;
    t.keyframe = frame.keyframe;
    log_frame_timings(st->frame_number, &t);
  }
  if (written < 0) {
    perror(LOG_PREFIX "writing stdout");
    return 1;
  }
  return written;
}

/* Steps 3-4. Returns the exit code. */
static int run(struct state *st, const sigset_t *wait_mask) {
  struct line_reader reader = {.len = 0};
  for (;;) {
    if (stop_requested) return EXIT_OK;
    int resized = 0, was_damaged = st->damaged;
    if (capture_handle_events(st->capture, &st->damaged, &resized) != 0) return EXIT_MISSING_EXTENSION;
    if (st->damaged && !was_damaged) st->damage_ns = clock_ns(CLOCK_MONOTONIC);
    if (resized && reopen_encoder(st) != 0) return EXIT_ENCODER_FAILED;

    int64_t now = clock_ns(CLOCK_MONOTONIC);
    int wanted = st->damaged || st->keyframe_requested;
    if (wanted && now >= st->next_capture_ns) {
      int result = capture_frame(st, now);
      if (result == 1) return EXIT_OK; /* the reader went away */
      if (result > 1) return result;
      continue;
    }
    struct timespec timeout, *timeout_ptr = NULL;
    if (wanted) {
      int64_t wait = st->next_capture_ns - now;
      timeout = (struct timespec){.tv_sec = wait / NS_PER_SECOND, .tv_nsec = wait % NS_PER_SECOND};
      timeout_ptr = &timeout;
    }
    struct pollfd fds[2] = {
        {.fd = STDIN_FILENO, .events = POLLIN},
        {.fd = capture_fd(st->capture), .events = POLLIN},
    };
    /* SIGTERM is blocked except inside ppoll: no lost wake-up. */
    int ready = ppoll(fds, 2, timeout_ptr, wait_mask);
    if (ready < 0 && errno != EINTR) {
      perror(LOG_PREFIX "ppoll");
      return 1;
    }
    if (ready > 0 && fds[0].revents) {
      int got = (fds[0].revents & POLLNVAL) ? 1 : read_lines(STDIN_FILENO, &reader, on_command_line, st);
      if (got != 0) return EXIT_OK; /* EOF: the gateway is done with us */
    }
    if (ready > 0 && (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL))) {
      fprintf(stderr, LOG_PREFIX "lost the X connection\n");
      return EXIT_NO_DISPLAY;
    }
  }
}

int main(int argc, char **argv) {
  struct state st = {.frame_number = 0};
  int parsed = parse_options(argc, argv, &st.options);
  if (parsed != 0) return parsed > 0 ? EXIT_OK : EXIT_BAD_ARGUMENTS;
  st.fps = st.options.fps;
  st.bitrate_kbps = st.options.bitrate_kbps;

  /* A closed stdout shows up as EPIPE from write(): a quiet exit 0. */
  signal(SIGPIPE, SIG_IGN);
  struct sigaction stop = {.sa_handler = on_stop_signal};
  sigemptyset(&stop.sa_mask);
  sigaction(SIGTERM, &stop, NULL);
  sigaction(SIGINT, &stop, NULL);
  sigset_t blocked, wait_mask;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGINT);
  sigprocmask(SIG_BLOCK, &blocked, &wait_mask);

  int code = EXIT_OK;
  st.capture = capture_open(&code);
  if (st.capture == NULL) return code;
  st.encoder = encoder_open(capture_width(st.capture), capture_height(st.capture), st.fps, st.bitrate_kbps);
  if (st.encoder == NULL) return EXIT_ENCODER_FAILED;
  fprintf(stderr, "ready %dx%d\n", capture_width(st.capture), capture_height(st.capture));

  /* The first frame goes out at once, as a keyframe. */
  st.damaged = 1;
  st.keyframe_requested = 1;
  st.next_capture_ns = clock_ns(CLOCK_MONOTONIC);
  code = run(&st, &wait_mask);

  encoder_close(st.encoder);
  capture_close(st.capture);
  return code;
}
