/*
 * firstmb: where two decoded pictures (planar I420, cropped, no padding, as h264harness --raw writes them) first
 * differ. Prints "PLANE ROW COLUMN": the first plane that differs (Y, then U, then V) and, in it, the first
 * differing macroblock in raster order (16x16 luma, 8x8 chroma), as the pipeline's report names it.
 * Exit 0 with the line printed; 1 when the pictures are equal; 2 for a usage or I/O error.
 * Build: cc -O2 -o firstmb firstmb.c      Usage: firstmb WIDTH HEIGHT EXPECTED.yuv ACTUAL.yuv
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned char* read_picture(const char* path, size_t size) {
  FILE* f = fopen(path, "rb");
  unsigned char* data = malloc(size);
  if (!f || !data || fread(data, 1, size, f) != size) { fprintf(stderr, "firstmb: cannot read a picture from %s\n", path); exit(2); }
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  if (argc != 5) { fprintf(stderr, "usage: firstmb WIDTH HEIGHT EXPECTED.yuv ACTUAL.yuv\n"); return 2; }
  int width = atoi(argv[1]), height = atoi(argv[2]);
  if (width <= 0 || height <= 0) { fprintf(stderr, "firstmb: bad size %sx%s\n", argv[1], argv[2]); return 2; }
  int cw = (width + 1) / 2, ch = (height + 1) / 2;
  size_t size = (size_t)width * height + 2 * (size_t)cw * ch;
  unsigned char* e = read_picture(argv[3], size);
  unsigned char* a = read_picture(argv[4], size);
  const char* names[3] = {"Y", "U", "V"};
  size_t offset = 0;
  for (int p = 0; p < 3; p++) {
    int w = p == 0 ? width : cw, h = p == 0 ? height : ch, mb = p == 0 ? 16 : 8;
    int columns = (w + mb - 1) / mb, best = -1;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        if (e[offset + (size_t)y * w + x] != a[offset + (size_t)y * w + x]) {
          int index = (y / mb) * columns + x / mb;
          if (best < 0 || index < best) best = index;
        }
    if (best >= 0) { printf("%s %d %d\n", names[p], best / columns, best % columns); return 0; }
    offset += (size_t)w * h;
  }
  return 1;
}
