#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

#include "video-encoder.h"

int64_t clock_ns(int clock_id) {
  struct timespec ts;
  clock_gettime((clockid_t)clock_id, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long us(int64_t from_ns, int64_t to_ns) { return (long)((to_ns - from_ns) / 1000); }

/* One line per frame, µs: damage read -> grab start (wait) -> grabbed ->
 * converted -> encoded -> written. `at` is the wall clock (CLOCK_REALTIME µs)
 * of the damage event, to line up with the bench clients' logs. */
void log_frame_timings(uint32_t frame_number, const struct frame_timings *t) {
  int64_t from = t->damage_ns ? t->damage_ns : t->start_ns;
  int64_t at = clock_ns(CLOCK_REALTIME) / 1000 - us(from, clock_ns(CLOCK_MONOTONIC));
  fprintf(stderr,
          "timings frame=%u at=%lld wait=%ld grab=%ld convert=%ld encode=%ld write=%ld total=%ld bytes=%zu "
          "area=%dx%d+%d+%d key=%d\n",
          frame_number, (long long)at, us(from, t->start_ns), us(t->start_ns, t->grabbed_ns),
          us(t->grabbed_ns, t->converted_ns), us(t->converted_ns, t->encoded_ns), us(t->encoded_ns, t->written_ns),
          us(from, t->written_ns), t->bytes, t->width, t->height, t->x, t->y, t->keyframe);
}
