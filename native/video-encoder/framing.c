#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "video-encoder.h"

#define HEADER_SIZE 21

static void put_be(uint8_t *at, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; i--, value >>= 8) at[i] = (uint8_t)value;
}

/* One buffer per record, so a record reaches the pipe in as few writes as
 * the pipe allows and a reader never sees a header without its payload
 * following. */
static uint8_t *buffer;
static size_t capacity;

static int write_all(int fd, const uint8_t *data, size_t size) {
  while (size > 0) {
    ssize_t written = write(fd, data, size);
    if (written > 0) {
      data += written;
      size -= (size_t)written;
    } else if (written < 0 && errno == EINTR) {
      continue;
    } else if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* A non-blocking stdout: wait until the reader drains it. */
      struct pollfd pfd = {.fd = fd, .events = POLLOUT};
      if (poll(&pfd, 1, -1) < 0 && errno != EINTR) return -1;
    } else if (written < 0 && errno == EPIPE) {
      return 1;
    } else {
      return -1;
    }
  }
  return 0;
}

int write_record(int fd, const struct frame_record *record, const uint8_t *payload, size_t size) {
  if (size > UINT32_MAX - HEADER_SIZE) return -1;
  if (HEADER_SIZE + size > capacity) {
    size_t wanted = (HEADER_SIZE + size) * 3 / 2;
    uint8_t *grown = realloc(buffer, wanted);
    if (grown == NULL) return -1;
    buffer = grown;
    capacity = wanted;
  }
  put_be(buffer + 0, size, 4);
  buffer[4] = record->keyframe ? 1 : 0;
  put_be(buffer + 5, (uint64_t)record->width, 2);
  put_be(buffer + 7, (uint64_t)record->height, 2);
  put_be(buffer + 9, record->frame_number, 4);
  put_be(buffer + 13, record->capture_us, 8);
  memcpy(buffer + HEADER_SIZE, payload, size);
  return write_all(fd, buffer, HEADER_SIZE + size);
}
