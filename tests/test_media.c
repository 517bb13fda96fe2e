/* SPDX-License-Identifier: MIT */
/* Clips and animated images, made at test time with Debian's ffmpeg:
 * grey sequences whose level says which half-second a picture belongs
 * to, so a picture's pixels tell whether it came in order and on time.
 * The probe against cut-off, fake, unsupported and oversize files; the
 * decoder thread's pacing (timestamps against the caller's clock, loops
 * without drift), a stall and a clip broken part-way ending the clip, the
 * hardware decoder falling back to software; `check`'s diagnostics. */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "media/clip.h"
#include "media/media.h"
#include "media/mediacheck.h"
#include "playlist/imghdr.h"
#include "playlist/playlist.h"

static char dir[] = "/tmp/bangtin-test-media-XXXXXX";

/* Runs an ffmpeg command line (after "ffmpeg -v error -y") in dir. */
static void ff(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "cd '%s' && ffmpeg -nostdin -v error -y %s", dir, args);
    ck_assert_msg(system(cmd) == 0, "ffmpeg failed: %s", cmd);
}

static void sh(const char *fmt, const char *arg)
{
    char cmd[2048], inner[1024];
    snprintf(inner, sizeof(inner), fmt, arg);
    snprintf(cmd, sizeof(cmd), "cd '%s' && %s", dir, inner);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

static const char *at(const char *name)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 512, "%s/%s", dir, name);
    return b;
}

/* Half-second segments, the level 32 + 40 k for segment k. */
#define SEG_MS 500
#define GREY(dur, size, rate)                                                                      \
    "-f lavfi -i \"color=c=black:s=" size ":r=" rate ":d=" dur                                     \
    ",format=gray,geq=lum='32+40*floor(T*2)'\" "

/* The segment a decoded ARGB grey belongs to. */
static int seg_of(uint32_t argb)
{
    /* The source's full-range grey comes back as it went in, give or
     * take what lossy coding moves it. */
    double g = (double)((argb >> 8) & 0xff);
    return (int)((g - 32.0) / 40.0 + 0.5);
}

static void make_clips(void)
{
    static bool made;
    if (made)
        return;
    made = true;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ff(GREY("3", "320x180", "30") "-c:v libx264 -pix_fmt yuv420p seq.mp4");
    ff(GREY("3", "320x180", "25") "-c:v libvpx-vp9 -b:v 200k -pix_fmt yuv420p seq.webm");
    ff(GREY("3", "320x180", "30") "-c:v libvpx -b:v 200k seq8.webm");
    ff(GREY("1", "160x90", "10") "-c:v libx264 -pix_fmt yuv420p short.mp4");
    /* Without a palette of its own, GIF dithers greys into 3-3-2 colours. */
    ff(GREY("2", "160x90", "4") "-vf \"split[a][b];[a]palettegen=max_colors=16[p];[b][p]"
                                "paletteuse=dither=none\" -f gif anim.gif");
    ff(GREY("2", "160x90", "4") "-pix_fmt rgb24 -plays 0 -f apng anim.png");
    ff(GREY("2", "160x90", "4") "-pix_fmt bgra -c:v libwebp_anim -lossless 1 -loop 0 anim.webp");
    ff("-f lavfi -i \"color=c=red:s=160x90:d=1\" -frames:v 1 still.png");
    ff("-f lavfi -i \"color=c=red:s=160x90:d=1\" -frames:v 1 still.gif");
    ff("-f lavfi -i \"testsrc2=s=320x180:r=30:d=4\" -c:v libx264 -pix_fmt yuv420p "
       "-movflags +faststart fast.mp4");
    ff("-f lavfi -i \"testsrc2=s=320x180:r=30:d=4\" -c:v libvpx -b:v 300k long.webm");
    ff("-f lavfi -i \"color=c=red:s=2560x1440:r=5:d=1\" -c:v libx264 big.mp4");
    ff("-f lavfi -i \"sine=d=1\" sound.mp4");
    ff("-f lavfi -i \"color=c=red:s=320x200:r=10:d=1\" -c:v a64multi -f avi c64.avi");
    ff("-f lavfi -i \"color=c=red:s=320x180:r=10:d=1\" -c:v libx264 -f flv clip.flv");
    sh("head -c $(( $(stat -c %%s fast.mp4) * 6 / 10 )) fast.mp4 > cut-index.mp4%s", "");
    sh("head -c 2000 seq.mp4 > cut-moov.mp4%s", "");
    sh("head -c $(( $(stat -c %%s long.webm) / 2 )) long.webm > cut.webm%s", "");
    ff("-filter_complex \"color=c=black@0:s=64x64:r=4:d=1,format=rgba[bg];"
       "color=c=red:s=32x32:r=4:d=1,format=rgba[fg];[bg][fg]overlay=16:16:format=auto,"
       "split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128\" "
       "-f gif clear.gif");
    sh("printf 'just some words' > words.mp4%s", "");
    sh(": > empty.mp4%s", "");
}

static void setup(void)
{
    make_clips();
}

START_TEST(fit_places_pictures)
{
    static const struct {
        int w, h, aw, ah;
        bool cover;
        struct media_rect src, dst;
    } rows[] = {
        {1920, 1080, 1920, 1080, false, {0, 0, 1920, 1080}, {0, 0, 1920, 1080}},
        {1920, 1080, 384, 192, false, {0, 0, 1920, 1080}, {21, 0, 341, 192}},
        {1920, 1080, 384, 192, true, {0, 0, 1920, 1080}, {0, 0, 384, 192}},
        {1920, 1080, 384, 192, true, {0, 0, 1920, 1080}, {0, 0, 384, 192}},
        {640, 480, 320, 90, true, {0, 150, 640, 180}, {0, 0, 320, 90}},
        {1080, 1920, 1920, 1080, false, {0, 0, 1080, 1920}, {656, 0, 607, 1080}},
        {1080, 1920, 1920, 1080, true, {0, 656, 1080, 607}, {0, 0, 1920, 1080}},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct media_rect s, d;
        media_fit(rows[i].w, rows[i].h, rows[i].aw, rows[i].ah, rows[i].cover, &s, &d);
        if (i == 2 || i == 3) {
            /* 16:9 into 2:1: cover cuts top and bottom. */
            ck_assert_int_eq(s.w, 1920);
            ck_assert_int_eq(s.h, 960);
            ck_assert_int_eq(s.y, 60);
            ck_assert_int_eq(d.w, 384);
            continue;
        }
        ck_assert_msg(s.x == rows[i].src.x && s.y == rows[i].src.y && s.w == rows[i].src.w &&
                          s.h == rows[i].src.h,
                      "row %zu src %d,%d %dx%d", i, s.x, s.y, s.w, s.h);
        ck_assert_msg(d.x == rows[i].dst.x && d.y == rows[i].dst.y && d.w == rows[i].dst.w &&
                          d.h == rows[i].dst.h,
                      "row %zu dst %d,%d %dx%d", i, d.x, d.y, d.w, d.h);
    }
}
END_TEST

START_TEST(probe_tells_what_a_clip_is)
{
    static const struct {
        const char *file, *container, *codec;
        int w, h;
        double duration;
        bool animated;
    } good[] = {
        {"seq.mp4", "mp4", "h264", 320, 180, 3.0, true},
        {"seq.webm", "webm", "vp9", 320, 180, 3.0, true},
        {"seq8.webm", "webm", "vp8", 320, 180, 3.0, true},
        {"anim.gif", "gif", "gif", 160, 90, 2.0, true},
        {"anim.png", "apng", "apng", 160, 90, -1, true}, /* APNG says no length */
        {"anim.webp", "webp", "webp", 160, 90, 2.0, true},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        struct media_info in;
        char why[300] = "";
        ck_assert_msg(media_probe(at(good[i].file), &in, why, sizeof(why)), "%s: %s", good[i].file,
                      why);
        ck_assert_str_eq(in.container, good[i].container);
        ck_assert_str_eq(in.codec, good[i].codec);
        ck_assert_int_eq(in.w, good[i].w);
        ck_assert_int_eq(in.h, good[i].h);
        if (good[i].duration > 0)
            ck_assert_msg(in.duration > good[i].duration - 0.3 &&
                              in.duration < good[i].duration + 0.3,
                          "%s lasts %g", good[i].file, in.duration);
        ck_assert(in.animated == good[i].animated);
        ck_assert(!in.has_audio);
        ck_assert(in.bytes > 0);
        ck_assert(media_is_animated(at(good[i].file)) || strstr(good[i].file, "seq"));
    }
    ck_assert(!media_is_animated(at("still.png")));
    ck_assert(!media_is_animated(at("still.gif")));
}
END_TEST

START_TEST(probe_refuses_broken_clips)
{
    static const struct {
        const char *file, *why;
    } bad[] = {
        {"cut-index.mp4", "cut off"},
        {"cut-moov.mp4", "cut off"},
        {"cut.webm", "cut off"},
        {"words.mp4", "not a clip"},
        {"empty.mp4", "empty"},
        {"big.mp4", "2560x1440"},
        {"sound.mp4", "no moving picture"},
        {"c64.avi", "cannot decode"},
        {"clip.flv", "not a clip"},
        {"missing.mp4", "cannot read"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct media_info in;
        char why[300] = "";
        ck_assert_msg(!media_probe(at(bad[i].file), &in, why, sizeof(why)), "%s passed",
                      bad[i].file);
        ck_assert_msg(strstr(why, bad[i].why), "%s: '%s' lacks '%s'", bad[i].file, why, bad[i].why);
    }
}
END_TEST

/* Waits (real time) until the decoder has queued what is due at t: the
 * test's clock is its own, so the checks do not depend on load. */
static void settle(struct media_clip *c, int64_t t)
{
    for (int i = 0; i < 5000; i++) {
        enum media_state st = media_clip_state(c, t);
        int64_t next = media_clip_next_due(c);
        if (st == MEDIA_FAILED || st == MEDIA_ENDED || (next != INT64_MAX && next > t))
            return;
        if (next != INT64_MAX && next <= t) {
            /* Due now: take it, then look again. */
            if (media_clip_frame(c, t) && media_clip_next_due(c) > t)
                return;
        }
        usleep(1000);
    }
}

static uint32_t centre(const struct media_frame *f)
{
    ck_assert_int_eq(f->fmt, MEDIA_ARGB);
    const uint32_t *row = (const uint32_t *)(f->plane[0] + (size_t)(f->h / 2) * f->pitch[0]);
    return row[f->w / 2];
}

/* Plays path on the test's clock in 20 ms steps to end_ms; every picture
 * shown must be due, in order, and of the segment its time says. */
static int play_in_order(const char *path, bool loop, int64_t end_ms, int64_t period_ms,
                         int *ended_at)
{
    struct media_clip_opts o = {.area_w = 160, .area_h = 90, .loop = loop};
    struct media_clip *c = media_clip_open(path, &o);
    ck_assert_ptr_nonnull(c);
    int64_t last_due = -1;
    uint64_t last_seq = 0;
    int shown = 0;
    *ended_at = -1;
    for (int64_t t = 0; t <= end_ms; t += 20) {
        settle(c, t);
        const struct media_frame *f = media_clip_frame(c, t);
        enum media_state st = media_clip_state(c, t);
        ck_assert_msg(st != MEDIA_FAILED, "%s failed at %lld", path, (long long)t);
        if (st == MEDIA_ENDED && *ended_at < 0)
            *ended_at = (int)t;
        if (t >= 100 && *ended_at < 0)
            ck_assert_msg(f != NULL, "%s: nothing at %lld ms", path, (long long)t);
        if (!f)
            continue;
        ck_assert(f->due_ms <= t);
        ck_assert(f->due_ms >= last_due);
        if (f->seq != last_seq) {
            ck_assert(f->seq > last_seq);
            shown++;
            last_seq = f->seq;
            /* No drift: the picture on time is the one shown. */
            if (*ended_at < 0)
                ck_assert_msg(t - f->due_ms < 120, "%s: at %lld ms the picture of %lld", path,
                              (long long)t, (long long)f->due_ms);
            int want = (int)((f->due_ms % period_ms) / SEG_MS);
            ck_assert_msg(seg_of(centre(f)) == want, "%s: picture at %lld ms is segment %d, not %d",
                          path, (long long)f->due_ms, seg_of(centre(f)), want);
        }
        last_due = f->due_ms;
    }
    media_clip_close(c);
    return shown;
}

START_TEST(clip_pictures_come_in_order_on_time)
{
    static const struct {
        const char *file;
        int min_shown;
    } rows[] = {
        {"seq.mp4", 80}, {"seq.webm", 70}, {"seq8.webm", 80},
        {"anim.gif", 8}, {"anim.png", 8},  {"anim.webp", 4}, /* libwebp merges repeats */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int ended;
        bool anim = strstr(rows[i].file, "anim") != NULL;
        int64_t len = anim ? 2000 : 3000;
        int shown = play_in_order(at(rows[i].file), false, len + 400, 100000, &ended);
        ck_assert_msg(shown >= rows[i].min_shown, "%s: %d pictures", rows[i].file, shown);
        ck_assert_msg(ended >= len - 40 && ended <= len + 60, "%s ended at %d ms", rows[i].file,
                      ended);
    }
}
END_TEST

START_TEST(loops_keep_the_clips_time)
{
    /* 1 s clip, 10 fps: after three passes the picture due at 3.25 s is
     * the 0.25 s picture of the fourth pass, and due at 3.2 s exactly. */
    int ended;
    int shown = play_in_order(at("short.mp4"), true, 3500, 1000, &ended);
    ck_assert_int_eq(ended, -1);
    ck_assert_int_ge(shown, 33);
    struct media_clip_opts o = {.area_w = 160, .area_h = 90, .loop = true};
    struct media_clip *c = media_clip_open(at("anim.gif"), &o);
    for (int64_t t = 0; t <= 6125; t += 125) {
        settle(c, t);
        const struct media_frame *f = media_clip_frame(c, t);
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(f->due_ms, t / 250 * 250);
        ck_assert_int_eq(seg_of(centre(f)), (int)(t % 2000) / SEG_MS);
    }
    media_clip_close(c);
}
END_TEST

START_TEST(ten_minutes_of_loops_do_not_drift)
{
    /* A 1 s clip at 10 fps looped for 10 minutes of the clock: every
     * picture shown is the one due, and the last is due at 599.9 s. */
    struct media_clip_opts o = {.area_w = 160, .area_h = 90, .loop = true};
    struct media_clip *c = media_clip_open(at("short.mp4"), &o);
    int64_t last = -1;
    for (int64_t t = 0; t < 600000; t += 50) {
        settle(c, t);
        const struct media_frame *f = media_clip_frame(c, t);
        ck_assert_ptr_nonnull(f);
        ck_assert_msg(t - f->due_ms < 100 && f->due_ms <= t, "at %lld ms the picture of %lld",
                      (long long)t, (long long)f->due_ms);
        ck_assert(f->due_ms >= last);
        last = f->due_ms;
    }
    ck_assert_int_eq(last, 599900);
    ck_assert_int_eq(media_clip_state(c, 600000), MEDIA_PLAYING);
    media_clip_close(c);
}
END_TEST

START_TEST(yuv_pictures_for_the_renderer)
{
    struct media_clip_opts o = {.area_w = 160, .area_h = 160, .cover = true, .yuv = true};
    struct media_clip *c = media_clip_open(at("seq.mp4"), &o);
    settle(c, 0);
    const struct media_frame *f = media_clip_frame(c, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->fmt, MEDIA_I420);
    ck_assert_int_eq(f->w, 320);
    ck_assert_int_eq(f->h, 180);
    /* Cover into a square: the middle 180x180 of the picture. */
    ck_assert_int_eq(f->src.x, 70);
    ck_assert_int_eq(f->src.w, 180);
    ck_assert_int_eq(f->dst.w, 160);
    /* Full-range 32 in limited-range video: 16 + 32 * 219 / 255. */
    ck_assert_int_ge(f->plane[0][90 * f->pitch[0] + 160], 40);
    ck_assert_int_le(f->plane[0][90 * f->pitch[0] + 160], 47);
    /* A fade out starts from the picture on screen. */
    struct media_rect d;
    struct pixbuf *snap = media_clip_snapshot(c, &d);
    ck_assert_ptr_nonnull(snap);
    ck_assert_int_eq(snap->w, 160);
    ck_assert_int_eq(seg_of(snap->px[80 * snap->stride + 80]), 0);
    pixbuf_free(snap);
    struct media_rect pd;
    const struct pixbuf *poster = media_clip_poster(c, &pd);
    ck_assert_ptr_nonnull(poster);
    ck_assert_int_eq(pd.w, 160);
    media_clip_close(c);
}
END_TEST

START_TEST(poster_is_the_first_picture)
{
    struct pixbuf *pb;
    struct media_rect d;
    char why[256];
    ck_assert(
        media_poster(at("seq.webm"), 384, 192, false, 0xff000000u, &pb, &d, why, sizeof(why)));
    ck_assert_int_eq(d.w, 341);
    ck_assert_int_eq(d.h, 192);
    ck_assert_int_eq(d.x, 21);
    ck_assert_int_eq(pb->w, 341);
    ck_assert_int_eq(seg_of(pb->px[96 * pb->stride + 170]), 0);
    pixbuf_free(pb);
    /* A GIF's transparent pixels show the slide's background. */
    ck_assert(media_poster(at("clear.gif"), 64, 64, false, 0xff2040a0u, &pb, &d, why, sizeof(why)));
    ck_assert_uint_eq(pb->px[2 * pb->stride + 2], 0xff2040a0u);
    ck_assert_uint_eq(pb->px[32 * pb->stride + 32], 0xffff0000u);
    pixbuf_free(pb);
    ck_assert(
        !media_poster(at("words.mp4"), 384, 192, false, 0xff000000u, &pb, &d, why, sizeof(why)));
    ck_assert_ptr_null(pb);
}
END_TEST

START_TEST(broken_part_way_ends_the_clip)
{
    /* Half a 4 s WebM: it plays what is there, then ends, before 4 s. */
    struct media_clip_opts o = {.area_w = 160, .area_h = 90};
    struct media_clip *c = media_clip_open(at("cut.webm"), &o);
    enum media_state st = MEDIA_STARTING;
    int64_t t = 0;
    for (; t <= 4000 && st != MEDIA_ENDED && st != MEDIA_FAILED; t += 20) {
        settle(c, t);
        media_clip_frame(c, t);
        st = media_clip_state(c, t);
    }
    ck_assert(st == MEDIA_ENDED || st == MEDIA_FAILED);
    ck_assert_int_lt(t, 3000);
    media_clip_close(c);

    /* A file that is no clip fails at once, with a reason. */
    c = media_clip_open(at("words.mp4"), &o);
    for (int i = 0; i < 2000 && media_clip_state(c, 0) != MEDIA_FAILED; i++)
        usleep(1000);
    ck_assert_int_eq(media_clip_state(c, 0), MEDIA_FAILED);
    char why[256];
    media_clip_error(c, why, sizeof(why));
    ck_assert_ptr_nonnull(strstr(why, "not a clip"));
    media_clip_close(c);
}
END_TEST

struct writer {
    char fifo[512];
    char src[512];
    int hold_s;
};

/* Writes the first third of a clip into the FIFO, then holds it open. */
static void *write_half(void *arg)
{
    struct writer *w = arg;
    int fd = open(w->fifo, O_WRONLY);
    FILE *f = fopen(w->src, "rb");
    char buf[4096];
    fseek(f, 0, SEEK_END);
    long len = ftell(f) / 3;
    fseek(f, 0, SEEK_SET);
    for (long done = 0; done < len;) {
        size_t n = fread(buf, 1, sizeof(buf), f);
        if (n == 0 || write(fd, buf, n) < 0)
            break;
        done += (long)n;
    }
    fclose(f);
    sleep((unsigned)w->hold_s);
    close(fd);
    return NULL;
}

static int64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(a_stalled_clip_fails_and_closes_at_once)
{
    struct writer w = {.hold_s = MEDIA_STALL_MS / 1000 + 4};
    snprintf(w.fifo, sizeof(w.fifo), "%s/stall.webm", dir);
    snprintf(w.src, sizeof(w.src), "%s/long.webm", dir);
    unlink(w.fifo);
    ck_assert_int_eq(mkfifo(w.fifo, 0600), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, write_half, &w), 0);
    struct media_clip_opts o = {.area_w = 160, .area_h = 90};
    struct media_clip *c = media_clip_open(w.fifo, &o);
    int64_t start = ms_now(), t = 0;
    enum media_state st = MEDIA_STARTING;
    bool any = false;
    while (st != MEDIA_FAILED && t < MEDIA_STALL_MS + 4000) {
        usleep(10000);
        t = ms_now() - start;
        any |= media_clip_frame(c, t) != NULL;
        st = media_clip_state(c, t);
    }
    ck_assert_int_eq(st, MEDIA_FAILED);
    ck_assert(any); /* it played what came before the stall */
    char why[256];
    media_clip_error(c, why, sizeof(why));
    ck_assert_msg(strstr(why, "stalls"), "%s", why);
    int64_t before = ms_now();
    media_clip_close(c); /* its thread is stuck in read(): left behind */
    ck_assert_int_lt(ms_now() - before, 1000);
    pthread_join(th, NULL);
    usleep(300000); /* the thread frees the clip once its read returns */
    unlink(w.fifo);
}
END_TEST

START_TEST(hardware_decoder_falls_back_to_software)
{
    /* No V4L2 decoder here: the Pi 4's is tried and software plays. */
    struct media_clip_opts o = {.area_w = 160, .area_h = 90, .hwdec = "h264_v4l2m2m"};
    struct media_clip *c = media_clip_open(at("seq.mp4"), &o);
    settle(c, 0);
    const struct media_frame *f = media_clip_frame(c, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(seg_of(centre(f)), 0);
    char dec[32];
    media_clip_decoder(c, dec, sizeof(dec));
    ck_assert_str_eq(dec, "h264");
    media_clip_close(c);
}
END_TEST

START_TEST(playlist_video_items)
{
    const char *json =
        "{\"version\": 1, \"items\": [\n"
        "{\"id\": \"a\", \"type\": \"video\", \"src\": \"seq.mp4\"},\n"
        "{\"id\": \"b\", \"type\": \"video\", \"src\": \"seq.webm\", \"fit\": \"cover\",\n"
        "  \"duration\": 20, \"loop\": true, \"audio\": true},\n"
        "{\"id\": \"c\", \"type\": \"video\", \"src\": \"cut.webm\"},\n"
        "{\"id\": \"d\", \"type\": \"video\", \"src\": \"big.mp4\"},\n"
        "{\"id\": \"e\", \"type\": \"video\", \"src\": \"seq.mp4\", \"duration\": 9}\n"
        "]}";
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "p.json", dir, d);
    ck_assert_ptr_nonnull(pl);
    ck_assert_uint_eq(diag_count(d), 0);
    ck_assert_int_eq(pl->items[0].type, PL_VIDEO);
    ck_assert(!pl->items[0].has_duration);
    ck_assert(!pl->items[0].loop && !pl->items[0].audio);
    ck_assert_int_eq(pl->items[1].fit, PL_FIT_COVER);
    ck_assert(pl->items[1].has_duration && pl->items[1].loop && pl->items[1].audio);
    ck_assert_str_eq(pl_item_type_name(PL_VIDEO), "video");

    /* check at a 384x192 board: two errors naming the items, and warnings. */
    mediacheck_playlist(pl, 384, 192, d);
    ck_assert_uint_eq(diag_error_count(d), 2);
    const struct diag *e = diag_get(d, 1);
    ck_assert_str_eq(e->path, "items[2].src");
    ck_assert_str_eq(e->code, "asset");
    ck_assert_ptr_nonnull(strstr(e->message, "cut off"));
    ck_assert_ptr_nonnull(diag_find(d, "audio"));
    bool dur = false;
    for (size_t i = 0; i < diag_count(d); i++)
        dur |= strcmp(diag_get(d, i)->path, "items[4].duration") == 0;
    ck_assert(dur);
    playlist_free(pl);
    diag_list_free(d);

    /* A 320x180 clip on a 192x96 slide wastes most of its bytes. */
    d = diag_list_new();
    json = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"video\", \"src\": "
           "\"seq.mp4\"}]}";
    pl = playlist_parse(json, strlen(json), "p.json", dir, d);
    mediacheck_playlist(pl, 100, 56, d);
    ck_assert_uint_eq(diag_count(d), 1);
    ck_assert_int_eq(diag_get(d, 0)->severity, DIAG_WARNING);
    ck_assert_ptr_nonnull(strstr(diag_get(d, 0)->message, "bytes"));
    playlist_free(pl);
    diag_list_free(d);

    d = diag_list_new();
    json = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"video\", \"src\": "
           "\"seq.mp4\", \"loop\": \"yes\"}]}";
    ck_assert_ptr_null(playlist_parse(json, strlen(json), "p.json", dir, d));
    ck_assert_str_eq(diag_get(d, 0)->path, "items[0].loop");
    diag_list_free(d);
}
END_TEST

START_TEST(animated_image_headers)
{
    struct imghdr h;
    char why[256];
    ck_assert(imghdr_probe_file(at("anim.gif"), &h, why, sizeof(why)));
    ck_assert_int_eq(h.kind, IMGHDR_GIF);
    ck_assert_uint_eq(h.width, 160);
    ck_assert_uint_eq(h.height, 90);
    ck_assert(imghdr_probe_file(at("anim.webp"), &h, why, sizeof(why)));
    ck_assert_int_eq(h.kind, IMGHDR_WEBP);
    ck_assert_uint_eq(h.width, 160);
    ck_assert_uint_eq(h.height, 90);
}
END_TEST

static Suite *media_suite(void)
{
    Suite *s = suite_create("media");
    TCase *tc = tcase_create("media");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, fit_places_pictures);
    tcase_add_test(tc, probe_tells_what_a_clip_is);
    tcase_add_test(tc, probe_refuses_broken_clips);
    tcase_add_test(tc, clip_pictures_come_in_order_on_time);
    tcase_add_test(tc, loops_keep_the_clips_time);
    tcase_add_test(tc, ten_minutes_of_loops_do_not_drift);
    tcase_add_test(tc, yuv_pictures_for_the_renderer);
    tcase_add_test(tc, poster_is_the_first_picture);
    tcase_add_test(tc, broken_part_way_ends_the_clip);
    tcase_add_test(tc, a_stalled_clip_fails_and_closes_at_once);
    tcase_add_test(tc, hardware_decoder_falls_back_to_software);
    tcase_add_test(tc, playlist_video_items);
    tcase_add_test(tc, animated_image_headers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* the stall test's writer outlives its reader */
    if (system("ffmpeg -version >/dev/null 2>&1") != 0) {
        printf("SKIP: ffmpeg is not installed (apt-get install ffmpeg)\n");
        return 77;
    }
    SRunner *sr = srunner_create(media_suite());
    /* One process: the clips are made once for every test. */
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        failed++;
    return failed ? 1 : 0;
}
