#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "video-encoder.h"

static int parse_number(const char *text, int *out) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  while (*end == ' ' || *end == '\t' || *end == '\r') end++;
  if (errno != 0 || end == text || *end != '\0' || value < 0 || value > 1000000) return -1;
  *out = (int)value;
  return 0;
}

struct command parse_command(const char *line) {
  struct command cmd = {COMMAND_NONE, 0};
  size_t len = strlen(line);
  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ')) len--;
  if (len == 0) return cmd;
  if (len == 8 && strncmp(line, "keyframe", 8) == 0) {
    cmd.kind = COMMAND_KEYFRAME;
  } else if (strncmp(line, "bitrate ", 8) == 0 && parse_number(line + 8, &cmd.value) == 0) {
    cmd.kind = COMMAND_BITRATE;
  } else if (strncmp(line, "fps ", 4) == 0 && parse_number(line + 4, &cmd.value) == 0) {
    cmd.kind = COMMAND_FPS;
  } else {
    fprintf(stderr, LOG_PREFIX "ignoring unknown command '%.*s'\n", (int)(len > 80 ? 80 : len), line);
  }
  return cmd;
}

int read_lines(int fd, struct line_reader *reader, void (*on_line)(const char *line, void *ctx), void *ctx) {
  ssize_t got = read(fd, reader->buf + reader->len, sizeof reader->buf - 1 - reader->len);
  if (got == 0) return 1;
  if (got < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
  reader->len += (size_t)got;
  size_t start = 0;
  for (size_t i = 0; i < reader->len; i++) {
    if (reader->buf[i] != '\n') continue;
    reader->buf[i] = '\0';
    if (!reader->discarding) on_line(reader->buf + start, ctx);
    reader->discarding = 0;
    start = i + 1;
  }
  memmove(reader->buf, reader->buf + start, reader->len - start);
  reader->len -= start;
  if (reader->len == sizeof reader->buf - 1) {
    /* No command is this long: drop it up to its newline. */
    if (!reader->discarding) fprintf(stderr, LOG_PREFIX "ignoring an over-long command line\n");
    reader->discarding = 1;
    reader->len = 0;
  }
  return 0;
}
