#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "video-encoder.h"

static const char usage[] =
    "usage: helios-video-encoder [--fps N] [--bitrate KBPS] [--max-bitrate KBPS] [--keyint-seconds S] [--timings]\n";

/* Strict decimal integer: the whole string, no sign games, no overflow. */
static int parse_int(const char *text, long min, long max, int *out) {
  if (text == NULL || *text == '\0') return -1;
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max) return -1;
  *out = (int)value;
  return 0;
}

struct flag {
  const char *name;
  long min, max;
  int *target;
};

int parse_options(int argc, char **argv, struct options *out) {
  *out = (struct options){.fps = 30, .bitrate_kbps = 4000, .max_bitrate_kbps = 20000, .keyint_seconds = 10};
  int bitrate_given = 0;
  const struct flag flags[] = {
      {"--fps", 1, 120, &out->fps},
      {"--bitrate", 100, 1000000, &out->bitrate_kbps},
      {"--max-bitrate", 100, 1000000, &out->max_bitrate_kbps},
      {"--keyint-seconds", 1, 3600, &out->keyint_seconds},
  };
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      fputs(usage, stderr);
      return 1;
    }
    if (strcmp(arg, "--timings") == 0) {
      out->timings = 1;
      continue;
    }
    const struct flag *flag = NULL;
    const char *value = NULL;
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
      size_t len = strlen(flags[f].name);
      if (strncmp(arg, flags[f].name, len) != 0) continue;
      if (arg[len] == '\0') {
        flag = &flags[f];
        value = i + 1 < argc ? argv[++i] : NULL;
      } else if (arg[len] == '=') {
        flag = &flags[f];
        value = arg + len + 1;
      }
      if (flag) break;
    }
    if (flag == NULL) {
      fprintf(stderr, LOG_PREFIX "unknown argument '%s'\n%s", arg, usage);
      return -1;
    }
    if (parse_int(value, flag->min, flag->max, flag->target) != 0) {
      fprintf(stderr, LOG_PREFIX "%s expects an integer in %ld..%ld, got '%s'\n%s", flag->name, flag->min,
              flag->max, value ? value : "(nothing)", usage);
      return -1;
    }
    if (flag->target == &out->bitrate_kbps) bitrate_given = 1;
  }
  if (out->bitrate_kbps > out->max_bitrate_kbps) {
    if (bitrate_given) {
      fprintf(stderr, LOG_PREFIX "--bitrate %d exceeds --max-bitrate %d\n%s", out->bitrate_kbps,
              out->max_bitrate_kbps, usage);
      return -1;
    }
    out->bitrate_kbps = out->max_bitrate_kbps; /* only the default was above a low ceiling */
  }
  return 0;
}
