#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "video-encoder.h"

struct capture {
  Display *dpy;
  Window root;
  Visual *visual;
  int depth;
  Damage damage;
  int damage_event;
  int width, height; /* root size, may be odd */
  XImage *image;
  XShmSegmentInfo shm;
};

/* A grab racing a shrinking root fails with BadMatch; that must not kill us. */
static int x_error_seen;
static int on_x_error(Display *dpy, XErrorEvent *event) {
  char text[128];
  XGetErrorText(dpy, event->error_code, text, sizeof text);
  fprintf(stderr, LOG_PREFIX "X error: %s (request %d.%d)\n", text, event->request_code, event->minor_code);
  x_error_seen = 1;
  return 0;
}

static int on_x_io_error(Display *dpy) {
  (void)dpy;
  fprintf(stderr, LOG_PREFIX "lost the X connection\n");
  exit(EXIT_NO_DISPLAY);
}

static void free_image(struct capture *cap) {
  if (cap->image == NULL) return;
  XShmDetach(cap->dpy, &cap->shm);
  XDestroyImage(cap->image); /* frees the XImage, not the shm data */
  shmdt(cap->shm.shmaddr);
  cap->image = NULL;
}

static int alloc_image(struct capture *cap) {
  free_image(cap);
  cap->image = XShmCreateImage(cap->dpy, cap->visual, (unsigned)cap->depth, ZPixmap, NULL, &cap->shm,
                               (unsigned)cap->width, (unsigned)cap->height);
  if (cap->image == NULL) return -1;
  if (cap->image->bits_per_pixel != 32) {
    fprintf(stderr, LOG_PREFIX "unsupported pixel format: %d bits per pixel (need 32)\n",
            cap->image->bits_per_pixel);
    XDestroyImage(cap->image);
    cap->image = NULL;
    return -1;
  }
  size_t size = (size_t)cap->image->bytes_per_line * (size_t)cap->image->height;
  cap->shm.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
  if (cap->shm.shmid < 0) {
    perror(LOG_PREFIX "shmget");
    XDestroyImage(cap->image);
    cap->image = NULL;
    return -1;
  }
  cap->shm.shmaddr = cap->image->data = shmat(cap->shm.shmid, NULL, 0);
  cap->shm.readOnly = False;
  x_error_seen = 0;
  int attached = cap->shm.shmaddr != (char *)-1 && XShmAttach(cap->dpy, &cap->shm);
  XSync(cap->dpy, False);
  /* Marked for removal now, so the segment never outlives the process. */
  shmctl(cap->shm.shmid, IPC_RMID, NULL);
  if (!attached || x_error_seen) {
    fprintf(stderr, LOG_PREFIX "cannot attach shared memory to the X server\n");
    if (cap->shm.shmaddr != (char *)-1) shmdt(cap->shm.shmaddr);
    cap->image->data = NULL;
    XDestroyImage(cap->image);
    cap->image = NULL;
    return -1;
  }
  return 0;
}

struct capture *capture_open(int *exit_code) {
  struct capture *cap = calloc(1, sizeof *cap);
  if (cap == NULL) return *exit_code = EXIT_NO_DISPLAY, NULL;
  cap->dpy = XOpenDisplay(NULL);
  if (cap->dpy == NULL) {
    const char *name = XDisplayName(NULL);
    fprintf(stderr, LOG_PREFIX "cannot open display '%s'\n", name ? name : "");
    free(cap);
    return *exit_code = EXIT_NO_DISPLAY, NULL;
  }
  XSetErrorHandler(on_x_error);
  XSetIOErrorHandler(on_x_io_error);
  int screen = DefaultScreen(cap->dpy);
  cap->root = RootWindow(cap->dpy, screen);
  cap->visual = DefaultVisual(cap->dpy, screen);
  cap->depth = DefaultDepth(cap->dpy, screen);
  cap->width = DisplayWidth(cap->dpy, screen);
  cap->height = DisplayHeight(cap->dpy, screen);

  int major, minor, pixmaps, damage_error;
  if (!XShmQueryVersion(cap->dpy, &major, &minor, &pixmaps)) {
    fprintf(stderr, LOG_PREFIX "the X server lacks the MIT-SHM extension\n");
    return *exit_code = EXIT_MISSING_EXTENSION, NULL;
  }
  if (!XDamageQueryExtension(cap->dpy, &cap->damage_event, &damage_error)) {
    fprintf(stderr, LOG_PREFIX "the X server lacks the DAMAGE extension\n");
    return *exit_code = EXIT_MISSING_EXTENSION, NULL;
  }
  if (alloc_image(cap) != 0) return *exit_code = EXIT_MISSING_EXTENSION, NULL;
  /* NonEmpty: one event when the damage goes from empty to non-empty; the
   * grab subtracts it, so an idle screen sends nothing at all. */
  cap->damage = XDamageCreate(cap->dpy, cap->root, XDamageReportNonEmpty);
  XSelectInput(cap->dpy, cap->root, StructureNotifyMask);
  XSync(cap->dpy, False);
  return cap;
}

int capture_fd(const struct capture *cap) { return ConnectionNumber(cap->dpy); }

int capture_handle_events(struct capture *cap, int *damaged, int *resized) {
  while (XPending(cap->dpy) > 0) {
    XEvent event;
    XNextEvent(cap->dpy, &event);
    if (event.type == cap->damage_event + XDamageNotify) {
      *damaged = 1;
    } else if (event.type == ConfigureNotify && event.xconfigure.window == cap->root) {
      if (event.xconfigure.width == cap->width && event.xconfigure.height == cap->height) continue;
      cap->width = event.xconfigure.width;
      cap->height = event.xconfigure.height;
      if (alloc_image(cap) != 0) return -1;
      *resized = 1;
      *damaged = 1;
    }
  }
  return 0;
}

int capture_grab(struct capture *cap) {
  /* Subtract first: damage drawn during the grab is reported again. */
  XDamageSubtract(cap->dpy, cap->damage, None, None);
  x_error_seen = 0;
  if (!XShmGetImage(cap->dpy, cap->root, cap->image, 0, 0, AllPlanes) || x_error_seen) return -1;
  return 0;
}

const uint8_t *capture_pixels(const struct capture *cap) { return (const uint8_t *)cap->image->data; }
int capture_stride(const struct capture *cap) { return cap->image->bytes_per_line; }
int capture_width(const struct capture *cap) { return cap->width & ~1; }
int capture_height(const struct capture *cap) { return cap->height & ~1; }

void capture_close(struct capture *cap) {
  if (cap == NULL) return;
  free_image(cap);
  XDamageDestroy(cap->dpy, cap->damage);
  XCloseDisplay(cap->dpy);
  free(cap);
}
