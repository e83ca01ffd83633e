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
 * usage: reference DATA N D BATCH EPOCHS LR SEED RUNS
 *   DATA holds N·D float64 features (row-major) then N float64 labels, little-endian.
 * Prints one line per run: "run <ms for all epochs> loss <final loss> b <bias> w <w_1> … <w_D>".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
  if (argc != 9) {
    fprintf(stderr, "usage: %s DATA N D BATCH EPOCHS LR SEED RUNS\n", argv[0]);
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
  FILE *f = fopen(argv[1], "rb");
  if (!x || !y || !order || !w || !grad_w || !f) {
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
        const double step = (lr * 2) / (double)count;
        for (size_t j = 0; j < d; j++) w[j] = w[j] - step * grad_w[j];
        b -= step * grad_b;
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
