/*
 * The straightforward algorithm in C: the yardstick the JS core is timed against.
 *
 * It mirrors the core's arithmetic exactly, so the final weights must agree bit for bit:
 * mulberry32 seeded with `seed`, Fisher–Yates with j = floor(u·(i+1) / 2^32) for i = N−1 … 1 over a
 * shuffled index carried across epochs (no shuffle when one batch holds every row), rows read
 * through the index, err = (b + Σ w_j x_j) − y summed left to right, step = lr·2/count, then
 * w_j −= step·gradW_j and b −= step·gradB, and the full-data loss after every epoch.
 * Build with -ffp-contract=off so no multiply-add is fused.
 *
 * Extended with the two other optimizers the core has, in the same style and PyTorch's order of
 * operations as src/core/optimizers.ts, with g = (2/count)·grad for every parameter (weights, then bias):
 * - momentum MU NESTEROV: buf ← g on the first update, then buf ← MU·buf + g; θ −= lr·(NESTEROV ? g + MU·buf : buf);
 * - adam B1 B2 EPS: t += 1; m ← m·B1 + g·(1 − B1); v ← v·B2 + ((1 − B2)·g)·g;
 *   θ −= (lr/(1 − B1^t))·m / (√v/√(1 − B2^t) + EPS).
 * Without an optimizer argument (or `sgd`) the loop is the plain one above, unchanged.
 *
 * usage: reference DATA N D BATCH EPOCHS LR SEED RUNS [sgd | momentum MU NESTEROV(0|1) | adam B1 B2 EPS]
 *   DATA holds N·D float64 features (row-major) then N float64 labels, little-endian.
 * Prints one line per run: "run <ms for all epochs> loss <final loss> b <bias> w <w_1> … <w_D>".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t state;

static uint32_t next_uint32(void) {
  state += 0x6d2b79f5u;
  uint32_t t = state;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  enum { SGD, MOMENTUM, ADAM } opt = SGD;
  double p1 = 0, p2 = 0, p3 = 0;
  if (argc >= 10 && strcmp(argv[9], "momentum") == 0 && argc == 12) {
    opt = MOMENTUM;
    p1 = strtod(argv[10], NULL);
    p2 = strtod(argv[11], NULL);
  } else if (argc >= 10 && strcmp(argv[9], "adam") == 0 && argc == 13) {
    opt = ADAM;
    p1 = strtod(argv[10], NULL);
    p2 = strtod(argv[11], NULL);
    p3 = strtod(argv[12], NULL);
  } else if (!(argc == 9 || (argc == 10 && strcmp(argv[9], "sgd") == 0))) {
    fprintf(stderr, "usage: %s DATA N D BATCH EPOCHS LR SEED RUNS [sgd | momentum MU NESTEROV | adam B1 B2 EPS]\n", argv[0]);
    return 2;
  }
  const size_t n = strtoull(argv[2], NULL, 10);
  const size_t d = strtoull(argv[3], NULL, 10);
  size_t batch = strtoull(argv[4], NULL, 10);
  const int epochs = atoi(argv[5]);
  const double lr = strtod(argv[6], NULL);
  const uint32_t seed = (uint32_t)strtoul(argv[7], NULL, 10);
  const int runs = atoi(argv[8]);
  if (batch < 1) batch = 1;
  if (batch > n) batch = n;

  double *x = malloc(n * d * sizeof(double));
  double *y = malloc(n * sizeof(double));
  uint32_t *order = malloc(n * sizeof(uint32_t));
  double *w = malloc(d * sizeof(double));
  double *grad_w = malloc(d * sizeof(double));
  /* The optimizer's state per parameter, the bias last: momentum's buf, Adam's m and v. */
  double *s1 = calloc(d + 1, sizeof(double));
  double *s2 = calloc(d + 1, sizeof(double));
  FILE *f = fopen(argv[1], "rb");
  if (!x || !y || !order || !w || !grad_w || !s1 || !s2 || !f) {
    fprintf(stderr, "cannot allocate or open %s\n", argv[1]);
    return 1;
  }
  if (fread(x, sizeof(double), n * d, f) != n * d || fread(y, sizeof(double), n, f) != n) {
    fprintf(stderr, "short read from %s\n", argv[1]);
    return 1;
  }
  fclose(f);

  for (int run = 0; run < runs; run++) {
    const double start = now_ms();
    state = seed;
    for (size_t i = 0; i < n; i++) order[i] = (uint32_t)i;
    for (size_t j = 0; j < d; j++) w[j] = 0;
    double b = 0;
    double loss = 0;
    long t = 0;
    for (size_t j = 0; j <= d; j++) s1[j] = s2[j] = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      if (batch < n) {
        for (size_t i = n - 1; i > 0; i--) {
          const size_t j = (size_t)floor(((double)next_uint32() * (double)(i + 1)) / 4294967296.0);
          const uint32_t t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      for (size_t s = 0; s < n; s += batch) {
        const size_t count = s + batch <= n ? batch : n - s;
        for (size_t j = 0; j < d; j++) grad_w[j] = 0;
        double grad_b = 0;
        for (size_t k = s; k < s + count; k++) {
          const double *row = x + (size_t)order[k] * d;
          double p = b;
          for (size_t j = 0; j < d; j++) p += w[j] * row[j];
          const double err = p - y[order[k]];
          for (size_t j = 0; j < d; j++) grad_w[j] = grad_w[j] + err * row[j];
          grad_b += err;
        }
        if (opt == SGD) {
          const double step = (lr * 2) / (double)count;
          for (size_t j = 0; j < d; j++) w[j] = w[j] - step * grad_w[j];
          b -= step * grad_b;
        } else if (opt == MOMENTUM) {
          const double scale = 2.0 / (double)count;
          for (size_t j = 0; j <= d; j++) {
            const double g = scale * (j < d ? grad_w[j] : grad_b);
            const double buf = t == 0 ? g : p1 * s1[j] + g;
            s1[j] = buf;
            const double dir = p2 != 0 ? g + p1 * buf : buf;
            if (j < d) w[j] = w[j] - lr * dir;
            else b = b - lr * dir;
          }
          t++;
        } else {
          t++;
          const double scale = 2.0 / (double)count;
          const double bc1 = 1 - pow(p1, (double)t);
          const double bc2 = 1 - pow(p2, (double)t);
          const double step_size = lr / bc1;
          const double bc2_sqrt = sqrt(bc2);
          for (size_t j = 0; j <= d; j++) {
            const double g = scale * (j < d ? grad_w[j] : grad_b);
            const double m = s1[j] * p1 + g * (1 - p1);
            const double v = s2[j] * p2 + ((1 - p2) * g) * g;
            s1[j] = m;
            s2[j] = v;
            const double denom = sqrt(v) / bc2_sqrt + p3;
            if (j < d) w[j] = w[j] - (step_size * m) / denom;
            else b = b - (step_size * m) / denom;
          }
        }
      }
      double sum = 0;
      for (size_t i = 0; i < n; i++) {
        double p = b;
        for (size_t j = 0; j < d; j++) p += w[j] * x[i * d + j];
        const double err = p - y[i];
        sum += err * err;
      }
      loss = sum / (double)n;
    }
    printf("run %.3f loss %.17g b %.17g w", now_ms() - start, loss, b);
    for (size_t j = 0; j < d; j++) printf(" %.17g", w[j]);
    printf("\n");
    fflush(stdout);
  }
  return 0;
}
