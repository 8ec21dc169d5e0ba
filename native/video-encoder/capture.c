#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "video-encoder.h"

struct shm_image {
  XImage *image;
  XShmSegmentInfo shm;
};

struct capture {
  Display *dpy;
  Window root;
  Visual *visual;
  int depth;
  Damage damage;
  int damage_event;
  int width, height; /* root size, may be odd */
  /* The picture, kept up to date box by box, and where a box narrower than
   * the screen is grabbed first (the server packs its rows). */
  struct shm_image picture, scratch;
  struct box dirty; /* damage read since the last grab, root coordinates */
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

static void free_image(struct capture *cap, struct shm_image *si) {
  if (si->image == NULL) return;
  XShmDetach(cap->dpy, &si->shm);
  XDestroyImage(si->image); /* frees the XImage, not the shm data */
  shmdt(si->shm.shmaddr);
  si->image = NULL;
}

static int alloc_image(struct capture *cap, struct shm_image *si) {
  free_image(cap, si);
  si->image = XShmCreateImage(cap->dpy, cap->visual, (unsigned)cap->depth, ZPixmap, NULL, &si->shm,
                              (unsigned)cap->width, (unsigned)cap->height);
  if (si->image == NULL) return -1;
  if (si->image->bits_per_pixel != 32) {
    fprintf(stderr, LOG_PREFIX "unsupported pixel format: %d bits per pixel (need 32)\n",
            si->image->bits_per_pixel);
    XDestroyImage(si->image);
    si->image = NULL;
    return -1;
  }
  size_t size = (size_t)si->image->bytes_per_line * (size_t)si->image->height;
  si->shm.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
  if (si->shm.shmid < 0) {
    perror(LOG_PREFIX "shmget");
    XDestroyImage(si->image);
    si->image = NULL;
    return -1;
  }
  si->shm.shmaddr = si->image->data = shmat(si->shm.shmid, NULL, 0);
  si->shm.readOnly = False;
  x_error_seen = 0;
  int attached = si->shm.shmaddr != (char *)-1 && XShmAttach(cap->dpy, &si->shm);
  XSync(cap->dpy, False);
  /* Marked for removal now, so the segment never outlives the process. */
  shmctl(si->shm.shmid, IPC_RMID, NULL);
  if (!attached || x_error_seen) {
    fprintf(stderr, LOG_PREFIX "cannot attach shared memory to the X server\n");
    if (si->shm.shmaddr != (char *)-1) shmdt(si->shm.shmaddr);
    si->image->data = NULL;
    XDestroyImage(si->image);
    si->image = NULL;
    return -1;
  }
  return 0;
}

/* A new root size: new images, and everything is to be grabbed. */
static int alloc_images(struct capture *cap) {
  cap->dirty = (struct box){0, 0, cap->width, cap->height};
  return alloc_image(cap, &cap->picture) == 0 && alloc_image(cap, &cap->scratch) == 0 ? 0 : -1;
}

/* The damaged area an event carries (BoundingBox level: the whole extent). */
static void add_damage(struct capture *cap, const XEvent *event) {
  XRectangle area = ((const XDamageNotifyEvent *)event)->area;
  box_add(&cap->dirty, &(struct box){area.x, area.y, area.width, area.height});
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
  if (alloc_images(cap) != 0) return *exit_code = EXIT_MISSING_EXTENSION, NULL;
  /* BoundingBox: an event only when the damaged area grows beyond its
   * bounding box (carried in the event); the grab subtracts it, so an idle
   * screen sends nothing at all. */
  cap->damage = XDamageCreate(cap->dpy, cap->root, XDamageReportBoundingBox);
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
      add_damage(cap, &event);
      *damaged = 1;
    } else if (event.type == ConfigureNotify && event.xconfigure.window == cap->root) {
      if (event.xconfigure.width == cap->width && event.xconfigure.height == cap->height) continue;
      cap->width = event.xconfigure.width;
      cap->height = event.xconfigure.height;
      if (alloc_images(cap) != 0) return -1;
      *resized = 1;
      *damaged = 1;
    }
  }
  return 0;
}

static Bool is_damage_before(Display *dpy, XEvent *event, XPointer arg) {
  (void)dpy;
  const unsigned long *limits = (const unsigned long *)arg; /* damage event type, serial */
  return event->type == (int)limits[0] && event->xany.serial < limits[1];
}

/* Grabs box into the picture: straight in when it spans whole rows, else
 * through the scratch image and a copy of its rows. */
static int grab_box(struct capture *cap, const struct box *box) {
  XImage *picture = cap->picture.image;
  int whole_rows = box->x == 0 && box->width == cap->width;
  struct shm_image *target = whole_rows ? &cap->picture : &cap->scratch;
  char *data = target->shm.shmaddr + (whole_rows ? (size_t)box->y * (size_t)picture->bytes_per_line : 0);
  XImage *header = XShmCreateImage(cap->dpy, cap->visual, (unsigned)cap->depth, ZPixmap, data, &target->shm,
                                   (unsigned)box->width, (unsigned)box->height);
  if (header == NULL) return -1;
  x_error_seen = 0;
  int ok = XShmGetImage(cap->dpy, cap->root, header, box->x, box->y, AllPlanes) && !x_error_seen;
  if (ok && !whole_rows) {
    for (int row = 0; row < box->height; row++)
      memcpy(picture->data + (size_t)(box->y + row) * (size_t)picture->bytes_per_line + (size_t)box->x * 4,
             data + (size_t)row * (size_t)header->bytes_per_line, (size_t)box->width * 4);
  }
  XDestroyImage(header);
  return ok ? 0 : -1;
}

int capture_grab(struct capture *cap, int whole, struct box *grabbed) {
  /* Subtract first: damage drawn during the grab is reported again. The
   * round trip brings in the damage events sent before the subtract: their
   * areas belong to this grab; later ones stay queued for the next. */
  unsigned long limits[2] = {(unsigned long)cap->damage_event + XDamageNotify, NextRequest(cap->dpy)};
  XDamageSubtract(cap->dpy, cap->damage, None, None);
  XSync(cap->dpy, False);
  XEvent event;
  while (XCheckIfEvent(cap->dpy, &event, is_damage_before, (XPointer)limits)) add_damage(cap, &event);
  int width = capture_width(cap), height = capture_height(cap);
  struct box box = whole ? (struct box){0, 0, width, height} : cap->dirty;
  cap->dirty = (struct box){0, 0, 0, 0};
  /* Clipped to the even crop and widened to whole 2x2 blocks (I420 chroma). */
  int right = box.x + box.width, bottom = box.y + box.height;
  box.x = box.x < 0 ? 0 : box.x & ~1;
  box.y = box.y < 0 ? 0 : box.y & ~1;
  right = right > width ? width : right + (right & 1);
  bottom = bottom > height ? height : bottom + (bottom & 1);
  *grabbed = (struct box){box.x, box.y, right - box.x, bottom - box.y};
  if (grabbed->width <= 0 || grabbed->height <= 0) {
    *grabbed = (struct box){0, 0, 0, 0};
    return 0;
  }
  return grab_box(cap, grabbed);
}

const uint8_t *capture_pixels(const struct capture *cap) { return (const uint8_t *)cap->picture.image->data; }
int capture_stride(const struct capture *cap) { return cap->picture.image->bytes_per_line; }
int capture_width(const struct capture *cap) { return cap->width & ~1; }
int capture_height(const struct capture *cap) { return cap->height & ~1; }

void capture_close(struct capture *cap) {
  if (cap == NULL) return;
  free_image(cap, &cap->picture);
  free_image(cap, &cap->scratch);
  XDamageDestroy(cap->dpy, cap->damage);
  XCloseDisplay(cap->dpy);
  free(cap);
}
